// HTTP for the budgets implementation pages. Thin: parse → authorize → call the service → render.
//
//   GET  /kov/:kov/budgets/:id/funded                       the map of funded ideas, totals, the list
//   GET  /kov/:kov/budgets/:id/impl-photos/:photo           a photo of an implementation update
//   GET  /kov/:kov/budgets/:id/ideas/:n/implementation      officials: the update form
//   POST /kov/:kov/budgets/:id/ideas/:n/implementation      officials: post an update (multipart: up to
//                                                           6 photos; CSRF; audited)
// The idea page (routes.ts) shows the implementation section (views/implementation.tsx).
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requirePersonFor } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, formErrors } from '../../kernel/errors.js';
import { budgetsImplementationApiRoutes } from './api-implementation.js';
import { formValues, intOrNull } from './form.js';
import type { UpdateInput } from './implementation.js';
import { MAX_UPDATE_PHOTOS, fundedIdeas, implPhoto, postUpdate, updateTarget, validateUpdate } from './implementation.js';
import { BUDGETS_IMPLEMENT } from './permissions.js';
import type { IdeaPhoto } from './service.js';
import { getProcess } from './service.js';
import { processUploads, readUpload, uploadLimits, type Upload } from './upload.js';
import { FundedPage, UpdateFormPage } from './views/implementation.js';

type P = { kov: string; id: string };
type PN = { kov: string; id: string; n: string };

const LIMITS = uploadLimits(MAX_UPDATE_PHOTOS);
const UPDATE_RATE = { max: 120, timeWindow: 10 * 60_000 };
const NOT_FUNDED: FieldError = { field: 'idea', reason: 'budgets.impl.error.notFunded' };
export const UPDATE_FIELDS = ['status', 'spent', 'text'] as const;

export function updateInputFromForm(v: Record<string, string>): UpdateInput {
  return { status: v.status ?? '', spent: intOrNull(v.spent) ?? Number.NaN, text: v.text ?? '' };
}

/** Whether the signed-in person (never an API key) may post updates in the KOV: what the pages offer. */
export const canUpdate = (req: FastifyRequest, kov: string) => !req.apiKey && may(req.user, kov, BUDGETS_IMPLEMENT);

export async function budgetsImplementationRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const map = { tileUrl: app.config.reportsMap.tileUrl, attribution: app.config.reportsMap.tileAttribution };
  await budgetsImplementationApiRoutes(app);

  app.get('/kov/:kov/budgets/:id/funded', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const { process, items, totals } = await fundedIdeas(db, kov, id);
    const ctx = await req.pageCtx({ csrf: false });
    return reply.page(FundedPage({ ctx, kov, process, items, totals, map, canUpdate: canUpdate(req, kov) }));
  });

  app.get('/kov/:kov/budgets/:id/impl-photos/:photo', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, photo } = req.params as P & { photo: string };
    const p = await implPhoto(db, kov, id, photo);
    reply.header('cache-control', 'public, max-age=3600');
    return reply.type(p.mime).send(p.bytes);
  });

  async function formPage(req: FastifyRequest, reply: FastifyReply, kov: string, id: string, n: string, values: Record<string, string>, errors?: FieldError[], status = 200) {
    const process = await getProcess(db, kov, id);
    const { idea, impl } = await updateTarget(db, kov, id, n);
    const ctx = await req.pageCtx();
    return reply.page(UpdateFormPage({ ctx, kov, process, idea, impl, values, errors }), status);
  }

  app.get('/kov/:kov/budgets/:id/ideas/:n/implementation', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, n } = req.params as PN;
    requirePersonFor(req, kov, BUDGETS_IMPLEMENT);
    return formPage(req, reply, kov, id, n, {});
  });

  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { limits: LIMITS });
    upload.post(
      '/kov/:kov/budgets/:id/ideas/:n/implementation',
      {
        schema: { hide: true },
        config: { csrf: false, rateLimit: UPDATE_RATE, personRateLimit: UPDATE_RATE },
        preValidation: async (req) => {
          // only an official of the KOV may post: nothing is read for anyone else
          const { kov } = req.params as PN;
          requirePersonFor(req, kov, BUDGETS_IMPLEMENT);
          if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'photos', reason: 'reports.error.upload' }]);
          const u = await readUpload(req, LIMITS, 'budgets.impl.error.photos');
          (req as FastifyRequest & { upload?: Upload }).upload = u;
          req.body = u.fields;
        },
        preHandler: (req, reply, done) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const { kov, id, n } = req.params as PN;
        const actor = requirePersonFor(req, kov, BUDGETS_IMPLEMENT);
        const { fields, files } = (req as FastifyRequest & { upload?: Upload }).upload ?? { fields: {}, files: [] };
        const values = formValues(fields, UPDATE_FIELDS);
        // an idea that is not funded: refused before its fields are looked at (the service checks again in its transaction)
        const { impl } = await updateTarget(db, kov, id, n);
        if (!impl || impl.status === 'cancelled') return formPage(req, reply, kov, id, n, values, [NOT_FUNDED], 409);
        const input = updateInputFromForm(values);
        const errors = validateUpdate(input, files.length);
        let photos: IdeaPhoto[] = [];
        if (!errors.length) {
          const processed = await processUploads(files);
          photos = processed.photos;
          errors.push(...processed.errors);
        }
        if (errors.length) return formPage(req, reply, kov, id, n, values, errors, 400);
        try {
          await postUpdate(db, kov, id, n, input, photos, actor);
        } catch (e) {
          const bad = formErrors(e);
          if (bad && (bad.status === 400 || bad.status === 409)) return formPage(req, reply, kov, id, n, values, bad.fields, bad.status);
          throw e;
        }
        reply.flash({ kind: 'success', key: 'budgets.impl.flash.posted', vars: { number: n } });
        return reply.redirect(`/kov/${kov}/budgets/${id}/ideas/${n}#implementation`, 303);
      },
    );
  });
}
