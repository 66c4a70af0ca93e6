// HTTP for the budgets vote pages. Thin: parse → authorize → vote.ts → render.
//
//   GET|POST /kov/:kov/budgets/:id/ballot                 a resident's ballot (signed in; CSRF; the core limits bursts)
//   GET  /kov/:kov/budgets/:id/results                    the results (everyone once certified; officials see the count earlier)
//   GET  /kov/:kov/budgets/:id/results.csv|.json          the results as files (same visibility)
//   GET|POST /kov/:kov/budgets/:id/vote                   KOV admin: open the vote with a committee; its state
//   POST /kov/:kov/budgets/:id/vote/close                 KOV admin: close it in the results phase
//   POST /kov/:kov/budgets/:id/overrides                  KOV admin: an override with a reason
//   GET  /kov/:kov/budgets/:id/committee                  a committee member's page
//   POST /kov/:kov/budgets/:id/committee/share|decryption|certify   her pick-up, her share for the count, her sign-off
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { formErrors, notFound } from '../../kernel/errors.js';
import { resultJson, visibleResult, visibleResultOf } from './api-vote.js';
import { one } from './form.js';
import { BUDGETS_CONFIGURE, BUDGETS_READ } from './permissions.js';
import { resultCsv, resultOf, resultPdf, resultView } from './results.js';
import { getProcess } from './service.js';
import {
  ballotOf,
  budgetCommittee,
  budgetMember,
  budgetSignedOff,
  budgetsSecrets,
  castBudgetBallot,
  certifyBudget,
  closeBudgetVote,
  openBudgetVote,
  overrideResult,
  pickUpBudgetShare,
  submitBudgetShare,
} from './vote.js';
import { BallotPage, CastDonePage, CommitteePage, ManageVotePage, ResultsPage } from './views/vote.js';

type P = { kov: string; id: string };
const privateHeaders = { 'cache-control': 'no-store' };

/** The numbers a form's checkboxes sent (one or many `ideas` fields). */
function numbersOf(body: Record<string, unknown>): string[] {
  const raw = body.ideas;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => String(x).slice(0, 12)).slice(0, 200);
}

export async function budgetsVoteRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const secrets = budgetsSecrets(app.config);
  const map = { tileUrl: app.config.reportsMap.tileUrl, attribution: app.config.reportsMap.tileAttribution };

  // ------------------------------------------------------------------ the ballot

  async function ballotPage(req: FastifyRequest, kov: string, id: string, chosen: number[], errors?: FieldError[]) {
    const { process, vote, areas } = await ballotOf(db, kov, id);
    const open = vote.status === 'open';
    return BallotPage({ ctx: await req.pageCtx(), kov, process, areas, open, closesAt: vote.closesAt, chosen, ...(errors ? { errors } : {}) });
  }

  app.get('/kov/:kov/budgets/:id/ballot', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    if (!req.user) return reply.redirect(`/auth/login?return=${encodeURIComponent(`/kov/${kov}/budgets/${id}/ballot`)}`, 303);
    reply.headers(privateHeaders);
    return reply.page(await ballotPage(req, kov, id, []));
  });

  app.post('/kov/:kov/budgets/:id/ballot', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const user = requireUser(req);
    reply.headers(privateHeaders);
    const numbers = numbersOf((req.body ?? {}) as Record<string, unknown>);
    try {
      const r = await castBudgetBallot(db, kov, id, user.idcodeHash, numbers);
      const process = await getProcess(db, kov, id);
      return reply.page(CastDonePage({ ctx: await req.pageCtx(), kov, process, tracker: r.tracker, replaced: r.replaced }), 201);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad || bad.status !== 400) throw e;
      const chosen = numbers.map(Number).filter((n) => Number.isSafeInteger(n));
      return reply.page(await ballotPage(req, kov, id, chosen, bad.fields), 400);
    }
  });

  // ------------------------------------------------------------------ results

  app.get('/kov/:kov/budgets/:id/results', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const process = await getProcess(db, kov, id);
    const official = !req.apiKey && may(req.user, kov, BUDGETS_READ);
    const view = await resultView(db, kov, id);
    return reply.page(ResultsPage({ ctx: await req.pageCtx({ csrf: false }), kov, process, view, map, official }));
  });

  app.get('/kov/:kov/budgets/:id/results.csv', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const v = await visibleResult(req, kov, id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="budget-${id}-results.csv"`).send(resultCsv(v));
  });

  app.get('/kov/:kov/budgets/:id/results.pdf', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const { r, view } = await visibleResultOf(req, kov, id);
    const pdf = await resultPdf(r, view, req.locale, app.config.publicUrl);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="budget-${id}-results.pdf"`).send(pdf);
  });

  app.get('/kov/:kov/budgets/:id/results.json', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(resultJson(await visibleResult(req, kov, id))));
  });

  // ------------------------------------------------------------------ the admin's vote page

  async function managePage(req: FastifyRequest, kov: string, id: string, values: Record<string, string> = {}, errors?: FieldError[]) {
    const process = await getProcess(db, kov, id);
    const got = process.vote_id ? await resultOf(db, kov, id) : null;
    const vote = got?.r.vote;
    const state = vote ? { status: vote.status, rollSize: vote.rollSize, turnout: vote.turnout, closesAt: vote.closesAt, committee: await budgetCommittee(db, kov, id) } : null;
    return ManageVotePage({ ctx: await req.pageCtx(), kov, process, state, view: got?.view ?? null, values, ...(errors ? { errors } : {}) });
  }

  app.get('/kov/:kov/budgets/:id/vote', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    reply.headers(privateHeaders);
    return reply.page(await managePage(req, kov, id));
  });

  app.post('/kov/:kov/budgets/:id/vote', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    reply.headers(privateHeaders);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { committee: one(body.committee).slice(0, 2000), threshold: one(body.threshold).slice(0, 4) };
    const committee = values.committee.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    try {
      await openBudgetVote(db, kov, id, { committee, threshold: /^\d{1,2}$/.test(values.threshold.trim()) ? Number(values.threshold.trim()) : Number.NaN }, actor, secrets);
    } catch (e) {
      const bad = formErrors(e, 'committee');
      if (!bad) throw e;
      // a member's line is named as the committee field (one text area)
      const fields = bad.fields.map((f) => ({ ...f, field: f.field.startsWith('committee') ? 'committee' : f.field }));
      return reply.page(await managePage(req, kov, id, values, fields), bad.status);
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.voteOpened' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/vote`, 303);
  });

  app.post('/kov/:kov/budgets/:id/vote/close', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    try {
      await closeBudgetVote(db, kov, id, actor);
    } catch (e) {
      const bad = formErrors(e, 'close');
      if (!bad) throw e;
      return reply.page(await managePage(req, kov, id, {}, bad.fields), bad.status);
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.voteClosed' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/vote`, 303);
  });

  app.post('/kov/:kov/budgets/:id/overrides', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { idea: one(body.idea).slice(0, 12), action: one(body.action).slice(0, 10), reason: one(body.reason).slice(0, 2000) };
    try {
      await overrideResult(db, kov, id, { idea: /^\d{1,6}$/.test(values.idea) ? Number(values.idea) : Number.NaN, action: values.action, reason: values.reason }, actor);
    } catch (e) {
      const bad = formErrors(e, 'idea');
      if (!bad) throw e;
      return reply.page(await managePage(req, kov, id, values, bad.fields), bad.status);
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.overridden' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/results`, 303);
  });

  // ------------------------------------------------------------------ the committee member's page

  async function committeePage(req: FastifyRequest, kov: string, id: string, extra: { share?: string; errors?: FieldError[] } = {}) {
    const user = requireUser(req);
    const got = await resultOf(db, kov, id); // checks the process (404) before the member lookup
    const me = got ? await budgetMember(db, kov, id, user.idcodeHash) : null;
    if (!me || !got) throw notFound();
    const { process, vote } = got.r;
    const view = vote.status === 'published' || vote.status === 'certified' ? got.view : null;
    // her own sign-off, by her person id (the actor certify keeps), not by her name: two members may share one
    const signed = view ? await budgetSignedOff(db, kov, vote.id, user.personId) : false;
    return CommitteePage({ ctx: await req.pageCtx(), kov, process, me, status: vote.status, share: extra.share ?? null, publicUrl: app.config.publicUrl, digest: view?.digest ?? null, signed, ...(extra.errors ? { errors: extra.errors } : {}) });
  }

  const memberOnly = (req: FastifyRequest) => {
    if (req.apiKey) throw notFound();
    const user = requireUser(req);
    return { user, actor: personActor(user) };
  };

  app.get('/kov/:kov/budgets/:id/committee', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    memberOnly(req);
    reply.headers(privateHeaders);
    return reply.page(await committeePage(req, kov, id));
  });

  app.post('/kov/:kov/budgets/:id/committee/share', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const { user, actor } = memberOnly(req);
    reply.headers(privateHeaders);
    const got = await pickUpBudgetShare(db, kov, id, user.idcodeHash, actor, secrets);
    return reply.page(await committeePage(req, kov, id, { share: got.share }));
  });

  app.post('/kov/:kov/budgets/:id/committee/decryption', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const { user, actor } = memberOnly(req);
    reply.headers(privateHeaders);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const member = one(body.member).slice(0, 3);
    try {
      await submitBudgetShare(db, kov, id, user.idcodeHash, one(body[`share-${member}`]).slice(0, 200), actor);
    } catch (e) {
      const bad = formErrors(e, 'share');
      if (!bad) throw e;
      return reply.page(await committeePage(req, kov, id, { errors: bad.fields.map((f) => ({ ...f, field: `share-${member}` })) }), bad.status);
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.shareGiven' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/committee`, 303);
  });

  app.post('/kov/:kov/budgets/:id/committee/certify', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const { user, actor } = memberOnly(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (one(body.confirm) !== 'yes') return reply.page(await committeePage(req, kov, id, { errors: [{ field: 'confirm', reason: 'budgets.committee.confirmNeeded' }] }), 400);
    let r: Awaited<ReturnType<typeof certifyBudget>>;
    try {
      r = await certifyBudget(db, kov, id, user.idcodeHash, one(body.digest).slice(0, 100), actor);
    } catch (e) {
      const bad = formErrors(e, 'digest');
      if (!bad) throw e;
      return reply.page(await committeePage(req, kov, id, { errors: bad.fields.map((f) => ({ ...f, field: 'digest' })) }), bad.status);
    }
    reply.flash({ kind: 'success', key: r.status === 'certified' ? 'budgets.flash.certified' : 'budgets.flash.signed' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/${r.status === 'certified' ? 'results' : 'committee'}`, 303);
  });
}
