// HTTP for village elder elections: the pages and (api.ts) the JSON API. Thin: parse → authorize →
// call the service → present.
//
//   /elders, /kov/:kov/elders, an election's page                   everyone
//   nominate, consent (on the election's page)                     a signed-in person (rules: the election's); rate-limited
//   ballot (on the election's page)                                a signed-in person on the roll (the voting core checks)
//   /kov/:kov/elders/admin, new, confirm, close                    KOV admin (new, confirm: a person); the committee reads
//   an election's manage page; shares, certify (the count)         the committee (role or named on the election) or a KOV admin (person)
//   share pick-up (once)                                           the named member herself (person)
//   run-off start (a form, then a confirming summary)              KOV admin (person)
//   /elders for a signed-in person: the committees she sits on
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, forbidden, formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { eldersApiRoutes, requireCommitteeAct } from './api.js';
import { dateToTallinnLocal, now as clockNow, tallinnLocalToDate } from '../../kernel/clock.js';
import type { FormBody } from './form.js';
import { formField, parseElectionForm } from './form.js';
import { ELDERS_CERTIFY, ELDERS_CLOSE, ELDERS_CONFIRM, ELDERS_CREATE, ELDERS_READ, ELDERS_SHARE } from './permissions.js';
import { candidateCounts } from './present.js';
import type { Election } from './service.js';
import {
  castVote,
  certifyElection,
  closeElection,
  committeeOf,
  committeesOfPerson,
  decryptedOf,
  memberOf,
  pickUpShare,
  startRunoff,
  submitShare,
  confirmCandidates,
  consent,
  createElection,
  currentElders,
  currentEldersEverywhere,
  electionResults,
  eldersSecrets,
  getElection,
  listElections,
  nominate,
  openElectionsEverywhere,
  pendingFor,
  unitNamesOf,
} from './service.js';
import { AdminEldersPage, AllEldersPage, ElectionPage, KovEldersPage } from './views/pages.js';
import { NewElectionPage } from './views/new.js';
import type { PickupState } from './views/committee.js';
import { ManageElectionPage, MyElderCommittees, RunoffPage, SharePickupPage, shareFile } from './views/committee.js';

type Params = { kov: string; id: string; cid: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const str = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

export async function eldersRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const secrets = eldersSecrets(app.config);
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: '1 minute' };
  await eldersApiRoutes(app);

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }

  app.get('/elders', async (req, reply) => {
    const [elders, elections, committees, ctx] = await Promise.all([
      currentEldersEverywhere(db),
      openElectionsEverywhere(db),
      req.user && !req.apiKey ? committeesOfPerson(db, req.user.idcodeHash) : [],
      req.pageCtx(),
    ]);
    const kovs = [...new Set([...elders.map((e) => e.kov), ...elections.map((e) => e.kov)])];
    const names = new Map<string, string>();
    const units = new Map<string, Map<string, string>>();
    for (const k of kovs) {
      names.set(k, (await loadTenant(db, k))?.name ?? k);
      units.set(k, await unitNamesOf(db, k));
    }
    return reply.page(
      AllEldersPage({
        ctx,
        elders: elders.map((e) => ({ ...e, kovName: names.get(e.kov) })),
        elections: elections.map((e) => ({ ...e, kovName: names.get(e.kov) })),
        names: (k) => units.get(k) ?? new Map(),
        mine: committees.length ? MyElderCommittees({ ctx, items: committees }) : null,
      }),
    );
  });

  app.get('/kov/:kov/elders', async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const [elders, elections, names, ctx] = await Promise.all([currentElders(db, kov.code), listElections(db, kov.code), unitNamesOf(db, kov.code), req.pageCtx()]);
    return reply.page(KovEldersPage({ ctx, kov, elders, elections, names, canManage: may(req.user, kov.code, ELDERS_READ) }));
  });

  app.get('/kov/:kov/elders/admin', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    requirePersonFor(req, code, ELDERS_READ);
    const kov = await kovOf(code);
    const [elections, ctx] = await Promise.all([listElections(db, code), req.pageCtx()]);
    return reply.page(AdminEldersPage({ ctx, kov, elections }));
  });

  async function newPage(req: FastifyRequest, kov: { code: string; name: string }, values: FormBody, errors?: FieldError[]) {
    const [names, ctx] = await Promise.all([unitNamesOf(db, kov.code), req.pageCtx()]);
    const units = [...names.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'et'));
    return NewElectionPage({ ctx, kov, units, values, errors });
  }

  app.get('/kov/:kov/elders/new', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    requirePersonFor(req, code, ELDERS_CREATE);
    const kov = await kovOf(code);
    const now = clockNow();
    const at = (days: number) => dateToTallinnLocal(new Date(now.getTime() + days * 86_400_000));
    const values: FormBody = { nominationOpens: at(0), nominationCloses: at(14), votingOpens: at(14), votingCloses: at(21), candidateMinAge: '18', voterMinAge: '16', termYears: '4', members: '3', threshold: '2', tieRule: 'lot', candidateResident: 'yes' };
    return reply.page(await newPage(req, kov, values));
  });

  app.post('/kov/:kov/elders/new', async (req, reply) => {
    const { kov: code } = paramsOf(req);
    const actor = requirePersonFor(req, code, ELDERS_CREATE);
    const kov = await kovOf(code);
    const b = (req.body ?? {}) as FormBody;
    const { input, voterListCsv } = parseElectionForm(b);
    try {
      const { id } = await createElection(db, code, input, actor, secrets, voterListCsv);
      reply.flash({ kind: 'success', key: 'elders.flash.created' });
      return reply.redirect(`/kov/${code}/elders/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title.et');
      if (!bad) throw e;
      const fields = bad.fields.map((f) => ({ ...f, field: formField(f.field) }));
      return reply.page(await newPage(req, kov, { ...b, committee: '' }, fields), bad.status);
    }
  });

  async function electionPage(req: FastifyRequest, e: Election, errors?: FieldError[], values?: Record<string, string>, status = 200) {
    const user = req.user;
    const [kov, names, pending, res, ctx] = await Promise.all([
      kovOf(e.kov),
      unitNamesOf(db, e.kov),
      user ? pendingFor(db, e.kov, e.id, user.idcodeHash) : [],
      electionResults(db, e),
      req.pageCtx(),
    ]);
    // counts are shown once the result is certified (officials see them from the published board on)
    const counts = res && (e.outcome || may(user, e.kov, ELDERS_READ)) && res.digest ? candidateCounts(e, res) : null;
    const nominationOpen = e.status === 'nomination';
    const canManage = !!user && !req.apiKey && (may(user, e.kov, ELDERS_READ) || !!(await memberOf(db, e.kov, e.id, user.idcodeHash)));
    return { vnode: ElectionPage({ ctx, kovName: kov.name, e, names, s: { signedIn: !!user, pending: nominationOpen ? pending : [], onRoll: !!user, counts, errors, values, canManage } }), status };
  }

  app.get('/kov/:kov/elders/:id', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const p = await electionPage(req, await getElection(db, kov, id));
    return reply.page(p.vnode, p.status);
  });

  app.post('/kov/:kov/elders/:id/nominate', { config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const user = requireUser(req);
    const b = bodyOf(req);
    try {
      await nominate(db, kov, id, { idcodeHash: user.idcodeHash, birthDate: user.birthDate, name: `${user.givenName} ${user.familyName}` }, personActor(user), secrets, str(b, 'candidate').trim(), str(b, 'statement'));
      reply.flash({ kind: 'success', key: 'elders.flash.nominated' });
      return reply.redirect(`/kov/${kov}/elders/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'candidate');
      if (!bad) throw e;
      const p = await electionPage(req, await getElection(db, kov, id), bad.fields, { candidate: str(b, 'candidate'), statement: str(b, 'statement') }, bad.status);
      return reply.page(p.vnode, p.status);
    }
  });

  app.post('/kov/:kov/elders/:id/consent/:cid', { config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, id, cid } = paramsOf(req);
    const user = requireUser(req);
    await consent(db, kov, id, cid, user.idcodeHash, personActor(user));
    reply.flash({ kind: 'success', key: 'elders.flash.consented' });
    return reply.redirect(`/kov/${kov}/elders/${id}`, 303);
  });

  app.post('/kov/:kov/elders/:id/ballot', { config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const user = requireUser(req);
    try {
      const r = await castVote(db, kov, id, user.idcodeHash, str(bodyOf(req), 'candidate'));
      reply.flash({ kind: 'success', key: 'elders.vote.tracker', vars: { tracker: r.tracker } });
      return reply.redirect(`/kov/${kov}/elders/${id}`, 303);
    } catch (e) {
      if (isHttpError(e) && e.status === 403) {
        const p = await electionPage(req, await getElection(db, kov, id), [{ field: 'candidate', reason: 'elders.error.notOnRoll' }], {}, 403);
        return reply.page(p.vnode, p.status);
      }
      const bad = formErrors(e, 'candidate');
      if (!bad) throw e;
      const p = await electionPage(req, await getElection(db, kov, id), bad.fields.map((f) => ({ ...f, field: 'candidate' })), {}, bad.status);
      return reply.page(p.vnode, p.status);
    }
  });

  app.post('/kov/:kov/elders/:id/confirm', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, ELDERS_CONFIRM, 'elders.error.personOnly');
    await confirmCandidates(db, kov, id, actor, secrets);
    reply.flash({ kind: 'success', key: 'elders.flash.confirmed' });
    return reply.redirect(`/kov/${kov}/elders/admin`, 303);
  });

  app.post('/kov/:kov/elders/:id/close', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requireAction(req, kov, ELDERS_CLOSE);
    await closeElection(db, kov, id, actor);
    reply.flash({ kind: 'success', key: 'elders.flash.closed' });
    return reply.redirect(`/kov/${kov}/elders/admin`, 303);
  });

  // ------------------------------------------------------------------ the committee's pages

  /** The election's manage page: the committee's and the admin's acts (errors re-rendered on it). */
  async function managePage(req: FastifyRequest, reply: FastifyReply, e: Election, errors?: FieldError[], status = 200) {
    const user = req.user;
    const [kov, committee, me, decrypted, res, ctx] = await Promise.all([
      kovOf(e.kov),
      committeeOf(db, e.kov, e.id),
      user ? memberOf(db, e.kov, e.id, user.idcodeHash) : null,
      decryptedOf(db, e),
      electionResults(db, e),
      req.pageCtx(),
    ]);
    const counts = res?.digest ? candidateCounts(e, res) : null;
    reply.header('cache-control', 'no-store');
    return reply.page(ManageElectionPage({ ctx, kovName: kov.name, e, committee, me, decrypted, results: res, counts, canAdmin: may(user, e.kov, ELDERS_CONFIRM), errors }), status);
  }

  app.get('/kov/:kov/elders/:id/manage', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    await requireCommitteeAct(req, db, kov, id, ELDERS_READ);
    return managePage(req, reply, await getElection(db, kov, id));
  });

  /** The signed-in person (never an API key) and her place on the election's committee; 404 when she has none. */
  async function memberGate(req: FastifyRequest) {
    if (req.apiKey) throw forbidden('elders.error.personOnly');
    const user = requireUser(req);
    const { kov, id } = paramsOf(req);
    const e = await getElection(db, kov, id);
    const me = await memberOf(db, kov, id, user.idcodeHash);
    if (!me) throw notFound();
    return { user, e, me };
  }

  app.get('/kov/:kov/elders/:id/share', async (req, reply) => {
    const { e, me } = await memberGate(req);
    const state: PickupState = me.share === 'waiting' ? { kind: 'waiting' } : me.share === 'pickedUp' ? { kind: 'already', at: me.pickedUpAt } : { kind: 'notDealt' };
    const [kov, ctx] = await Promise.all([kovOf(e.kov), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(SharePickupPage({ ctx, kovName: kov.name, e, member: me.member, state, publicUrl: app.config.publicUrl }));
  });

  /** The pick-up: the one response that ever holds her share; the server forgets it in the same transaction (audited, never the share). */
  app.post('/kov/:kov/elders/:id/share', async (req, reply) => {
    const { user, e, me } = await memberGate(req);
    const [kov, ctx] = await Promise.all([kovOf(e.kov), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    try {
      const r = await pickUpShare(db, e.kov, e.id, user.idcodeHash, personActor(user), secrets);
      const file = shareFile(ctx, e, r.member, r.share, app.config.publicUrl);
      const fileName = `${req.t('elders.share.fileName')}-${e.id.slice(0, 8)}-${r.member}.txt`;
      return reply.page(SharePickupPage({ ctx, kovName: kov.name, e, member: r.member, state: { kind: 'shown', share: r.share, file, fileName }, publicUrl: app.config.publicUrl }));
    } catch (err) {
      if (isHttpError(err) && err.status === 409) {
        const again = await memberOf(db, e.kov, e.id, user.idcodeHash);
        const state: PickupState = again?.share === 'pickedUp' ? { kind: 'already', at: again.pickedUpAt } : { kind: 'notDealt' };
        return reply.page(SharePickupPage({ ctx, kovName: kov.name, e, member: me.member, state, publicUrl: app.config.publicUrl }), 409);
      }
      throw err;
    }
  });

  app.post('/kov/:kov/elders/:id/shares', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = await requireCommitteeAct(req, db, kov, id, ELDERS_SHARE);
    const b = bodyOf(req);
    const member = Number(str(b, 'member'));
    const field = `share-${Number.isSafeInteger(member) ? member : 0}`;
    try {
      const r = await submitShare(db, kov, id, member, str(b, field), actor);
      reply.flash(r.published ? { kind: 'success', key: 'elders.flash.boardPublished' } : { kind: 'success', key: 'elders.flash.share', vars: { member, received: r.received, needed: r.needed } });
      return reply.redirect(`/kov/${kov}/elders/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, field);
      if (!bad) throw e;
      const fields = bad.fields.map((f) => (f.field === 'share' || f.field === 'member' ? { ...f, field } : f));
      return managePage(req, reply, await getElection(db, kov, id), fields, bad.status);
    }
  });

  app.post('/kov/:kov/elders/:id/certify', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = await requireCommitteeAct(req, db, kov, id, ELDERS_CERTIFY);
    const b = bodyOf(req);
    try {
      if (str(b, 'confirm') !== 'yes') throw badRequest([{ field: 'confirm', reason: 'elders.certify.confirmMissing' }]);
      // the digest the member was shown; the voting core refuses it unless it is the current result's
      const r = await certifyElection(db, kov, id, str(b, 'digest'), actor);
      reply.flash({ kind: 'success', key: 'elders.flash.certified', vars: { n: r.certifications, k: r.needed } });
      return reply.redirect(`/kov/${kov}/elders/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'confirm');
      if (!bad) throw e;
      return managePage(req, reply, await getElection(db, kov, id), bad.fields.map((f) => ({ ...f, field: 'confirm' })), bad.status);
    }
  });

  // The run-off cannot be undone: the form posts the window without `confirm` and gets the summary;
  // only the summary's own POST (confirm=yes) starts it.
  async function runoffPage(req: FastifyRequest, reply: FastifyReply, e: Election, values: { opensAt: string; closesAt: string }, opts: { confirm?: { opensAt: Date; closesAt: Date }; errors?: FieldError[]; status?: number } = {}) {
    const [kov, ctx] = await Promise.all([kovOf(e.kov), req.pageCtx()]);
    return reply.page(RunoffPage({ ctx, kovName: kov.name, e, values, confirm: opts.confirm, errors: opts.errors }), opts.status ?? 200);
  }

  /** The run-off's election: 409 unless it ended in a tie waiting for its run-off. */
  async function tiedElection(kov: string, id: string): Promise<Election> {
    const e = await getElection(db, kov, id);
    if (e.outcome?.kind !== 'runoff' || e.outcome.runoffId) throw conflict('elders.error.noRunoff');
    return e;
  }

  app.get('/kov/:kov/elders/:id/runoff', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    requirePersonFor(req, kov, ELDERS_CONFIRM, 'elders.error.personOnly');
    const e = await tiedElection(kov, id);
    const now = clockNow();
    const at = (days: number) => dateToTallinnLocal(new Date(now.getTime() + days * 86_400_000));
    // "change the times" on the summary comes back here with the times typed
    const q = (req.query ?? {}) as Record<string, unknown>;
    const typed = (k: string) => (typeof q[k] === 'string' && tallinnLocalToDate(q[k] as string) ? (q[k] as string) : null);
    return runoffPage(req, reply, e, { opensAt: typed('opensAt') ?? at(7), closesAt: typed('closesAt') ?? at(14) });
  });

  app.post('/kov/:kov/elders/:id/runoff', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, ELDERS_CONFIRM, 'elders.error.personOnly');
    const e = await tiedElection(kov, id);
    const b = bodyOf(req);
    const values = { opensAt: str(b, 'opensAt'), closesAt: str(b, 'closesAt') };
    const opensAt = tallinnLocalToDate(values.opensAt);
    const closesAt = tallinnLocalToDate(values.closesAt);
    const dateErrors: FieldError[] = [];
    if (!opensAt) dateErrors.push({ field: 'opensAt', reason: 'elders.error.date' });
    if (!closesAt) dateErrors.push({ field: 'closesAt', reason: 'elders.error.date' });
    if (dateErrors.length) return runoffPage(req, reply, e, values, { errors: dateErrors, status: 400 });
    const window = { opensAt: opensAt!, closesAt: closesAt! };
    try {
      if (str(b, 'confirm') !== 'yes') {
        // the same checks as the start, before the summary is shown
        if (window.opensAt <= clockNow()) throw badRequest([{ field: 'opensAt', reason: 'elders.error.runoffOpens' }]);
        if (!(window.closesAt > window.opensAt)) throw badRequest([{ field: 'closesAt', reason: 'elders.error.order' }]);
        return runoffPage(req, reply, e, values, { confirm: window });
      }
      const r = await startRunoff(db, kov, id, window, actor, secrets);
      reply.flash({ kind: 'success', key: 'elders.flash.runoff' });
      return reply.redirect(`/kov/${kov}/elders/${r.id}/manage`, 303);
    } catch (err) {
      const bad = formErrors(err, 'opensAt');
      if (!bad) throw err;
      return runoffPage(req, reply, e, values, { errors: bad.fields, status: bad.status });
    }
  });
}
