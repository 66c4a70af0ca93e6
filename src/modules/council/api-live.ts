// The live sitting's JSON API: the current state and the event log (everyone: sittings are public,
// KOKS § 44), a member's own acts (signed in, session cookie plus x-csrf-token; never an API key) and
// the console's acts (the secretary or a KOV admin, or the chair or deputy chair; a person).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../kernel/errors.js';
import { commonErrors, KovCode, problem } from '../../kernel/schema.js';
import { eventOut } from './live-feed.js';
import type { LiveState, VoteView } from './live.js';
import {
  choose,
  closeItem,
  closeSitting,
  closeVote,
  declareRecusal,
  liveState,
  publicView,
  markPresence,
  moveSpeaker,
  myChoice,
  openItem,
  openSitting,
  openVote,
  registerSelf,
  requestToSpeak,
  sittingEventsAfter,
  sittingExists,
  withdrawRequest,
} from './live.js';
import { MEMBER_RATE, requireMember, requireRunner } from './live-auth.js';

const errors = { ...commonErrors, 409: problem('Conflict: the sitting, item or vote is not in a state that allows this (no quorum, already voted, …)') };
const pub = { tags: ['council'] };
const person = { tags: ['council'], description: 'A signed-in person (session cookie and x-csrf-token); never an API key.' };

const Id = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const MajorityT = Type.Union([Type.Literal('simple'), Type.Literal('composition'), Type.Literal('two_thirds'), Type.Literal('present_majority')], {
  description: 'simple: more for than against; composition: for > seats/2; two_thirds: for ≥ ⌈2·seats/3⌉; present_majority: for > present/2',
});
const ChoiceT = Type.Union([Type.Literal('for'), Type.Literal('against'), Type.Literal('abstain')]);

const SittingParams = Type.Object({ kov: KovCode, id: Id });
const VoteParams = Type.Object({ kov: KovCode, id: Id, voteId: Id });
const ItemParams = Type.Object({ kov: KovCode, id: Id, itemId: Id });
const SeatParams = Type.Object({ kov: KovCode, id: Id, membershipId: Id });
const SpeakerParams = Type.Object({ kov: KovCode, id: Id, speakerId: Id });

const OutcomeT = Type.Object({
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  notVoting: Type.Integer(),
  seats: Type.Integer(),
  present: Type.Integer(),
  needed: Type.Integer(),
  adopted: Type.Boolean(),
});

const VoteT = Type.Object({
  id: Id,
  itemId: Id,
  amendmentId: Nullable(Id),
  subject: Type.String(),
  majority: MajorityT,
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('void')]),
  openedAt: DateTime,
  closedAt: Nullable(DateTime),
  eligible: Type.Integer({ description: 'Seats that may vote (present at opening, no conflict of interest declared)' }),
  present: Nullable(Type.Integer()),
  repeatOf: Nullable(Id),
  repeatReason: Nullable(Type.String()),
  cast: Type.Integer({ description: 'Choices made so far' }),
  outcome: Nullable(OutcomeT),
  choices: Type.Array(
    Type.Object({
      membershipId: Id,
      name: Type.String(),
      faction: Nullable(Type.String()),
      choice: Type.Union([Type.Literal('for'), Type.Literal('against'), Type.Literal('abstain'), Type.Literal('none')]),
    }),
    { description: 'Closed votes: every eligible seat’s choice (none: did not vote)' },
  ),
});

export const LiveStateOut = Type.Object(
  {
    sitting: Type.Object({
      id: Id,
      kov: KovCode,
      number: Type.Integer(),
      state: Type.Union([Type.Literal('planned'), Type.Literal('published'), Type.Literal('open'), Type.Literal('closed')]),
      mode: Type.Union([Type.Literal('room'), Type.Literal('online'), Type.Literal('hybrid')]),
      startsAt: DateTime,
      place: Nullable(Type.String()),
      videoUrl: Nullable(Type.String()),
      bodyName: Type.String(),
    }),
    quorum: Type.Object({ seats: Type.Integer(), present: Type.Integer(), needed: Type.Integer(), has: Type.Boolean() }),
    seats: Type.Array(
      Type.Object({
        membershipId: Id,
        name: Type.String(),
        faction: Nullable(Type.String()),
        role: Type.Union([Type.Literal('chair'), Type.Literal('deputy'), Type.Literal('member')]),
        substituteFor: Nullable(Id),
        present: Type.Boolean(),
        how: Nullable(Type.Union([Type.Literal('room'), Type.Literal('online')])),
      }),
    ),
    items: Type.Array(
      Type.Object({
        id: Id,
        position: Type.Integer(),
        title: Type.String(),
        state: Type.Union([Type.Literal('pending'), Type.Literal('open'), Type.Literal('done')]),
        result: Nullable(Type.String()),
        recused: Type.Array(Id, { description: 'Memberships that declared a conflict of interest' }),
      }),
    ),
    currentItemId: Nullable(Id),
    speakers: Type.Array(
      Type.Object({
        id: Id,
        itemId: Id,
        name: Type.String(),
        kind: Type.Union([Type.Literal('speech'), Type.Literal('question'), Type.Literal('reply')]),
        limitSeconds: Nullable(Type.Integer()),
        requestedAt: DateTime,
        startedAt: Nullable(DateTime),
        endedAt: Nullable(DateTime),
        withdrawnAt: Nullable(DateTime),
      }),
    ),
    votes: Type.Array(VoteT),
    openVote: Nullable(VoteT),
    seq: Type.Integer({ description: 'The last event’s number: rejoin the stream after it' }),
  },
  { description: 'The sitting as it is now' },
);

const EventsOut = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      kind: Type.String({ description: 'sitting.opened, presence, item.opened, recusal, speaker, vote.opened, vote.closed, vote.void, item.closed, sitting.closed' }),
      at: DateTime,
      data: Type.Object({}, { additionalProperties: true, description: 'The event’s data by kind (see docs/council.md and repo/live.ts: the event log contract)' }),
    }),
  ),
});

const MeOut = Type.Object({ membershipId: Id, name: Type.String(), present: Type.Boolean(), openVoteId: Nullable(Id), choice: Nullable(ChoiceT) });
const Done = Type.Object({ ok: Type.Literal(true) });
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const voteOut = (v: VoteView) => ({ ...v, openedAt: new Date(v.openedAt).toISOString(), closedAt: iso(v.closedAt) });

export function stateOut(s: LiveState): Static<typeof LiveStateOut> {
  return {
    sitting: { ...s.sitting, startsAt: new Date(s.sitting.startsAt).toISOString() },
    quorum: s.quorum,
    seats: s.seats.map((m) => ({ membershipId: m.membershipId, name: m.name, faction: m.faction, role: m.role, substituteFor: m.substituteFor, present: m.present, how: m.how })),
    items: s.items.map((i) => ({ id: i.id, position: i.position, title: i.title, state: i.state, result: i.result, recused: i.recused })),
    currentItemId: s.currentItemId,
    speakers: s.speakers.map((x) => ({
      id: x.id,
      itemId: x.itemId,
      name: x.name,
      kind: x.kind,
      limitSeconds: x.limitSeconds,
      requestedAt: new Date(x.requestedAt).toISOString(),
      startedAt: iso(x.startedAt),
      endedAt: iso(x.endedAt),
      withdrawnAt: iso(x.withdrawnAt),
    })),
    votes: s.votes.map(voteOut),
    openVote: s.openVote ? voteOut(s.openVote) : null,
    seq: s.seq,
  };
}

export async function liveApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const base = '/api/v1/kov/:kov/council/sittings/:id';

  r.get(`${base}/state`, { schema: { ...pub, summary: 'A sitting as it is now: quorum, presence, agenda, speakers, votes with names (public)', params: SittingParams, response: { 200: LiveStateOut, ...errors } } }, async (req) =>
    stateOut(publicView(await liveState(db, req.params.kov, req.params.id))),
  );

  r.get(
    `${base}/events`,
    {
      schema: {
        ...pub,
        summary: 'The sitting’s event log after a sequence number (public; the live stream is GET /kov/{kov}/council/sittings/{id}/live)',
        params: SittingParams,
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }),
        response: { 200: EventsOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      if (!(await sittingExists(db, kov, id))) throw notFound();
      return { items: (await sittingEventsAfter(db, kov, id, req.query.after ?? 0)).map(eventOut) };
    },
  );

  // ------------------------------------------------------------ a member's own acts
  r.get(`${base}/me`, { schema: { ...person, summary: 'My seat in the sitting and my choice in the open vote', params: SittingParams, response: { 200: MeOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const me = await requireMember(req, db, kov, id);
    const s = await liveState(db, kov, id);
    const seat = s.seats.find((x) => x.membershipId === me.membershipId);
    return { membershipId: me.membershipId, name: me.name, present: !!seat?.present, openVoteId: s.openVote?.id ?? null, choice: s.openVote ? await myChoice(db, kov, s.openVote.id, me) : null };
  });

  r.post(
    `${base}/presence`,
    { config: { personRateLimit: MEMBER_RATE }, schema: { ...person, summary: 'Register myself present online (or leave)', params: SittingParams, body: Type.Object({ present: Type.Boolean() }), response: { 200: Done, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      await registerSelf(db, kov, id, await requireMember(req, db, kov, id), req.body.present);
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/votes/:voteId/choice`,
    { config: { personRateLimit: MEMBER_RATE }, schema: { ...person, summary: 'My choice in the open vote (once; a second attempt is 409)', params: VoteParams, body: Type.Object({ choice: ChoiceT }), response: { 200: Done, ...errors } } },
    async (req) => {
      const { kov, id, voteId } = req.params;
      await choose(db, kov, id, voteId, await requireMember(req, db, kov, id), req.body.choice);
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/recusals`,
    {
      config: { personRateLimit: MEMBER_RATE },
      schema: { ...person, summary: 'Declare my conflict of interest for an item (out of its votes)', params: SittingParams, body: Type.Object({ itemId: Id, reason: Type.String({ maxLength: 1000 }) }), response: { 200: Done, ...errors } },
    },
    async (req) => {
      const { kov, id } = req.params;
      const me = await requireMember(req, db, kov, id);
      await declareRecusal(db, kov, id, req.body.itemId, me.membershipId, req.body.reason, { member: me });
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/speakers`,
    {
      config: { personRateLimit: MEMBER_RATE },
      schema: {
        ...person,
        summary: 'Ask to speak on the open item (speech, question or reply)',
        params: SittingParams,
        body: Type.Object({ kind: Type.Union([Type.Literal('speech'), Type.Literal('question'), Type.Literal('reply')]) }),
        response: { 200: Type.Object({ id: Id }), ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      return { id: await requestToSpeak(db, kov, id, await requireMember(req, db, kov, id), req.body.kind) };
    },
  );

  r.post(
    `${base}/speakers/:speakerId/withdraw`,
    { config: { personRateLimit: MEMBER_RATE }, schema: { ...person, summary: 'Withdraw my request to speak', params: SpeakerParams, response: { 200: Done, ...errors } } },
    async (req) => {
      const { kov, id, speakerId } = req.params;
      await withdrawRequest(db, kov, id, await requireMember(req, db, kov, id), speakerId);
      return { ok: true as const };
    },
  );

  // ------------------------------------------------------------ the console's acts
  const runner = { tags: ['council'], description: 'The council secretary or a KOV admin, or the chair or deputy chair; a signed-in person.' };

  r.post(`${base}/open`, { schema: { ...runner, summary: 'Open the sitting', params: SittingParams, response: { 200: Done, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    await openSitting(db, kov, id, await requireRunner(req, db, kov, id));
    return { ok: true as const };
  });

  r.post(`${base}/close`, { schema: { ...runner, summary: 'Close the sitting', params: SittingParams, response: { 200: Done, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    await closeSitting(db, kov, id, await requireRunner(req, db, kov, id));
    return { ok: true as const };
  });

  r.post(
    `${base}/presence/:membershipId`,
    {
      schema: {
        ...runner,
        summary: 'Mark a member present (in the room) or absent',
        params: SeatParams,
        body: Type.Object({ present: Type.Boolean(), how: Type.Optional(Type.Union([Type.Literal('room'), Type.Literal('online')])) }),
        response: { 200: Done, ...errors },
      },
    },
    async (req) => {
      const { kov, id, membershipId } = req.params;
      await markPresence(db, kov, id, membershipId, req.body.present, req.body.how ?? 'room', await requireRunner(req, db, kov, id));
      return { ok: true as const };
    },
  );

  r.post(`${base}/items/:itemId/open`, { schema: { ...runner, summary: 'Open an agenda item', params: ItemParams, response: { 200: Done, ...errors } } }, async (req) => {
    const { kov, id, itemId } = req.params;
    await openItem(db, kov, id, itemId, await requireRunner(req, db, kov, id));
    return { ok: true as const };
  });

  r.post(
    `${base}/items/:itemId/close`,
    { schema: { ...runner, summary: 'Close the open agenda item with its result', params: ItemParams, body: Type.Object({ result: Type.Optional(Type.String({ maxLength: 2000 })) }), response: { 200: Done, ...errors } } },
    async (req) => {
      const { kov, id, itemId } = req.params;
      await closeItem(db, kov, id, itemId, req.body.result ?? '', await requireRunner(req, db, kov, id));
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/recusals/:membershipId`,
    {
      schema: { ...runner, summary: 'Declare a member’s conflict of interest on her behalf', params: SeatParams, body: Type.Object({ itemId: Id, reason: Type.String({ maxLength: 1000 }) }), response: { 200: Done, ...errors } },
    },
    async (req) => {
      const { kov, id, membershipId } = req.params;
      await declareRecusal(db, kov, id, req.body.itemId, membershipId, req.body.reason, { actor: await requireRunner(req, db, kov, id) });
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/speakers/:speakerId`,
    {
      schema: {
        ...runner,
        summary: 'Give the floor (with a time limit) or end a speech',
        params: SpeakerParams,
        body: Type.Object({ what: Type.Union([Type.Literal('started'), Type.Literal('ended')]), limitSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600 })) }),
        response: { 200: Done, ...errors },
      },
    },
    async (req) => {
      const { kov, id, speakerId } = req.params;
      await moveSpeaker(db, kov, id, speakerId, req.body.what, req.body.limitSeconds ?? null, await requireRunner(req, db, kov, id));
      return { ok: true as const };
    },
  );

  r.post(
    `${base}/votes`,
    {
      schema: {
        ...runner,
        summary: 'Open a named vote on the open item (needs quorum); a repeat names the vote it repeats and why',
        params: SittingParams,
        body: Type.Object({
          itemId: Id,
          subject: Type.String({ minLength: 1, maxLength: 500 }),
          majority: MajorityT,
          amendmentId: Type.Optional(Nullable(Id)),
          repeatOf: Type.Optional(Nullable(Id)),
          reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
        }),
        response: { 200: Type.Object({ id: Id }), ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      return { id: await openVote(db, kov, id, req.body, await requireRunner(req, db, kov, id)) };
    },
  );

  r.post(`${base}/votes/:voteId/close`, { schema: { ...runner, summary: 'Close the open vote; answers the outcome', params: VoteParams, response: { 200: OutcomeT, ...errors } } }, async (req) => {
    const { kov, id, voteId } = req.params;
    return closeVote(db, kov, id, voteId, await requireRunner(req, db, kov, id));
  });
}
