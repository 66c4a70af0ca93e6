// The council record's JSON API (typed; in openapi.json):
//
//   GET  /api/v1/kov/:kov/council/archive (?q, ?page)              everyone: closed sittings with decisions, searchable
//   GET  /api/v1/kov/:kov/council/archive/sittings/:id             everyone: a closed sitting's record and signed minutes
//   GET  /api/v1/kov/:kov/council/archive/members/:id              everyone: a person's voting record
//   GET  /api/v1/kov/:kov/council/sittings/:id/minutes             the secretary or a KOV admin: the minutes (draft or saved), history
//   PUT  /api/v1/kov/:kov/council/sittings/:id/minutes             the secretary or a KOV admin (a person): saves the text
//   POST /api/v1/kov/:kov/council/sittings/:id/minutes/sign        the chair of the sitting's body, as herself
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { forbidden } from '../../kernel/errors.js';
import { personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { commonErrors, KovCode, problem } from '../../kernel/schema.js';
import { archiveList, archiveSitting, memberRecord } from './archive.js';
import type { MinutesView, RecordVote, SittingRecord } from './minutes.js';
import { isChairOf, MINUTES_MAX, minutesView, saveMinutesText, signMinutesAsChair } from './minutes.js';
import { COUNCIL_MINUTES } from './permissions.js';

const errors = { ...commonErrors, 409: problem('Conflict: the sitting is not closed, or the minutes are signed already or not saved yet') };
const pub = { tags: ['council'] };
const api = { tags: ['council'], security: [{ apiKey: [] }] };
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const KovParams = Type.Object({ kov: KovCode });
const KovIdParams = Type.Object({ kov: KovCode, id: Uuid });

const Outcome = Type.Object({
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  notVoting: Type.Integer({ description: 'Eligible seats that did not vote' }),
  seats: Type.Integer({ description: 'The body’s composition' }),
  present: Type.Integer({ description: 'Seats registered present when the vote opened' }),
  needed: Type.Integer({ description: 'Votes in favour the rule needed' }),
  adopted: Type.Boolean(),
});
const Majority = Type.Union([Type.Literal('simple'), Type.Literal('composition'), Type.Literal('two_thirds'), Type.Literal('present_majority')]);
const ChoiceOut = Type.Union([Type.Literal('for'), Type.Literal('against'), Type.Literal('abstain'), Type.Literal('none')]);

const VoteOut = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  kind: Type.Union([Type.Literal('open'), Type.Literal('secret')]),
  majority: Majority,
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('void')]),
  outcome: Nullable(Outcome),
  choices: Nullable(Type.Array(Type.Object({ membershipId: Type.String(), name: Type.String(), faction: Nullable(Type.String()), choice: ChoiceOut }), { description: 'Open votes: each eligible member’s choice; null for secret ballots' })),
  amendmentId: Nullable(Type.String({ description: 'The amendment voted on; null: a vote on the item or its draft' })),
  repeatOf: Nullable(Type.String()),
  repeatReason: Nullable(Type.String()),
  voidReason: Nullable(Type.String()),
  at: DateTime,
});

const RecordOut = Type.Object(
  {
    sittingId: Type.String(),
    body: Type.Object({ id: Type.String(), name: Type.String(), seats: Type.Integer() }),
    number: Type.Integer(),
    kind: Type.Union([Type.Literal('regular'), Type.Literal('extraordinary')]),
    mode: Type.Union([Type.Literal('room'), Type.Literal('online'), Type.Literal('hybrid')]),
    startsAt: DateTime,
    place: Nullable(Type.String()),
    openedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
    present: Type.Array(Type.Object({ membershipId: Type.String(), name: Type.String(), faction: Nullable(Type.String()), how: Type.Union([Type.Literal('room'), Type.Literal('online')]) })),
    absent: Type.Array(Type.Object({ membershipId: Type.String(), name: Type.String(), faction: Nullable(Type.String()) })),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        position: Type.Integer(),
        title: Type.String(),
        public: Type.Boolean(),
        result: Nullable(Type.String()),
        speakers: Type.Array(Type.Object({ name: Type.String(), kind: Type.Union([Type.Literal('speech'), Type.Literal('question'), Type.Literal('reply')]) })),
        recusals: Type.Array(Type.Object({ name: Type.String(), reason: Type.String() })),
        amendments: Type.Array(Type.Object({ id: Type.String(), proposer: Type.String(), text: Type.String(), status: Type.String() })),
        votes: Type.Array(VoteOut),
      }),
    ),
  },
  { description: 'A sitting’s record drafted from its event log' },
);

const SignedMinutes = Type.Object({ text: Type.String(), signedAt: DateTime, signedBy: Nullable(Type.String()) });

const ArchiveOut = Type.Object({
  q: Type.String(),
  page: Type.Integer(),
  pages: Type.Integer(),
  total: Type.Integer(),
  sittings: Type.Array(
    Type.Object({
      id: Type.String(),
      body: Type.Object({ id: Type.String(), name: Type.String() }),
      number: Type.Integer(),
      kind: Type.String(),
      mode: Type.String(),
      startsAt: DateTime,
      place: Nullable(Type.String()),
      closedAt: Nullable(DateTime),
      minutesSignedAt: Nullable(DateTime),
      decisions: Type.Array(Type.Object({ position: Type.Integer(), title: Type.String(), result: Type.String() })),
    }),
  ),
});

const SittingOut = Type.Object({ record: RecordOut, minutes: Nullable(SignedMinutes) });

const MemberOut = Type.Object({
  person: Type.Object({ id: Type.String(), name: Type.String() }),
  memberships: Type.Array(Type.Object({ bodyId: Type.String(), role: Type.String(), faction: Nullable(Type.String()), starts: Type.String(), ends: Nullable(Type.String()), substitute: Type.Boolean() })),
  votes: Type.Array(
    Type.Object({
      voteId: Type.String(),
      sittingId: Type.String(),
      sittingNumber: Type.Integer(),
      bodyName: Type.String(),
      startsAt: DateTime,
      itemPosition: Type.Integer(),
      itemTitle: Type.String(),
      subject: Type.String(),
      majority: Majority,
      outcome: Nullable(Outcome),
      choice: ChoiceOut,
    }),
  ),
});

const MinutesOut = Type.Object({
  sittingId: Type.String(),
  state: Type.String({ description: 'The sitting’s state; minutes are written once it is closed' }),
  saved: Type.Boolean({ description: 'false: `text` is the draft from the event log, not saved yet' }),
  text: Type.String(),
  editedAt: Nullable(DateTime),
  editedBy: Nullable(Type.String()),
  signedAt: Nullable(DateTime),
  signedBy: Nullable(Type.String()),
  versions: Type.Array(Type.Object({ version: Type.Integer(), editedAt: DateTime, editedBy: Nullable(Type.String()), length: Type.Integer() })),
  record: RecordOut,
});

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function voteOut(v: RecordVote) {
  return { id: v.voteId, subject: v.subject, kind: v.kind, majority: v.majority, state: v.state, outcome: v.outcome, choices: v.choices, amendmentId: v.amendmentId, repeatOf: v.repeatOf, repeatReason: v.repeatReason, voidReason: v.voidReason, at: v.at.toISOString() };
}

export function recordOut(r: SittingRecord) {
  return {
    sittingId: r.sittingId,
    body: r.body,
    number: r.number,
    kind: r.kind,
    mode: r.mode,
    startsAt: r.startsAt.toISOString(),
    place: r.place,
    openedAt: iso(r.openedAt),
    closedAt: iso(r.closedAt),
    present: r.present,
    absent: r.absent,
    items: r.items.map((i) => ({ id: i.id, position: i.position, title: i.title, public: i.public, result: i.result, speakers: i.speakers, recusals: i.recusals, amendments: i.amendments, votes: i.votes.map(voteOut) })),
  };
}

function minutesOut(v: MinutesView) {
  return {
    sittingId: v.record.sittingId,
    state: v.state,
    saved: !!v.saved,
    text: v.text,
    editedAt: iso(v.saved?.edited_at ?? null),
    editedBy: v.saved?.edited_by ?? null,
    signedAt: iso(v.saved?.signed_at ?? null),
    signedBy: v.saved?.signed_by ?? null,
    versions: v.versions.map((x) => ({ version: x.version, editedAt: new Date(x.edited_at).toISOString(), editedBy: x.edited_by, length: Number(x.length) })),
    record: recordOut(v.record),
  };
}

export async function recordApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get(
    '/api/v1/kov/:kov/council/archive',
    {
      schema: {
        ...pub,
        summary: 'Closed sittings of the KOV’s council and commissions with their decisions, newest first; full-text search with q (public)',
        params: KovParams,
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }),
        response: { 200: ArchiveOut, ...errors },
      },
    },
    async (req) => {
      const list = await archiveList(db, req.params.kov, req.query.q ?? '', req.query.page ?? 1);
      return {
        ...list,
        sittings: list.sittings.map((s) => ({
          id: s.id,
          body: { id: s.bodyId, name: s.bodyName },
          number: s.number,
          kind: s.kind,
          mode: s.mode,
          startsAt: s.startsAt.toISOString(),
          place: s.place,
          closedAt: iso(s.closedAt),
          minutesSignedAt: iso(s.minutesSignedAt),
          decisions: s.decisions,
        })),
      };
    },
  );

  r.get(
    '/api/v1/kov/:kov/council/archive/sittings/:id',
    { schema: { ...pub, summary: 'A closed sitting’s record (votes by name for open votes, counts for secret ones) and its signed minutes (public)', params: KovIdParams, response: { 200: SittingOut, ...errors } } },
    async (req) => {
      const v = await archiveSitting(db, req.params.kov, req.params.id);
      return { record: recordOut(v.record), minutes: v.minutes ? { text: v.minutes.text, signedAt: new Date(v.minutes.signed_at!).toISOString(), signedBy: v.minutes.signed_by } : null };
    },
  );

  r.get(
    '/api/v1/kov/:kov/council/archive/members/:id',
    { schema: { ...pub, summary: 'A council member’s voting record: every open vote of a closed sitting she could vote in (public)', params: KovIdParams, response: { 200: MemberOut, ...errors } } },
    async (req) => {
      const m = await memberRecord(db, req.params.kov, req.params.id);
      return { ...m, votes: m.votes.map((v) => ({ ...v, startsAt: v.startsAt.toISOString() })) };
    },
  );

  r.get(
    '/api/v1/kov/:kov/council/sittings/:id/minutes',
    { schema: { ...api, summary: 'The minutes of a sitting as the secretary sees them: the draft from the event log or the saved text, its history', params: KovIdParams, response: { 200: MinutesOut, ...errors } } },
    async (req) => {
      requireAction(req, req.params.kov, COUNCIL_MINUTES);
      return minutesOut(await minutesView(db, req.params.kov, req.params.id));
    },
  );

  r.put(
    '/api/v1/kov/:kov/council/sittings/:id/minutes',
    {
      schema: {
        ...api,
        summary: 'Saves the minutes’ text (a closed sitting’s, until the chair signs); each save is a version of the history',
        params: KovIdParams,
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: MINUTES_MAX }),
            baseVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'The version the edit started from (0: the draft); if another save came since, 409 instead of overwriting it' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MinutesOut, ...errors },
      },
    },
    async (req) => {
      const actor = requirePersonFor(req, req.params.kov, COUNCIL_MINUTES);
      await saveMinutesText(db, req.params.kov, req.params.id, req.body.text, actor, req.body.baseVersion);
      return minutesOut(await minutesView(db, req.params.kov, req.params.id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/council/sittings/:id/minutes/sign',
    { schema: { ...pub, summary: 'The chair of the sitting’s body signs the minutes off (signed in as herself); they are frozen and published', params: KovIdParams, response: { 200: MinutesOut, ...errors } } },
    async (req) => {
      if (req.apiKey) throw forbidden('error.personOnly');
      const user = requireUser(req);
      const { kov, id } = req.params;
      if (!(await isChairOf(db, kov, id, user.idcodeHash))) throw forbidden('council.rec.error.notChair');
      await signMinutesAsChair(db, kov, id, user.idcodeHash, personActor(user));
      return minutesOut(await minutesView(db, kov, id));
    },
  );
}
