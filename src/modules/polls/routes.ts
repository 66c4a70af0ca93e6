// HTTP for polls: the pages, the public results exports, and (api.ts) the officials' JSON API
// under /api/v1/kov/:kov/polls. Thin: parse → authorize → call the service → present.
//
// Who may do what on the pages:
//   /polls, /kov/:kov/polls, the poll's page, board check                   everyone (a visitor sees
//                                                                           only published polls)
//   results exports (CSV, JSON, the protocol PDF)                           everyone, once certified
//   ballot                                                                  a signed-in resident on the roll
//   receipt (after a cast; shows only this session's own receipt)           a signed-in person
//   new poll, publish, close                                                a KOV admin (person)
//   manage page, key shares, certify                                        the election committee or a KOV admin (person)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { POLLS_CERTIFY, POLLS_CLOSE, POLLS_CREATE, POLLS_PUBLISH, POLLS_READ, POLLS_SHARE } from './permissions.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, forbidden, formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { SessionUser } from '../../kernel/session.js';
import type { Results } from '../voting/index.js';
import { COMMITTEE, boardTurnout } from '../voting/index.js';
import type { RenderedPage } from '../../kernel/http-cache.js';
import { MicroCache, anonymous, cacheHeaders, etagOfBody, renderPage, sendCachedPage, sendPublicPage, strongEtag } from '../../kernel/http-cache.js';
import { pollsApiRoutes } from './api.js';
import type { FormBody } from './form.js';
import { dateToTallinnLocal, formNames, formValues, list, parsePollForm, str } from './form.js';
import { resultsCsv, resultsJson } from './present.js';
import type { Poll } from './service.js';
import { castBallot, certifiedPdf, certifiedView, certifyPoll, checkTracker, closePoll, createPoll, getPoll, kovUnitsWithResidents, listPolls, pollResults, pollsOfVoter, previewEligible, publishPoll, submitShare, voterState } from './service.js';
import { readReceipt, receiptPath, setReceipt } from './receipt.js';
import { AdminPollsPage, ManagePage, NewPollPage, PublishedPage, unitNameMap } from './views/admin.js';
import { BallotPage, BoardPage, KovPollsPage, MyPollsPage, PollPage, ReceiptPage } from './views/public.js';
import { now as clockNow } from '../../kernel/clock.js';

export { COMMITTEE };

type Params = { kov: string; id: string };

/** Seconds a cache may serve a certified poll's page or results without asking again (a later
 * sign-off changes the signatures shown; the ETag tells). */
const CERTIFIED_MAX_AGE = 300;

/** How long a process keeps a certified poll's rendered public page (see MicroCache). */
const PUBLIC_PAGE_TTL_MS = 5000;
const paramsOf = (req: FastifyRequest) => req.params as Params;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as FormBody;


export async function pollsRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  /** Certified polls' pages as anonymous visitors get them, per language (only certified ones go in). */
  const publicPages = new MicroCache<RenderedPage>(PUBLIC_PAGE_TTL_MS);
  await pollsApiRoutes(app);

  /** A published poll (or any poll for its committee); 404 otherwise. */
  async function visiblePoll(req: FastifyRequest): Promise<Poll> {
    const { kov, id } = paramsOf(req);
    const poll = await getPoll(db, kov, id);
    if (!poll.publishedAt && !may(req.user, kov, POLLS_READ)) throw notFound();
    return poll;
  }

  async function unitNames(kov: string) {
    return unitNameMap(await kovUnitsWithResidents(db, kov));
  }

  // ------------------------------------------------------------------ lists

  app.get('/polls', async (req, reply) => {
    const ctx = await req.pageCtx();
    if (!req.user) return reply.page(MyPollsPage({ ctx, polls: null }));
    const polls = await pollsOfVoter(db, req.user.idcodeHash);
    const names = new Map<string, string>();
    for (const k of new Set(polls.map((p) => p.kov))) names.set(k, (await loadTenant(db, k))?.name ?? k);
    return reply.page(MyPollsPage({ ctx, polls: polls.map((p) => ({ ...p, kovName: names.get(p.kov) })) }));
  });

  app.get('/kov/:kov/polls', async (req, reply) => {
    const { kov } = paramsOf(req);
    const polls = await listPolls(db, kov, true);
    const user = req.user;
    const rows = user ? await Promise.all(polls.map(async (p) => {
      const s = await voterState(db, kov, p.id, user.idcodeHash);
      return s.onRoll ? { ...p, casts: s.casts } : p;
    })) : polls;
    const ctx = await req.pageCtx();
    return reply.page(KovPollsPage({ ctx, kov, polls: rows, canManage: may(user, kov, POLLS_READ) }));
  });

  app.get('/kov/:kov/polls/admin', async (req, reply) => {
    const { kov } = paramsOf(req);
    requirePersonFor(req, kov, POLLS_READ);
    const [polls, ctx] = await Promise.all([listPolls(db, kov, false), req.pageCtx()]);
    return reply.page(AdminPollsPage({ ctx, kov, polls }));
  });

  // ------------------------------------------------------------------ create

  async function newPage(req: FastifyRequest, reply: FastifyReply, kov: string, values: Record<string, string | string[]>, errors?: FieldError[], status = 200) {
    const [units, ctx] = await Promise.all([kovUnitsWithResidents(db, kov), req.pageCtx()]);
    return reply.page(NewPollPage({ ctx, kov, units, values, errors }), status);
  }

  app.get('/kov/:kov/polls/new', async (req, reply) => {
    const { kov } = paramsOf(req);
    requirePersonFor(req, kov, POLLS_CREATE);
    const now = clockNow();
    const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
    const defaults = {
      opensAt: dateToTallinnLocal(start),
      closesAt: dateToTallinnLocal(new Date(start.getTime() + 14 * 86_400_000)),
      on: dateToTallinnLocal(start).slice(0, 10),
      minAge: '16',
      members: '3',
      threshold: '2',
      revote: 'yes',
    };
    return newPage(req, reply, kov, defaults);
  });

  app.post('/kov/:kov/polls', async (req, reply) => {
    const { kov } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CREATE);
    const body = bodyOf(req);
    const { input, errors, names } = parsePollForm(body);
    if (!input) return newPage(req, reply, kov, formValues(body), errors, 400);
    try {
      // the service checks the rules against the register (unknown units or lists) before it stores anything
      const { id } = await createPoll(db, kov, input, actor, names);
      reply.flash({ kind: 'success', key: 'polls.flash.created' });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title_et');
      if (bad) return newPage(req, reply, kov, formValues(body), bad.fields, bad.status);
      throw e;
    }
  });

  // ------------------------------------------------------------------ manage

  async function managePage(req: FastifyRequest, reply: FastifyReply, poll: Poll, errors?: FieldError[], status = 200) {
    let preview = null;
    let previewErrors: FieldError[] = [];
    if (poll.status === 'draft') {
      try {
        preview = await previewEligible(db, poll.kov, poll.rules, formNames([]));
      } catch (e) {
        if (!isHttpError(e) || e.status !== 400) throw e;
        previewErrors = e.fields;
      }
    }
    const [names, results, ctx] = await Promise.all([unitNames(poll.kov), pollResults(db, poll), req.pageCtx()]);
    const all = [...(errors ?? []), ...previewErrors];
    return reply.page(
      ManagePage({ ctx, poll, preview, unitNames: names, results, errors: all.length ? all : undefined, canAdmin: may(req.user, poll.kov, POLLS_PUBLISH) }),
      status,
    );
  }

  app.get('/kov/:kov/polls/:id/manage', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    requirePersonFor(req, kov, POLLS_READ);
    return managePage(req, reply, await getPoll(db, kov, id));
  });

  app.post('/kov/:kov/polls/:id/publish', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_PUBLISH);
    try {
      const out = await publishPoll(db, kov, id, actor);
      // The shares are shown once, in the answer to this POST; they are not stored anywhere.
      reply.header('cache-control', 'no-store');
      const ctx = await req.pageCtx();
      return reply.page(PublishedPage({ ctx, poll: out.poll, rollSize: out.rollSize, shares: out.shares }), 201);
    } catch (e) {
      const bad = formErrors(e, 'roll');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields, bad.status);
      throw e;
    }
  });

  app.post('/kov/:kov/polls/:id/close', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CLOSE);
    try {
      const r = await closePoll(db, kov, id, actor);
      reply.flash({ kind: 'success', key: 'polls.flash.closed', vars: { n: r.turnout } });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'status');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields, bad.status);
      throw e;
    }
  });

  app.post('/kov/:kov/polls/:id/shares', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_SHARE);
    const body = bodyOf(req);
    const member = Number(str(body, 'member'));
    const field = `share-${Number.isSafeInteger(member) ? member : 0}`;
    try {
      const r = await submitShare(db, kov, id, member, str(body, field), actor);
      reply.flash(r.published ? { kind: 'success', key: 'polls.flash.boardPublished' } : { kind: 'success', key: 'polls.flash.share', vars: { member, received: r.received, needed: r.needed } });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, field);
      if (bad) {
        const fields = bad.fields.map((f) => (f.field === 'share' || f.field === 'member' ? { ...f, field } : f));
        return managePage(req, reply, await getPoll(db, kov, id), fields, bad.status);
      }
      throw e;
    }
  });

  app.post('/kov/:kov/polls/:id/certify', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CERTIFY);
    const body = bodyOf(req);
    try {
      if (str(body, 'confirm') !== 'yes') throw badRequest([{ field: 'confirm', reason: 'polls.manage.confirmMissing' }]);
      // the digest the member was shown; the voting core refuses it unless it is the current result's
      const r = await certifyPoll(db, kov, id, str(body, 'digest'), actor, app.config.publicUrl);
      reply.flash({ kind: 'success', key: 'polls.flash.certified', vars: { n: r.certifications, k: r.needed } });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'confirm');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields.map((f) => ({ ...f, field: 'confirm' })), bad.status);
      throw e;
    }
  });

  // ------------------------------------------------------------------ public page, ballot, board

  // A certified poll's page for anonymous visitors is the same for all of them: on results night
  // it is rendered once every few seconds per language and process and answered from memory before
  // any database work (certification is final; a later sign-off shows within PUBLIC_PAGE_TTL_MS).
  const publicKeyOf = (req: FastifyRequest) => `${paramsOf(req).kov}/${paramsOf(req).id}/${req.locale}`;
  const fromPublicPages = async (req: FastifyRequest, reply: FastifyReply) => {
    const hit = anonymous(req) ? publicPages.get(publicKeyOf(req)) : undefined;
    if (hit) return sendPublicPage(req, reply, hit, CERTIFIED_MAX_AGE);
  };

  app.get('/kov/:kov/polls/:id', { onRequest: fromPublicPages }, async (req, reply) => {
    const publicKey = publicKeyOf(req);
    const poll = await visiblePoll(req);
    const user = req.user;
    if (poll.status === 'certified') {
      // A certified result never changes: the page is made from what was stored at certification
      // and sent with a strong ETag. Public (cacheable by anyone) only for an anonymous visitor: a
      // signed-in person's page (her name, whether she voted) is private to her browser.
      const view = await certifiedView(db, poll);
      const ctx = await req.pageCtx({ csrf: false });
      const vnode = PollPage({ ctx, poll, unitNames: unitNameMap(view?.unitNames ?? []), results: view?.results ?? null, canVote: false });
      if (!anonymous(req)) return sendCachedPage(req, reply, vnode, CERTIFIED_MAX_AGE);
      const rendered = renderPage(vnode);
      publicPages.set(publicKey, rendered);
      return sendPublicPage(req, reply, rendered, CERTIFIED_MAX_AGE);
    }
    let canVote = false;
    if (user && poll.status === 'open') {
      const s = await voterState(db, poll.kov, poll.id, user.idcodeHash);
      canVote = s.onRoll && (s.casts === 0 || poll.vote.revote);
    }
    const [names, ctx] = await Promise.all([unitNames(poll.kov), req.pageCtx()]);
    return reply.page(PollPage({ ctx, poll, unitNames: names, results: null, canVote }));
  });

  /** The resident may vote now: on the roll, window open, not refused a re-vote. */
  async function ballotGate(req: FastifyRequest): Promise<{ poll: Poll; casts: number; voterHash: string; user: SessionUser }> {
    const user = requireUser(req);
    if (req.apiKey) throw forbidden();
    const poll = await visiblePoll(req);
    const s = await voterState(db, poll.kov, poll.id, user.idcodeHash);
    if (!s.onRoll) throw forbidden('polls.error.notOnRoll');
    if (poll.status !== 'open') throw conflict('polls.error.notOpen', [{ field: 'status', reason: 'polls.error.notOpen', vars: { status: req.t(`polls.status.${poll.status}`) } }]);
    if (s.casts > 0 && !poll.vote.revote) throw conflict('voting.error.noRevote');
    return { poll, casts: s.casts, voterHash: user.idcodeHash, user };
  }

  app.get('/kov/:kov/polls/:id/ballot', async (req, reply) => {
    const { poll, casts } = await ballotGate(req);
    const ctx = await req.pageCtx();
    return reply.page(BallotPage({ ctx, poll, casts, chosen: poll.vote.questions.map(() => []) }));
  });

  // A person may cast a few times a minute (re-voting), as through the API (counted with the session lookup).
  app.post('/kov/:kov/polls/:id/ballot', async (req, reply) => {
    const { poll, casts, voterHash, user } = await ballotGate(req);
    const body = bodyOf(req);
    const chosen = poll.vote.questions.map((_, i) => list(body, `q${i}`));
    try {
      const r = await castBallot(db, poll, voterHash, chosen);
      // Post/Redirect/Get: the receipt page can be reloaded without casting again; the tracker
      // travels in a session-bound cookie, never in the URL (receipt.ts).
      setReceipt(reply, user, poll, r, app.config.env === 'production');
      return reply.redirect(receiptPath(poll.kov, poll.id), 303);
    } catch (e) {
      if (isHttpError(e) && e.status === 400) {
        const ctx = await req.pageCtx();
        return reply.page(BallotPage({ ctx, poll, casts, chosen, errors: e.fields }), 400);
      }
      throw e;
    }
  });

  /** The receipt of the ballot this session just cast (or a clear message that it is gone). Never casts. */
  app.get('/kov/:kov/polls/:id/receipt', async (req, reply) => {
    const user = requireUser(req);
    if (req.apiKey) throw forbidden();
    const poll = await visiblePoll(req);
    const ctx = await req.pageCtx();
    return reply.page(ReceiptPage({ ctx, poll, receipt: readReceipt(req, user, poll) }));
  });

  app.get('/kov/:kov/polls/:id/board', async (req, reply) => {
    const poll = await visiblePoll(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const tracker = typeof q.tracker === 'string' ? q.tracker.trim().slice(0, 80) : '';
    const published = poll.status === 'published' || poll.status === 'certified';
    const entries = published ? await boardTurnout(db, poll.voteId) : null;
    const found = entries !== null && tracker ? await checkTracker(db, poll, tracker) : null;
    const ctx = await req.pageCtx();
    return reply.page(BoardPage({ ctx, poll, tracker, found, entries }));
  });

  // ------------------------------------------------------------------ results export (certified)

  async function certifiedResults(req: FastifyRequest): Promise<{ poll: Poll; results: Results; etag: string }> {
    const poll = await visiblePoll(req);
    if (poll.status !== 'certified') throw notFound();
    const view = await certifiedView(db, poll);
    if (!view) throw notFound();
    return { poll, results: view.results, etag: view.etag };
  }

  // Certified data is the same for everyone: public, with a strong ETag (304 on If-None-Match).
  app.get('/kov/:kov/polls/:id/results.csv', async (req, reply) => {
    const { poll, results } = await certifiedResults(req);
    const body = resultsCsv(results);
    if (cacheHeaders(req, reply, etagOfBody(body), { maxAge: CERTIFIED_MAX_AGE, shared: true })) return reply.code(304).send();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="poll-${poll.id}-results.csv"`)
      .send(body);
  });

  app.get('/kov/:kov/polls/:id/results.json', async (req, reply) => {
    const { poll, results } = await certifiedResults(req);
    const body = JSON.stringify(resultsJson(poll, results));
    if (cacheHeaders(req, reply, etagOfBody(body), { maxAge: CERTIFIED_MAX_AGE, shared: true })) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });

  /** The results protocol (the voting core's PDF, with the committee's sign-offs), public once certified: made once, served as stored. */
  app.get('/kov/:kov/polls/:id/results.pdf', async (req, reply) => {
    const poll = await visiblePoll(req);
    const out = await certifiedPdf(db, poll, req.locale, app.config.publicUrl);
    if (!out) throw notFound();
    // the language comes from ?lang or the language cookie: Vary on Cookie
    if (cacheHeaders(req, reply, strongEtag(out.etag), { maxAge: CERTIFIED_MAX_AGE, shared: true, vary: 'Cookie' })) return reply.code(304).send();
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="poll-${poll.id}-results.pdf"`).send(Buffer.from(out.pdf.buffer, out.pdf.byteOffset, out.pdf.byteLength));
  });
}
