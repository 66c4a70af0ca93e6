// HTTP for the residents module: the officials' page /kov/:kov/admin/residents and the JSON API
// under /api/v1/kov/:kov/residents. Thin: parse → authorize → call the service → present.
//
// Who: the KOV's residents managers and KOV admins (platform admins pass everywhere); API keys of
// the KOV with scope `read` (status, counts) or `write` (file and X-tee imports). The page's X-tee
// fetch (RR417) is for signed-in officials only, like the page's upload.
import type { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAction, requirePersonFor } from '../../kernel/auth.js';
import { RESIDENTS_IMPORT, RESIDENTS_MANAGER, RESIDENTS_READ } from './permissions.js';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, badRequest, isHttpError, notFound } from '../../kernel/errors.js';
import { fmtDate } from '../../kernel/i18n.js';
import type { ImportResult } from './import.js';
import { RegisterImportError, importRegister, problemReason, sourceOf } from './import.js';
import type { BatchRow } from './repo.js';
import type { BatchOut } from './schema.js';
import { Counts, FetchParams, ImportQuery, RegisterImportQuery, ImportResultSchema, KovParams, ListImported, ListParams, Rules, Status, XteeFetch, XteeImportBody } from './schema.js';
import type { FetchStatus } from './fetch.js';
import { fetchStatus, latestFetchStatus, startXteeFetch } from './fetch.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import type { EligibilityRules, EligibleCount } from './service.js';
import { countEligible, importExtraList, registerStatus } from './service.js';
import type { PreviewValues, UploadForm, XteeForm } from './views/residents.js';
import { ResidentsPage } from './views/residents.js';
import { xteeSetting } from './xtee.js';
import { today } from '../../kernel/clock.js';

export { RESIDENTS_MANAGER };

function batchOut(b: BatchRow | null): BatchOut | null {
  if (!b) return null;
  return {
    id: b.id,
    status: b.status,
    source: b.source,
    fileName: b.fileName,
    ehakVersion: b.ehakVersion,
    acceptGoodRows: b.acceptGoodRows,
    startedAt: b.startedAt.toISOString(),
    finishedAt: b.finishedAt ? b.finishedAt.toISOString() : null,
    rowsRead: b.rowsRead,
    rowsImported: b.rowsImported,
    rowsBad: b.rowsBad,
    importedBy: b.actorName,
    problems: b.problems.map((p) => ({ line: p.line, field: p.field, code: p.code, message: p.message })),
  };
}

const many = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);
const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');

const errors = commonErrors;

const fetchUrl = (kov: string, id: string) => `/api/v1/kov/${kov}/residents/xtee-import/${id}`;

function fetchOut(s: FetchStatus) {
  return {
    id: s.id,
    state: s.state,
    on: s.on,
    acceptGoodRows: s.acceptGoodRows,
    people: s.people,
    bad: s.bad,
    bytes: s.bytes,
    notLiving: s.notLiving,
    rowsImported: s.rowsImported,
    batchId: s.batchId,
    message: s.message,
    startedAt: s.startedAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    finishedAt: s.finishedAt ? s.finishedAt.toISOString() : null,
    startedBy: s.actorName,
    statusUrl: fetchUrl(s.kov, s.id),
  };
}

/** 422 for an import (register or list) its bad rows rejected: every bad row as a field error, its reason in the reader's language. */
function rejected(problems: readonly { line: number; field?: string | null; code?: string; message: string; vars?: Record<string, string | number> }[], type = 'register-rejected'): HttpError {
  return new HttpError(
    422,
    type,
    'residents.error.rejectedTitle',
    problems.map((p) => {
      const r = p.code ? problemReason({ code: p.code, message: p.message, vars: p.vars }) : { key: p.message };
      return { field: `line ${p.line}${p.field ? `: ${p.field}` : ''}`, reason: r.key, ...(r.vars ? { vars: r.vars } : {}) };
    }),
    'residents.error.rejected',
  );
}

/** The import's setup errors (no EHAK, a KOV not in it, no such file) as a field error in three languages. */
function setupError(e: RegisterImportError, field: string): FieldError {
  return { field, reason: e.code === 'no-ehak' ? 'residents.error.noEhak' : e.code === 'unknown-kov' ? 'residents.error.unknownKov' : 'residents.error.notFound' };
}

/** An import that would empty or shrink the register and was not confirmed: the field error saying so, with the counts. */
function shrinkError(res: ImportResult, field: string): FieldError {
  const s = res.shrink ?? { current: 0, incoming: 0 };
  if (s.incoming === 0) return { field, reason: 'residents.error.noRows', vars: { current: s.current } };
  const pct = s.current > 0 ? Math.round(((s.current - s.incoming) / s.current) * 100) : 0;
  return { field, reason: 'residents.error.shrink', vars: { incoming: s.incoming, current: s.current, pct: `${pct} %` } };
}

/** The page upload's limits: one file of up to 100 MB and a few small fields. */
const UPLOAD_LIMITS = { fileSize: 100 * 1024 * 1024, files: 1, fields: 5, fieldSize: 4096, parts: 8 };

/**
 * Reads the page's multipart upload (fields and the one file, held in memory). A body that is not
 * well-formed multipart answers 400, one over the limits 413 — never a server error.
 */
async function readUpload(req: FastifyRequest): Promise<{ fields: Record<string, string>; file: Buffer | null }> {
  const fields: Record<string, string> = {};
  let file: Buffer | null = null;
  try {
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        if (part.fieldname === 'file' && (buf.length > 0 || part.filename)) file = buf;
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw new HttpError(413, 'too-large', 'error.tooLarge.title');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (isHttpError(e)) throw e;
    const err = e as { statusCode?: number; code?: string };
    if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT' || err.code === 'FST_FIELDS_LIMIT' || err.code === 'FST_PARTS_LIMIT') {
      throw new HttpError(413, 'too-large', 'error.tooLarge.title', [{ field: 'file', reason: 'residents.error.fileTooLarge' }]);
    }
    throw new HttpError(400, 'bad-multipart', 'error.validation.title', [{ field: 'file', reason: 'residents.error.badUpload' }]);
  }
  return { fields, file };
}
const api = { tags: ['residents'], security: [{ apiKey: [] }] };

export async function residentsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const hmacKey = app.config.idcodeHmacKey;

  // A register extract is sent as text/csv and streamed into the importer (never buffered whole).
  app.addContentTypeParser(['text/csv', 'text/plain'], { bodyLimit: 1024 * 1024 * 1024 }, (_req, payload, done) => done(null, payload));

  // The page's upload form: multipart, accepted by this one route only (a scope of its own), and
  // read only for a signed-in official who may import: the permission is checked before the body
  // is parsed (preParsing), the body is read by readUpload (garbage → 400/413, never 500), and the
  // CSRF token once the form's fields are in. The file is held in memory, so the page takes files up
  // to 100 MB; larger extracts go through the API or the CLI (streamed).
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
    upload.post(
      '/kov/:kov/admin/residents/import',
      {
        config: { csrf: false },
        preParsing: async (req, _reply, payload) => {
          requirePersonFor(req, (req.params as { kov: string }).kov, RESIDENTS_IMPORT);
          return payload;
        },
        preValidation: async (req) => {
          if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'file', reason: 'residents.error.badUpload' }]);
          const { fields, file } = await readUpload(req);
          (req as FastifyRequest & { upload?: Buffer | null }).upload = file;
          req.body = fields;
        },
        preHandler: (req, reply, done) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const kov = (req.params as { kov: string }).kov;
        const actor = requirePersonFor(req, kov, RESIDENTS_IMPORT);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const file = (req as FastifyRequest & { upload?: Buffer | null }).upload ?? null;
        const acceptGoodRows = one(body.acceptGoodRows) !== '';
        const form: UploadForm = { acceptGoodRows, errors: [] };
        if (!file || file.length === 0) return showPage(req, reply, kov, {}, undefined, { ...form, errors: [{ field: 'file', reason: 'residents.error.fileMissing' }] });
        try {
          const res = await importRegister(db, hmacKey, sourceOf(file), {
            kov,
            actor,
            acceptGoodRows,
            fileName: 'page upload',
            shrinkGuard: { percent: app.config.residents.shrinkConfirmPercent, confirmed: one(body.confirmShrink) !== '' },
          });
          if (res.status === 'unconfirmed') return showPage(req, reply, kov, {}, undefined, { ...form, confirm: true, errors: [shrinkError(res, 'confirmShrink')] });
          const notCsv = res.problems.find((p) => p.code === 'not-csv');
          if (notCsv) {
            const r = problemReason(notCsv);
            return showPage(req, reply, kov, {}, undefined, { ...form, errors: [{ field: 'file', reason: r.key, vars: r.vars }] });
          }
          reply.flash(
            res.ok
              ? { kind: 'success', key: 'residents.upload.done', vars: { n: res.rowsImported, bad: res.rowsBad } }
              : { kind: 'error', key: 'residents.upload.rejected', vars: { bad: res.rowsBad } },
          );
          return reply.redirect(`/kov/${kov}/admin/residents`, 303);
        } catch (e) {
          if (e instanceof RegisterImportError) return showPage(req, reply, kov, {}, undefined, { ...form, errors: [setupError(e, 'file')] });
          throw e;
        }
      },
    );
  });

  // ---------- page ----------
  /** The register page; `xtee` carries the X-tee form's values and errors when it is shown again. */
  async function showPage(req: FastifyRequest, reply: FastifyReply, kov: string, q: Record<string, unknown>, xtee?: { date: string; errors: FieldError[] }, upload?: UploadForm) {
    const values: PreviewValues = {
      units: many(q.units),
      minAge: one(q.minAge),
      on: one(q.on),
      residentSince: one(q.residentSince),
      extraLists: many(q.extraLists),
    };
    const [status, ctx] = await Promise.all([registerStatus(db, kov), req.pageCtx()]);
    let result: EligibleCount | null = null;
    let fieldErrors: FieldError[] | undefined;
    if (one(q.count)) {
      const rules: EligibilityRules = { units: values.units, extraLists: values.extraLists };
      if (values.minAge) {
        const n = Number(values.minAge);
        rules.minAge = /^\d+$/.test(values.minAge) ? n : -1;
      }
      if (values.on) rules.on = values.on;
      if (values.residentSince) rules.residentSince = values.residentSince;
      try {
        result = await countEligible(db, kov, rules);
      } catch (e) {
        if (isHttpError(e) && e.status === 400) fieldErrors = e.fields;
        else throw e;
      }
    }
    const setting = xteeSetting();
    const form: XteeForm = {
      state: setting.state,
      problem: setting.state === 'invalid' ? setting.message : null,
      date: xtee?.date ?? today(),
      errors: xtee?.errors,
      fetch: await latestFetchStatus(db, kov, setting.state === 'on' ? setting.cfg : null),
    };
    const bad = !!fieldErrors || !!xtee?.errors.length || !!upload?.errors.length;
    const status409 = upload?.confirm ? 409 : null;
    return reply.page(ResidentsPage({ ctx, kov, status, values, result, errors: fieldErrors, xtee: form, upload }), status409 ?? (bad ? 400 : 200));
  }

  r.get('/kov/:kov/admin/residents', async (req, reply) => {
    const kov = (req.params as { kov: string }).kov;
    requirePersonFor(req, kov, RESIDENTS_READ);
    return showPage(req, reply, kov, (req.query ?? {}) as Record<string, unknown>);
  });

  // The page's "fetch from the population register" form: starts an RR417 fetch in the background
  // (fetch.ts: a job on the kernel's queue) and comes back to the page, which shows its progress and
  // then its outcome.
  r.post('/kov/:kov/admin/residents/xtee-import', async (req, reply) => {
    const kov = (req.params as { kov: string }).kov;
    const actor = requirePersonFor(req, kov, RESIDENTS_IMPORT);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const setting = xteeSetting();
    const back = `/kov/${kov}/admin/residents#xtee`;
    if (setting.state !== 'on') {
      reply.flash({ kind: 'error', key: setting.state === 'off' ? 'residents.xtee.off' : 'residents.xtee.invalid', vars: { message: setting.state === 'invalid' ? setting.message : '' } });
      return reply.redirect(back, 303);
    }
    const date = one(body.date) || today();
    try {
      await startXteeFetch(db, app.jobs, setting.cfg, { kov, on: date, actor, acceptGoodRows: one(body.acceptGoodRows) !== '' });
      reply.flash({ kind: 'success', key: 'residents.xtee.started', vars: { on: fmtDate(date) } });
    } catch (e) {
      if (isHttpError(e) && e.status === 400) return showPage(req, reply, kov, {}, { date, errors: e.fields });
      if (isHttpError(e) && e.status === 409) reply.flash({ kind: 'error', key: 'residents.xtee.running' });
      else throw e;
    }
    return reply.redirect(back, 303);
  });

  // ---------- JSON API ----------
  r.get(
    '/api/v1/kov/:kov/residents/status',
    {
      schema: {
        ...api,
        summary: 'Status of the KOV’s residents register',
        description: 'The current import (when, rows, by whom, bad rows kept), the latest import if it failed or is loading, and the extra lists.',
        params: KovParams,
        response: { 200: Status, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAction(req, kov, RESIDENTS_READ);
      const s = await registerStatus(db, kov);
      return {
        current: batchOut(s.current),
        latest: batchOut(s.latest),
        lists: s.lists.map((l) => ({ name: l.name, members: l.members, importedAt: new Date(l.importedAt).toISOString() })),
      };
    },
  );

  r.post(
    '/api/v1/kov/:kov/residents/eligibility-count',
    {
      schema: {
        ...api,
        summary: 'Count the people eligible under the rules',
        description: 'Counts from the current register (plus extra lists), in total and by settlement unit. Changes nothing.',
        params: KovParams,
        body: Rules,
        response: { 200: Counts, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAction(req, kov, RESIDENTS_READ);
      return countEligible(db, kov, (req.body ?? {}) as EligibilityRules);
    },
  );

  r.post(
    '/api/v1/kov/:kov/residents/import',
    {
      bodyLimit: 1024 * 1024 * 1024,
      schema: {
        ...api,
        summary: 'Import a population-register extract (text/csv)',
        description:
          'Body: CSV with the header isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates. A full import replaces the ' +
          'KOV’s register atomically. With acceptGoodRows=false (default) any bad row rejects the file (422, every bad line listed); ' +
          'with true the good rows are imported and the report is kept. A file that is not CSV (an image, a ZIP or Excel file, a PDF) is named as such (422). ' +
          'A file with no rows, or one that would leave the register more than RESIDENTS_SHRINK_CONFIRM_PERCENT (default 20) % smaller, is refused with 409 ' +
          'and the counts unless confirmShrink=true.',
        params: KovParams,
        querystring: RegisterImportQuery,
        response: { 201: ImportResultSchema, ...errors, 409: problem('The import would empty the register or shrink it by more than the configured share: send confirmShrink=true if this is the right file'), 415: problem('The body is not text/csv'), 422: problem('The file has bad rows; each is listed with its line number') },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAction(req, kov, RESIDENTS_IMPORT);
      const body = req.body as unknown;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'body', reason: 'residents.error.csvBody' }]);
      }
      try {
        const res = await importRegister(db, hmacKey, body as Readable, {
          kov,
          actor,
          acceptGoodRows: req.query.acceptGoodRows === 'true',
          fileName: req.query.fileName ?? null,
          shrinkGuard: { percent: app.config.residents.shrinkConfirmPercent, confirmed: req.query.confirmShrink === 'true' },
        });
        if (res.status === 'unconfirmed') throw new HttpError(409, 'register-shrink', 'error.conflict.title', [shrinkError(res, 'confirmShrink')]);
        if (!res.ok) throw rejected(res.problems);
        return reply.code(201).send({
          status: res.status,
          batchId: res.batchId,
          rowsRead: res.rowsRead,
          rowsImported: res.rowsImported,
          rowsBad: res.rowsBad,
          problems: res.problems,
        });
      } catch (e) {
        if (e instanceof RegisterImportError) throw badRequest([setupError(e, 'kov')]);
        throw e;
      }
    },
  );

  r.post(
    '/api/v1/kov/:kov/residents/xtee-import',
    {
      schema: {
        ...api,
        summary: 'Start fetching the KOV’s residents from the population register over X-tee (RR417)',
        description:
          'Starts a background fetch and answers 202 with its status at once (Location: the status URL). The answer is imported ' +
          'exactly as a file: the same checks, the same atomic replace (the previous register serves until the new one is complete) ' +
          'and audit entry; people not living on the date are left out. Poll GET …/xtee-import/{id} for progress and the outcome: ' +
          'imported, rejected (bad rows, unless acceptGoodRows; the report is in …/residents/status), failed (message says why) or ' +
          'interrupted. 409 while the KOV has a fetch running; 503 when X-tee is not configured on this server.',
        params: KovParams,
        body: XteeImportBody,
        response: { 202: XteeFetch, ...errors, 409: problem('The KOV already has a fetch running'), 503: problem('X-tee is not configured on this server') },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAction(req, kov, RESIDENTS_IMPORT);
      const setting = xteeSetting();
      if (setting.state !== 'on') {
        throw new HttpError(503, 'xtee-unavailable', 'residents.xtee.unavailableTitle', [
          setting.state === 'off' ? { field: 'xtee', reason: 'residents.xtee.off' } : { field: 'xtee', reason: 'residents.xtee.invalid', vars: { message: setting.message } },
        ]);
      }
      const { id, status } = await startXteeFetch(db, app.jobs, setting.cfg, {
        kov,
        on: req.body.date ?? today(),
        actor,
        acceptGoodRows: req.body.acceptGoodRows === true,
      });
      return reply.code(202).header('location', fetchUrl(kov, id)).send(fetchOut(status));
    },
  );

  r.get(
    '/api/v1/kov/:kov/residents/xtee-import/:id',
    {
      schema: {
        ...api,
        summary: 'Progress and outcome of an X-tee fetch',
        description: 'state: running, imported, rejected, failed or interrupted; people and bytes grow while it runs.',
        params: FetchParams,
        response: { 200: XteeFetch, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAction(req, kov, RESIDENTS_READ);
      const setting = xteeSetting();
      const s = await fetchStatus(db, kov, req.params.id, setting.state === 'on' ? setting.cfg : null);
      if (!s) throw notFound();
      return fetchOut(s);
    },
  );

  r.post(
    '/api/v1/kov/:kov/residents/lists/:name',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        ...api,
        summary: 'Import a named extra list (text/csv: one ID code a line)',
        description:
          'Members of extra lists (students, property owners …) are eligible by the age rule alone when a rule names the list. ' +
          'A list of the same name is replaced. Bad codes reject the file (422, lines listed) unless acceptGoodRows=true.',
        params: ListParams,
        querystring: ImportQuery,
        response: { 201: ListImported, ...errors, 415: problem('The body is not text/csv'), 422: problem('The file has bad rows; each is listed with its line number') },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAction(req, kov, RESIDENTS_IMPORT);
      const body = req.body as unknown;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'body', reason: 'residents.error.csvBody' }]);
      }
      const chunks: Buffer[] = [];
      for await (const c of body as Readable) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      const res = await importExtraList(db, hmacKey, {
        kov,
        name: req.params.name,
        text: Buffer.concat(chunks).toString('utf8'),
        acceptGoodRows: req.query.acceptGoodRows === 'true',
        actor,
      });
      if (!res.ok) throw rejected(res.problems, 'list-rejected');
      return reply.code(201).send({ name: req.params.name.trim(), members: res.members, problems: res.problems });
    },
  );
}
