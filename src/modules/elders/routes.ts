// HTTP for village elder elections: the pages and (api.ts) the JSON API. Thin: parse → authorize →
// call the service → present.
//
//   /elders, /kov/:kov/elders, an election's page                   everyone
//   nominate, consent (on the election's page)                     a signed-in person (rules: the election's); rate-limited
//   ballot (on the election's page)                                a signed-in person on the roll (the voting core checks)
//   /kov/:kov/elders/admin, new, confirm, close                    KOV admin (new, confirm: a person); the committee reads
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may, personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { eldersApiRoutes } from './api.js';
import { dateToTallinnLocal, now as clockNow } from '../../kernel/clock.js';
import type { FormBody } from './form.js';
import { formField, parseElectionForm } from './form.js';
import { ELDERS_CLOSE, ELDERS_CONFIRM, ELDERS_CREATE, ELDERS_READ } from './permissions.js';
import { candidateCounts } from './present.js';
import type { Election } from './service.js';
import {
  castVote,
  closeElection,
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
    const [elders, elections, ctx] = await Promise.all([currentEldersEverywhere(db), openElectionsEverywhere(db), req.pageCtx()]);
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
    return { vnode: ElectionPage({ ctx, kovName: kov.name, e, names, s: { signedIn: !!user, pending: nominationOpen ? pending : [], onRoll: !!user, counts, errors, values } }), status };
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
}
