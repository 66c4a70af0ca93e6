// The council's record pages (and, from api-record.ts and oparl.ts, its JSON API and OParl API).
// Thin: parse → authorize → service → present.
//
//   /kov/:kov/council/archive (?q, ?page), a sitting's record, its signed minutes' PDF,
//   a member's voting record                                                    everyone
//   /kov/:kov/council/admin/minutes (closed sittings and their minutes' state),
//   /kov/:kov/council/admin/sittings/:id/minutes (+ .pdf preview), save          the secretary or a KOV admin (a person)
//   /kov/:kov/council/sittings/:id/minutes/sign                                  the chair of the sitting's body, as herself
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { forbidden, formErrors, notFound } from '../../kernel/errors.js';
import { isLocale, type Locale } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import { recordApiRoutes } from './api-record.js';
import { archiveList, archiveMembers, archiveSitting, memberRecord } from './archive.js';
import { isChairOf, minutesPdf, minutesView, publishedMinutes, saveMinutesText, signMinutesAsChair } from './minutes.js';
import { oparlRoutes } from './oparl.js';
import { COUNCIL_MINUTES } from './permissions.js';
import { ArchivePage, ArchiveSittingPage, MemberRecordPage, MinutesAdminPage, MinutesEditPage, MinutesSignPage } from './views/record-pages.js';
import { isId } from '../../kernel/ids.js';

type Params = { kov: string; id: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;
const queryOf = (req: FastifyRequest) => (req.query ?? {}) as Record<string, unknown>;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const str = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

/** The id of a path, or 404 (a malformed id names nothing). */
export function idOf(req: FastifyRequest): string {
  const id = paramsOf(req).id;
  if (!isId(id)) throw notFound();
  return id;
}

/** The minutes' PDF's locale: ?lang= if given, else the page's. */
const pdfLocale = (req: FastifyRequest): Locale => {
  const l = queryOf(req).lang;
  return isLocale(l) ? l : req.locale;
};

export async function recordRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const publicUrl = app.config.publicUrl;
  await recordApiRoutes(app);
  await oparlRoutes(app);

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }

  app.get('/kov/:kov/council/archive', async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const q = queryOf(req);
    const [list, members, ctx] = await Promise.all([archiveList(db, kov.code, str(q, 'q'), Number(str(q, 'page') || '1')), archiveMembers(db, kov.code), req.pageCtx()]);
    return reply.page(ArchivePage({ ctx, kov, list, members }));
  });

  app.get('/kov/:kov/council/archive/sittings/:id', async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const id = idOf(req);
    const view = await archiveSitting(db, kov.code, id);
    const ctx = await req.pageCtx();
    const person = !!req.user && !req.apiKey;
    const canSign = person && !view.minutes && (await isChairOf(db, kov.code, id, req.user!.idcodeHash));
    return reply.page(ArchiveSittingPage({ ctx, kov, view, canEdit: person && may(req.user, kov.code, COUNCIL_MINUTES), canSign }));
  });

  app.get('/kov/:kov/council/archive/sittings/:id/minutes.pdf', async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const id = idOf(req);
    const p = await publishedMinutes(db, kov.code, id);
    if (!p) throw notFound();
    const url = `${publicUrl}/kov/${kov.code}/council/archive/sittings/${id}`;
    const pdf = await minutesPdf(p.record, { text: p.minutes.text, signedAt: p.minutes.signed_at, signedBy: p.minutes.signed_by, url }, pdfLocale(req));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="minutes-${kov.code}-${p.record.number}.pdf"`).send(pdf);
  });

  app.get('/kov/:kov/council/archive/members/:id', async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const rec = await memberRecord(db, kov.code, idOf(req));
    return reply.page(MemberRecordPage({ ctx: await req.pageCtx(), kov, rec }));
  });

  // ---------- the secretary's list and editor ----------

  app.get('/kov/:kov/council/admin/minutes', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    requirePersonFor(req, code, COUNCIL_MINUTES);
    const kov = await kovOf(code);
    const list = await archiveList(db, code, '', Number(str(queryOf(req), 'page') || '1'));
    return reply.page(MinutesAdminPage({ ctx: await req.pageCtx(), kov, list }));
  });

  app.get('/kov/:kov/council/admin/sittings/:id/minutes', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    requirePersonFor(req, code, COUNCIL_MINUTES);
    const kov = await kovOf(code);
    const view = await minutesView(db, code, idOf(req));
    return reply.page(MinutesEditPage({ ctx: await req.pageCtx(), kov, view, text: view.text, base: view.versions[0]?.version ?? 0 }));
  });

  app.post('/kov/:kov/council/admin/sittings/:id/minutes', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    const actor = requirePersonFor(req, code, COUNCIL_MINUTES);
    const kov = await kovOf(code);
    const id = idOf(req);
    const text = str(bodyOf(req), 'text');
    const base = /^\d{1,9}$/.test(str(bodyOf(req), 'base')) ? Number(str(bodyOf(req), 'base')) : undefined;
    try {
      await saveMinutesText(db, code, id, text, actor, base);
      reply.flash({ kind: 'success', key: 'council.rec.flash.saved' });
      return reply.redirect(`/kov/${code}/council/admin/sittings/${id}/minutes`, 303);
    } catch (e) {
      const bad = formErrors(e, 'text');
      if (!bad) throw e;
      const view = await minutesView(db, code, id);
      return reply.page(MinutesEditPage({ ctx: await req.pageCtx(), kov, view, text, base: view.versions[0]?.version ?? 0, errors: bad.fields }), bad.status);
    }
  });

  app.get('/kov/:kov/council/admin/sittings/:id/minutes.pdf', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    requirePersonFor(req, code, COUNCIL_MINUTES);
    const kov = await kovOf(code);
    const id = idOf(req);
    const view = await minutesView(db, code, id);
    const url = `${publicUrl}/kov/${kov.code}/council/archive/sittings/${id}`;
    const pdf = await minutesPdf(view.record, { text: view.text, signedAt: view.saved?.signed_at ?? null, signedBy: view.saved?.signed_by ?? null, url }, pdfLocale(req));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="minutes-${kov.code}-${view.record.number}-draft.pdf"`).send(pdf);
  });

  // ---------- the chair's sign-off ----------

  async function requireChair(req: FastifyRequest, code: string, id: string) {
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    if (!(await isChairOf(db, code, id, user.idcodeHash))) throw forbidden('council.rec.error.notChair');
    return user;
  }

  app.get('/kov/:kov/council/sittings/:id/minutes/sign', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    const id = idOf(req);
    await requireChair(req, code, id);
    const kov = await kovOf(code);
    const view = await minutesView(db, code, id);
    return reply.page(MinutesSignPage({ ctx: await req.pageCtx(), kov, view }));
  });

  app.post('/kov/:kov/council/sittings/:id/minutes/sign', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    const id = idOf(req);
    const user = await requireChair(req, code, id);
    const kov = await kovOf(code);
    try {
      await signMinutesAsChair(db, code, id, user.idcodeHash, personActor(user));
      reply.flash({ kind: 'success', key: 'council.rec.flash.signed' });
      return reply.redirect(`/kov/${code}/council/archive/sittings/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'sign');
      if (!bad) throw e;
      const view = await minutesView(db, code, id);
      return reply.page(MinutesSignPage({ ctx: await req.pageCtx(), kov, view, errors: bad.fields }), bad.status);
    }
  });
}
