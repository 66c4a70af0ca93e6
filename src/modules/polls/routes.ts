// HTTP for polls: the pages, the public results exports, and (api.ts) the officials' JSON API
// under /api/v1/kov/:kov/polls. Thin: parse → authorize → call the service → present.
//
// Who may do what on the pages:
//   /polls, /kov/:kov/polls, the poll's page, board check                   everyone (a visitor sees
//                                                                           only published polls)
//   results exports (CSV, JSON, the protocol PDF)                           everyone, once certified
//   ballot                                                                  a signed-in resident on the roll
//   receipt (after a cast; shows only this session's own receipt)           a signed-in person
//   new poll, publish, close (each asks first: a summary, then a confirming POST) a KOV admin (person)
//   manage page, key shares, certify                                        the election committee, a KOV admin or a member
//                                                                           named on the poll (person)
//   pick-up of a key share (once)                                           the named member herself (person)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { POLLS_CERTIFY, POLLS_CLOSE, POLLS_CREATE, POLLS_PUBLISH, POLLS_READ, POLLS_SHARE } from './permissions.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, forbidden, formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { SessionUser } from '../../kernel/session.js';
import type { Results } from '../voting/index.js';
import { COMMITTEE, boardTurnout } from '../voting/index.js';
import type { RenderedPage } from '../../kernel/http-cache.js';
import { MicroCache, anonymous, cacheHeaders, etagOfBody, renderPage, sendCachedPage, sendPublicPage, strongEtag } from '../../kernel/http-cache.js';
import { pollsApiRoutes, requireCommitteeAct } from './api.js';
import type { FormBody } from './form.js';
import { dateToTallinnLocal, formNames, formValues, list, parsePollForm, pollFormValues, str } from './form.js';
import { resultsCsv, resultsJson } from './present.js';
import type { Poll, VoterState } from './service.js';
import {
  castBallot,
  certifiedPdf,
  certifiedView,
  certifyPoll,
  checkTracker,
  closePoll,
  closingEarly,
  committeeOf,
  committeesOfPerson,
  createPoll,
  deleteDraftPoll,
  getPoll,
  kovBoundaries,
  kovUnitsWithResidents,
  listPolls,
  memberOf,
  pickUpShare,
  pollProgress,
  pollResults,
  pollSecrets,
  pollsOfVoter,
  previewEligible,
  periodBounds,
  publicPolls,
  publishPoll,
  submitShare,
  updateDraftPoll,
  voterState,
} from './service.js';
import { readReceipt, receiptPath, setReceipt } from './receipt.js';
import { AdminPollsPage, ManagePage, NewPollPage, unitNameMap } from './views/admin.js';
import type { PickupState } from './views/committee.js';
import { CloseConfirmPage, MyCommittees, PublishConfirmPage, SharePickupPage, shareFile } from './views/committee.js';
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

/** The kernel's limit of a form body (src/kernel/http.ts): a poll form above it answers 413, with everything typed kept. */
const FORM_LIMIT = 1024 * 1024;
/**
 * The poll form's own body limit. The texts' limits are far smaller (input.ts), but a form pasted
 * full must come back with what was typed (and the fields named), not as a bare error page; only
 * a body above this is refused unread.
 */
const POLL_FORM_BODY_LIMIT = 16 * 1024 * 1024;

/** 413 when the form body was larger than a form may be, else 400. */
function badFormStatus(req: FastifyRequest): number {
  return Number(req.headers['content-length'] ?? 0) > FORM_LIMIT ? 413 : 400;
}


export async function pollsRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const secrets = pollSecrets(app.config);
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

  // Everyone sees the published polls across Estonia (open, then finished); a signed-in person
  // also sees the polls whose roll she is on, with whether and when she voted.
  app.get('/polls', async (req, reply) => {
    const ctx = await req.pageCtx();
    const [mine, all, committees] = await Promise.all([
      req.user ? pollsOfVoter(db, req.user.idcodeHash) : null,
      publicPolls(db),
      req.user ? committeesOfPerson(db, req.user.idcodeHash) : [],
    ]);
    const names = new Map<string, string>();
    for (const k of new Set([...(mine ?? []), ...all].map((p) => p.kov))) names.set(k, (await loadTenant(db, k))?.name ?? k);
    const named = <P extends Poll>(p: P) => ({ ...p, kovName: names.get(p.kov) });
    return reply.page(MyPollsPage({ ctx, polls: mine ? mine.map(named) : null, all: all.map(named), committees: req.user ? MyCommittees({ ctx, items: committees }) : undefined }));
  });

  app.get('/kov/:kov/polls', async (req, reply) => {
    const { kov } = paramsOf(req);
    const polls = await listPolls(db, kov, true);
    const user = req.user;
    const rows = user ? await Promise.all(polls.map(async (p) => {
      const s = await voterState(db, kov, p.id, user.idcodeHash);
      return s.onRoll ? { ...p, casts: s.casts, lastAt: s.lastAt } : p;
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

  async function newPage(req: FastifyRequest, reply: FastifyReply, kov: string, values: Record<string, string | string[]>, errors?: FieldError[], status = 200, edit?: Poll) {
    const [units, committee, ctx] = await Promise.all([kovUnitsWithResidents(db, kov), edit ? committeeOf(db, kov, edit.id) : [], req.pageCtx()]);
    return reply.page(NewPollPage({ ctx, kov, units, values, errors, edit, committee }), status);
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
      committee: '',
      threshold: '2',
      revote: 'yes',
    };
    return newPage(req, reply, kov, defaults);
  });

  app.post('/kov/:kov/polls', { bodyLimit: POLL_FORM_BODY_LIMIT }, async (req, reply) => {
    const { kov } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CREATE);
    const body = bodyOf(req);
    const bounds = periodBounds(app.config.polls);
    const { input, errors, names } = parsePollForm(body, bounds);
    if (!input) return newPage(req, reply, kov, formValues(body), errors, badFormStatus(req));
    try {
      // the service checks the rules against the register (unknown units or lists) before it stores anything
      const { id } = await createPoll(db, kov, input, actor, secrets, names, bounds);
      reply.flash({ kind: 'success', key: 'polls.flash.created' });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title_et');
      if (bad) return newPage(req, reply, kov, formValues(body), bad.fields, bad.status);
      throw e;
    }
  });

  // ------------------------------------------------------------------ edit and delete a draft

  /** A draft to edit or delete; a published poll is refused with the reason (409 page). */
  async function draftOf(req: FastifyRequest, detail: string): Promise<Poll> {
    const { kov, id } = paramsOf(req);
    const poll = await getPoll(db, kov, id);
    if (poll.publishedAt) throw conflict(detail);
    return poll;
  }

  app.get('/kov/:kov/polls/:id/edit', async (req, reply) => {
    const { kov } = paramsOf(req);
    requirePersonFor(req, kov, POLLS_CREATE);
    const poll = await draftOf(req, 'polls.error.publishedNoEdit');
    const values = pollFormValues({ ...poll.vote, description: poll.description, rules: poll.rules, threshold: poll.threshold, members: poll.members });
    return newPage(req, reply, kov, values, undefined, 200, poll);
  });

  app.post('/kov/:kov/polls/:id/edit', { bodyLimit: POLL_FORM_BODY_LIMIT }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CREATE);
    const poll = await draftOf(req, 'polls.error.publishedNoEdit');
    const body = bodyOf(req);
    const bounds = periodBounds(app.config.polls);
    const { input, errors, names } = parsePollForm(body, bounds);
    if (!input) return newPage(req, reply, kov, formValues(body), errors, badFormStatus(req), poll);
    try {
      await updateDraftPoll(db, kov, id, input, actor, secrets, names, bounds);
      reply.flash({ kind: 'success', key: 'polls.flash.updated' });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title_et');
      if (bad) return newPage(req, reply, kov, formValues(body), bad.fields, bad.status, poll);
      throw e;
    }
  });

  app.post('/kov/:kov/polls/:id/delete', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CREATE);
    try {
      if (str(bodyOf(req), 'confirm') !== 'yes') throw badRequest([{ field: 'deleteConfirm', reason: 'polls.error.deleteConfirm' }]);
      await deleteDraftPoll(db, kov, id, actor);
      reply.flash({ kind: 'success', key: 'polls.flash.deleted' });
      return reply.redirect(`/kov/${kov}/polls/admin`, 303);
    } catch (e) {
      const bad = formErrors(e, 'deleteConfirm');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields, bad.status);
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
    // turnout over time: counts only (never a choice), for the committee and admins on this page alone
    const me = req.user ? await memberOf(db, poll.kov, poll.id, req.user.idcodeHash) : null;
    const [names, results, progress, boundaries, committee, ctx] = await Promise.all([unitNames(poll.kov), pollResults(db, poll), pollProgress(db, poll), kovBoundaries(db, poll.kov), committeeOf(db, poll.kov, poll.id), req.pageCtx()]);
    const all = [...(errors ?? []), ...previewErrors];
    return reply.page(
      ManagePage({ ctx, poll, preview, unitNames: names, results, progress, boundaries, errors: all.length ? all : undefined, canAdmin: may(req.user, poll.kov, POLLS_PUBLISH), committee, me }),
      status,
    );
  }

  app.get('/kov/:kov/polls/:id/manage', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    await requireCommitteeAct(req, db, kov, id, POLLS_READ);
    return managePage(req, reply, await getPoll(db, kov, id));
  });

  // Publishing cannot be undone: the manage page's button posts here without `confirm` and gets the
  // summary of what will happen; only the summary's own POST (confirm=yes) publishes.
  app.post('/kov/:kov/polls/:id/publish', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_PUBLISH);
    const poll = await getPoll(db, kov, id);
    if (str(bodyOf(req), 'confirm') !== 'yes') {
      if (poll.publishedAt) throw conflict('polls.error.published');
      try {
        const preview = await previewEligible(db, kov, poll.rules, formNames([]));
        const ctx = await req.pageCtx();
        return reply.page(PublishConfirmPage({ ctx, poll, eligible: preview.total, committee: await committeeOf(db, kov, id) }));
      } catch (e) {
        const bad = formErrors(e, 'roll');
        if (bad) return managePage(req, reply, poll, bad.fields, bad.status);
        throw e;
      }
    }
    try {
      await publishPoll(db, kov, id, actor, secrets);
      reply.flash({ kind: 'success', key: 'polls.flash.published' });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      const bad = formErrors(e, 'roll');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields, bad.status);
      throw e;
    }
  });

  // Closing cannot be undone either: a summary first; before the planned end it asks for the reason.
  app.post('/kov/:kov/polls/:id/close', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, POLLS_CLOSE);
    const poll = await getPoll(db, kov, id);
    const body = bodyOf(req);
    const reason = str(body, 'reason');
    const confirmPage = async (errors?: FieldError[], status = 200) => {
      const ctx = await req.pageCtx();
      return reply.page(CloseConfirmPage({ ctx, poll, early: closingEarly(poll), rollSize: poll.vote.rollSize, reason: reason.slice(0, 2000), errors }), status);
    };
    if (poll.vote.status !== 'open') return managePage(req, reply, poll, [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: req.t(`polls.status.${poll.status}`) } }], 409);
    if (str(body, 'confirm') !== 'yes') return confirmPage();
    try {
      const r = await closePoll(db, kov, id, actor, reason);
      reply.flash({ kind: 'success', key: 'polls.flash.closed', vars: { n: r.turnout } });
      return reply.redirect(`/kov/${kov}/polls/${id}/manage`, 303);
    } catch (e) {
      if (isHttpError(e) && e.status === 400 && e.fields.some((f) => f.field === 'reason')) return confirmPage(e.fields, 400);
      const bad = formErrors(e, 'status');
      if (bad) return managePage(req, reply, await getPoll(db, kov, id), bad.fields, bad.status);
      throw e;
    }
  });

  // ------------------------------------------------------------------ a member's key share (once)

  /** The signed-in person (never an API key) and her place on the poll's committee; 404 when she has none. */
  async function memberGate(req: FastifyRequest) {
    const user = requireUser(req);
    if (req.apiKey) throw forbidden();
    const { kov, id } = paramsOf(req);
    const poll = await getPoll(db, kov, id);
    const me = await memberOf(db, kov, id, user.idcodeHash);
    if (!me) throw notFound();
    return { user, poll, me };
  }

  app.get('/kov/:kov/polls/:id/share', async (req, reply) => {
    const { poll, me } = await memberGate(req);
    const state: PickupState = me.share === 'waiting' ? { kind: 'waiting' } : me.share === 'pickedUp' ? { kind: 'already', at: me.pickedUpAt } : { kind: 'notDealt' };
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    return reply.page(SharePickupPage({ ctx, poll, member: me.member, state, publicUrl: app.config.publicUrl }));
  });

  /** The pick-up: the one response that ever holds her share; the server forgets it in the same transaction. */
  app.post('/kov/:kov/polls/:id/share', async (req, reply) => {
    const { user, poll, me } = await memberGate(req);
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    try {
      const r = await pickUpShare(db, poll.kov, poll.id, user.idcodeHash, personActor(user), secrets);
      const file = shareFile(ctx, poll, r.member, r.share, app.config.publicUrl);
      const fileName = `${req.t('polls.share.fileName')}-${poll.id.slice(0, 8)}-${r.member}.txt`;
      return reply.page(SharePickupPage({ ctx, poll, member: r.member, state: { kind: 'shown', share: r.share, file, fileName }, publicUrl: app.config.publicUrl }));
    } catch (e) {
      if (isHttpError(e) && e.status === 409) {
        const again = await memberOf(db, poll.kov, poll.id, user.idcodeHash);
        const state: PickupState = again?.share === 'pickedUp' ? { kind: 'already', at: again.pickedUpAt } : { kind: 'notDealt' };
        return reply.page(SharePickupPage({ ctx, poll, member: me.member, state, publicUrl: app.config.publicUrl }), 409);
      }
      throw e;
    }
  });

  app.post('/kov/:kov/polls/:id/shares', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = await requireCommitteeAct(req, db, kov, id, POLLS_SHARE);
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
    const actor = await requireCommitteeAct(req, db, kov, id, POLLS_CERTIFY);
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
      const [view, boundaries, you] = await Promise.all([
        certifiedView(db, poll),
        kovBoundaries(db, poll.kov),
        user && !req.apiKey ? voterState(db, poll.kov, poll.id, user.idcodeHash) : null,
      ]);
      const ctx = await req.pageCtx({ csrf: false });
      const vnode = PollPage({ ctx, poll, unitNames: unitNameMap(view?.unitNames ?? []), results: view?.results ?? null, boundaries, canVote: false, you });
      if (!anonymous(req)) return sendCachedPage(req, reply, vnode, CERTIFIED_MAX_AGE);
      const rendered = renderPage(vnode);
      publicPages.set(publicKey, rendered);
      return sendPublicPage(req, reply, rendered, CERTIFIED_MAX_AGE);
    }
    let canVote = false;
    let you: VoterState | null = null;
    if (user && !req.apiKey) {
      you = await voterState(db, poll.kov, poll.id, user.idcodeHash);
      canVote = poll.status === 'open' && you.onRoll && (you.casts === 0 || poll.vote.revote);
    }
    const [names, ctx] = await Promise.all([unitNames(poll.kov), req.pageCtx()]);
    return reply.page(PollPage({ ctx, poll, unitNames: names, results: null, canVote, you }));
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
