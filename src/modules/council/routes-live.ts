// The council's live pages and the sitting's event stream (api-live.ts has the JSON API). Thin: parse →
// authorize → call the service (live.ts) → present.
//
//   /kov/:kov/council/sittings/:id/live-page            everyone: the watching page
//   /kov/:kov/council/sittings/:id/live                 everyone: text/event-stream (Last-Event-ID or ?after=);
//                                                        without Accept: text/event-stream the events so far, then the end
//   /kov/:kov/council/sittings/:id/me (+ posts)          a member seated today, signed in (her own acts)
//   /kov/:kov/council/admin/sittings/:id/console (+ posts)  the council secretary or a KOV admin, or the
//                                                        sitting body's chair or deputy chair (signed in)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { FieldError } from '../../kernel/errors.js';
import { isHttpError, notFound } from '../../kernel/errors.js';
import { createLiveHub, liveBus } from '../../kernel/live.js';
import { loadTenant } from '../../kernel/tenants.js';
import { liveApiRoutes } from './api-live.js';
import { MAX_WATCHERS, MEMBER_RATE, requireMember, requireRunner } from './live-auth.js';
import { eventOut, SittingFeeds } from './live-feed.js';
import type { Member, SpeakerKind } from './live.js';
import {
  choose,
  closeItem,
  closeSitting,
  declareRecusal,
  liveState,
  markPresence,
  moveSpeaker,
  myChoice,
  openItem,
  openSitting,
  openVote,
  proposedAmendments,
  publicView,
  registerSelf,
  requestToSpeak,
  sittingEventsAfter,
  sittingExists,
  withdrawRequest,
} from './live.js';
import type { Choice, Majority } from './repo/live.js';
import { closeAnyVote } from './secret.js';
import { LiveConsolePage, LiveMemberPage, LiveWatchPage } from './views/live-pages.js';
import { isId } from '../../kernel/ids.js';

type Params = { kov: string; id: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const str = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

/** A refused act as the page's error summary (the reason, then the fields' reasons). */
function pageErrors(e: unknown, field: string): { status: number; errors: FieldError[] } | null {
  if (!isHttpError(e) || ![400, 403, 409].includes(e.status)) return null;
  const errors: FieldError[] = [];
  if (e.detailKey) errors.push({ field, reason: e.detailKey });
  for (const f of e.fields) errors.push({ ...f, field: f.field === 'quorum' ? field : f.field });
  if (!errors.length) errors.push({ field, reason: e.titleKey });
  return { status: e.status, errors };
}

export async function liveRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const bus = liveBus(db);
  const feeds = new SittingFeeds(db, bus);
  const hub = createLiveHub(app, { maxWatchers: MAX_WATCHERS, fullKey: 'council.error.tooManyWatchers' });
  app.addHook('onClose', async () => {
    await bus.release();
  });
  await liveApiRoutes(app);

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }

  // ------------------------------------------------------------ the event stream
  app.get('/kov/:kov/council/sittings/:id/live', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    if (!isId(id) || !(await sittingExists(db, kov, id))) throw notFound();
    const q = req.query as Record<string, unknown>;
    const header = req.headers['last-event-id'];
    const raw = typeof header === 'string' && header !== '' ? header : typeof q.after === 'string' ? q.after : '0';
    const after = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    // a client that does not ask for a stream (a crawler, a script) gets the events so far, and the end
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      const rows = await sittingEventsAfter(db, kov, id, after);
      return reply
        .type('text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(rows.map((r) => `id: ${r.seq}\nevent: ${r.kind}\ndata: ${JSON.stringify(eventOut(r))}\n\n`).join(''));
    }
    const stream = hub.open(req, reply);
    try {
      await feeds.join(kov, id, after, stream);
    } catch (e) {
      req.log.warn({ err: e }, 'council live: the stream could not join its feed');
      stream.end(); // the browser comes back with its Last-Event-ID
    }
    return reply;
  });

  // ------------------------------------------------------------ the public watching page
  app.get('/kov/:kov/council/sittings/:id/live-page', async (req, reply) => {
    const { kov: code, id } = paramsOf(req);
    if (!isId(id)) throw notFound();
    const kov = await kovOf(code);
    const [s, ctx] = await Promise.all([liveState(db, code, id).then(publicView), req.pageCtx()]);
    return reply.page(LiveWatchPage({ ctx, kov, s }));
  });

  // ------------------------------------------------------------ the member's own view
  async function memberPage(req: FastifyRequest, reply: FastifyReply, me: Member, errors?: FieldError[], status = 200) {
    const { kov: code, id } = paramsOf(req);
    const kov = await kovOf(code);
    const s = await liveState(db, code, id);
    const mine = s.openVote ? await myChoice(db, code, s.openVote.id, me) : null;
    return reply.page(LiveMemberPage({ ctx: await req.pageCtx(), kov, s, me, myChoice: mine, errors }), status);
  }

  app.get('/kov/:kov/council/sittings/:id/me', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    if (!isId(id)) throw notFound();
    return memberPage(req, reply, await requireMember(req, db, kov, id));
  });

  /** A member's act from her view: done → back to the view; refused → the view with the reason. */
  function memberPost(path: string, act: (req: FastifyRequest, me: Member, b: Record<string, unknown>) => Promise<unknown>, field: string) {
    app.post(`/kov/:kov/council/sittings/:id/me/${path}`, { config: { personRateLimit: MEMBER_RATE } }, async (req, reply) => {
      const { kov, id } = paramsOf(req);
      if (!isId(id)) throw notFound();
      const me = await requireMember(req, db, kov, id);
      try {
        await act(req, me, bodyOf(req));
      } catch (e) {
        const bad = pageErrors(e, field);
        if (!bad) throw e;
        return memberPage(req, reply, me, bad.errors, bad.status);
      }
      return reply.redirect(`/kov/${kov}/council/sittings/${id}/me`, 303);
    });
  }
  memberPost('presence', (req, me, b) => registerSelf(db, paramsOf(req).kov, paramsOf(req).id, me, str(b, 'present') !== 'no'), 'live');
  memberPost('vote', (req, me, b) => choose(db, paramsOf(req).kov, paramsOf(req).id, str(b, 'voteId'), me, str(b, 'choice') as Choice), 'choice');
  memberPost('recusal', (req, me, b) => declareRecusal(db, paramsOf(req).kov, paramsOf(req).id, str(b, 'itemId'), me.membershipId, str(b, 'reason'), { member: me }), 'reason');
  memberPost('speak', (req, me, b) => requestToSpeak(db, paramsOf(req).kov, paramsOf(req).id, me, str(b, 'kind') as SpeakerKind), 'live');
  memberPost('withdraw', (req, me, b) => withdrawRequest(db, paramsOf(req).kov, paramsOf(req).id, me, str(b, 'speakerId')), 'live');

  // ------------------------------------------------------------ the console
  async function consolePage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], values?: Record<string, string>, status = 200) {
    const { kov: code, id } = paramsOf(req);
    const kov = await kovOf(code);
    const s = await liveState(db, code, id);
    const amendments = await proposedAmendments(db, code, id);
    return reply.page(LiveConsolePage({ ctx: await req.pageCtx(), kov, s, amendments, errors, values }), status);
  }

  app.get('/kov/:kov/council/admin/sittings/:id/console', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    if (!isId(id) || !(await sittingExists(db, kov, id))) throw notFound();
    await requireRunner(req, db, kov, id);
    return consolePage(req, reply);
  });

  function consolePost(path: string, act: (kov: string, id: string, b: Record<string, unknown>, actor: Actor) => Promise<unknown>, field: string) {
    app.post(`/kov/:kov/council/admin/sittings/:id/console/${path}`, async (req, reply) => {
      const { kov, id } = paramsOf(req);
      if (!isId(id) || !(await sittingExists(db, kov, id))) throw notFound();
      const actor = await requireRunner(req, db, kov, id);
      const b = bodyOf(req);
      try {
        await act(kov, id, b, actor);
      } catch (e) {
        const bad = pageErrors(e, field);
        if (!bad) throw e;
        return consolePage(req, reply, bad.errors, { subject: str(b, 'subject'), majority: str(b, 'majority'), amendmentId: str(b, 'amendmentId') }, bad.status);
      }
      reply.flash({ kind: 'success', key: 'council.live.flash.done' });
      return reply.redirect(`/kov/${kov}/council/admin/sittings/${id}/console`, 303);
    });
  }
  consolePost('open', (kov, id, _b, actor) => openSitting(db, kov, id, actor), 'live');
  consolePost('close', (kov, id, _b, actor) => closeSitting(db, kov, id, actor), 'live');
  consolePost('presence', (kov, id, b, actor) => markPresence(db, kov, id, str(b, 'membershipId'), str(b, 'present') !== 'no', 'room', actor), 'live');
  consolePost('item-open', (kov, id, b, actor) => openItem(db, kov, id, str(b, 'itemId'), actor), 'live');
  consolePost('item-close', (kov, id, b, actor) => closeItem(db, kov, id, str(b, 'itemId'), str(b, 'result'), actor), 'result');
  consolePost('recusal', (kov, id, b, actor) => declareRecusal(db, kov, id, str(b, 'itemId'), str(b, 'membershipId'), str(b, 'reason'), { actor }), 'live');
  consolePost('speaker', (kov, id, b, actor) => moveSpeaker(db, kov, id, str(b, 'speakerId'), str(b, 'what') === 'ended' ? 'ended' : 'started', str(b, 'limit') ? Number(str(b, 'limit')) : null, actor), 'live');
  consolePost(
    'vote-open',
    (kov, id, b, actor) => {
      const repeatOf = str(b, 'repeatOf') || null;
      return openVote(
        db,
        kov,
        id,
        { itemId: str(b, 'itemId'), subject: str(b, 'subject'), majority: str(b, 'majority') as Majority, amendmentId: str(b, 'amendmentId') || null, repeatOf, reason: repeatOf ? str(b, `reason-${repeatOf}`) : null },
        actor,
      );
    },
    'subject',
  );
  consolePost('vote-close', (kov, id, b, actor) => closeAnyVote(db, kov, id, str(b, 'voteId'), actor), 'live'); // either kind (secret.ts)
}
