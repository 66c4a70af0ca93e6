// The training module's JSON API. Thin: parse (TypeBox) → authorize → service → present.
//
//   GET  /api/v1/training/programmes                     programmes with their groups and free places (public)
//   GET  /api/v1/training/groups/:id                     a group: days, sessions, places (public)
//   GET  /api/v1/training/events                         seminars and webinars (public)
//   GET  /api/v1/kov/:kov/training/teams                 the KOV's teams (training.read: KOV admins, training contacts, API key read)
//   POST /api/v1/kov/:kov/training/teams                 register a team (training.register, API key write)
//   POST /api/v1/kov/:kov/training/teams/:id/cancel      cancel a team; the waiting list moves up
//   PUT  /api/v1/training/groups/:id/attendance          a trainer's (or the coordinator's) marks: days present and e-learning hours
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireAction, requireUser, personActor } from '../../kernel/auth.js';
import { forbidden, notFound } from '../../kernel/errors.js';
import { KovCode, commonErrors, problem } from '../../kernel/schema.js';
import { TRAINING_READ, TRAINING_REGISTER, isCoordinator } from './permissions.js';
import type { GroupDetail, GroupSummary, Team, TrainingEvent } from './service.js';
import { cancelTeam, groupDetail, groupRoster, registerTeam, saveAttendance, teamsOfKov, trainingCatalogue, trainsGroup } from './service.js';

const L3 = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() });
const GroupOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  region: Type.String(),
  place: Type.String(),
  capacity: Type.Integer({ description: 'Places, counted in people' }),
  taken: Type.Integer({ description: 'People in confirmed teams' }),
  free: Type.Integer(),
  waiting: Type.Integer({ description: 'Teams on the waiting list' }),
  registrationDeadline: Type.String({ format: 'date-time' }),
  open: Type.Boolean({ description: 'Registration is open (before the deadline)' }),
  firstDay: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});
const ProgrammeOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: L3,
  description: L3,
  academicHours: Type.Integer(),
  contactDays: Type.Integer(),
  elearningHours: Type.Number(),
  minDays: Type.Integer({ description: 'Completion: at least this many contact days attended' }),
  minElearningHours: Type.Number({ description: 'Completion: at least this many e-learning hours done' }),
  groups: Type.Array(GroupOut),
});
const DayOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  no: Type.Integer(),
  date: Type.String({ format: 'date' }),
  sessions: Type.Array(Type.Object({ starts: Type.String({ description: 'HH:MM, Europe/Tallinn' }), topic: Type.String(), trainer: Type.String() })),
});
const GroupDetailOut = Type.Object({ group: GroupOut, programme: Type.Omit(ProgrammeOut, ['groups']), days: Type.Array(DayOut), trainers: Type.Array(Type.String()) });
const EventOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('seminar'), Type.Literal('webinar')]),
  title: Type.String(),
  description: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  place: Type.String(),
  url: Type.String(),
  capacity: Type.Integer(),
  free: Type.Integer(),
  registrationDeadline: Type.String({ format: 'date-time' }),
  open: Type.Boolean(),
});
const TeamOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  groupId: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('confirmed'), Type.Literal('waiting'), Type.Literal('cancelled')]),
  waitingPlace: Type.Union([Type.Integer(), Type.Null()], { description: 'Place on the waiting list (1 = next), for a waiting team' }),
  size: Type.Integer(),
  serviceId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  topic: Type.String({ description: 'The service’s name, or the problem the team works on' }),
  contactEmail: Type.String(),
  members: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), email: Type.String() })),
});
const TeamIn = Type.Object(
  {
    groupId: Type.String({ format: 'uuid' }),
    serviceId: Type.Optional(Type.String({ maxLength: 40, description: 'A published service of the KOV’s catalogue (its id); or give problem' })),
    problem: Type.Optional(Type.String({ maxLength: 500, description: 'The problem the team will work on, when no service is given' })),
    contactEmail: Type.String({ maxLength: 254 }),
    members: Type.Array(
      Type.Object(
        { name: Type.String({ maxLength: 200 }), idcode: Type.String({ maxLength: 11, description: 'Personal ID code (isikukood); stored only as a keyed hash' }), email: Type.Optional(Type.String({ maxLength: 254 })) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5 },
    ),
  },
  { additionalProperties: false },
);
const AttendanceIn = Type.Object(
  {
    members: Type.Array(
      Type.Object(
        {
          memberId: Type.String({ format: 'uuid' }),
          days: Type.Array(Type.Integer({ minimum: 1, maximum: 30 }), { description: 'The contact days (numbers) the member attended; the others are unmarked' }),
          elearningHours: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

const groupOut = (g: GroupSummary) => ({
  id: g.id,
  region: g.region,
  place: g.place,
  capacity: g.capacity,
  taken: g.taken,
  free: g.free,
  waiting: g.waiting,
  registrationDeadline: g.deadline.toISOString(),
  open: g.open,
  firstDay: g.firstDay,
});
const programmeOut = (p: GroupDetail['programme']) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  description: p.description,
  academicHours: p.academicHours,
  contactDays: p.contactDays,
  elearningHours: p.elearningHours,
  minDays: p.minDays,
  minElearningHours: p.minElearningHours,
});
const eventOut = (e: TrainingEvent) => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  description: e.description,
  startsAt: e.startsAt.toISOString(),
  place: e.place,
  url: e.url,
  capacity: e.capacity,
  free: e.free,
  registrationDeadline: e.deadline.toISOString(),
  open: e.open,
});
const teamOut = (x: Team) => ({
  id: x.id,
  groupId: x.groupId,
  status: x.status,
  waitingPlace: x.waitingPlace,
  size: x.size,
  serviceId: x.serviceId,
  topic: x.topic,
  contactEmail: x.contactEmail,
  members: x.members,
});

const tags = ['training'];
const pub = { tags };
const keyed = { tags, security: [{ apiKey: [] }] };
const errors = { ...commonErrors, 409: problem('Conflict: registration closed, or the team was cancelled already') };
const IdParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const KovParams = Type.Object({ kov: KovCode });

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const idcodeKey = app.config.idcodeHmacKey;

  r.get('/api/v1/training/programmes', { schema: { ...pub, summary: 'Training programmes with their regional groups and free places', response: { 200: Type.Object({ items: Type.Array(ProgrammeOut) }) } } }, async () => {
    const c = await trainingCatalogue(db);
    return { items: c.programmes.map((p) => ({ ...programmeOut(p), groups: p.groups.map(groupOut) })) };
  });

  r.get('/api/v1/training/groups/:id', { schema: { ...pub, summary: 'A group: its programme, days, sessions and places', params: IdParams, response: { 200: GroupDetailOut, 404: commonErrors[404] } } }, async (req) => {
    const d = await groupDetail(db, req.params.id);
    if (!d) throw notFound();
    return { group: groupOut(d.group), programme: programmeOut(d.programme), days: d.days, trainers: d.trainers };
  });

  r.get('/api/v1/training/events', { schema: { ...pub, summary: 'Seminars and webinars', response: { 200: Type.Object({ items: Type.Array(EventOut) }) } } }, async () => ({
    items: (await trainingCatalogue(db)).events.map(eventOut),
  }));

  r.get('/api/v1/kov/:kov/training/teams', { schema: { ...keyed, summary: 'The KOV’s teams, newest first (training.read)', params: KovParams, response: { 200: Type.Object({ items: Type.Array(TeamOut) }), ...errors } } }, async (req) => {
    requireAction(req, req.params.kov, TRAINING_READ);
    return { items: (await teamsOfKov(db, req.params.kov)).map(teamOut) };
  });

  r.post(
    '/api/v1/kov/:kov/training/teams',
    {
      schema: {
        ...keyed,
        summary: 'Register a team of 1–5 members in a group: confirmed if it fits whole and nobody waits, else waiting (training.register)',
        params: KovParams,
        body: TeamIn,
        response: { 201: Type.Object({ teamId: Type.String({ format: 'uuid' }), status: Type.Union([Type.Literal('confirmed'), Type.Literal('waiting')]), waitingPlace: Type.Union([Type.Integer(), Type.Null()]) }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireAction(req, req.params.kov, TRAINING_REGISTER);
      const b = req.body;
      const out = await registerTeam(
        db,
        idcodeKey,
        req.params.kov,
        { groupId: b.groupId, serviceId: b.serviceId ?? '', problem: b.problem ?? '', contactEmail: b.contactEmail, members: b.members.map((m) => ({ name: m.name, idcode: m.idcode, email: m.email ?? '' })) },
        actor,
      );
      return reply.code(201).send(out);
    },
  );

  r.post(
    '/api/v1/kov/:kov/training/teams/:id/cancel',
    {
      schema: {
        ...keyed,
        summary: 'Cancel a team; its places go to the waiting teams in order (training.register)',
        params: Type.Object({ kov: KovCode, id: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ promoted: Type.Array(Type.String({ format: 'uuid' }), { description: 'The waiting teams now confirmed' }) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireAction(req, req.params.kov, TRAINING_REGISTER);
      return cancelTeam(db, req.params.kov, req.params.id, actor);
    },
  );

  r.put(
    '/api/v1/training/groups/:id/attendance',
    {
      schema: {
        tags,
        summary: 'A trainer’s marks for the group: the days each member attended and e-learning hours (signed-in trainer of the group, or the coordinator)',
        params: IdParams,
        body: AttendanceIn,
        response: { 200: Type.Object({ marked: Type.Integer(), unmarked: Type.Integer(), certificates: Type.Integer({ description: 'Certificates issued by this save' }) }), ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      if (!isCoordinator(user) && !(await trainsGroup(db, req.params.id, user.idcodeHash))) throw forbidden();
      const roster = await groupRoster(db, req.params.id);
      if (!roster) throw notFound();
      const dayIdOf = new Map(roster.detail.days.map((d) => [d.no, d.id]));
      const present = new Map<string, Set<string>>();
      const elearning = new Map<string, number>();
      for (const m of req.body.members) {
        present.set(m.memberId, new Set(m.days.map((n) => dayIdOf.get(n) ?? `day-${n}`)));
        if (m.elearningHours !== undefined) elearning.set(m.memberId, m.elearningHours);
      }
      // members not named keep their marks
      for (const m of roster.members) if (!present.has(m.id)) present.set(m.id, new Set(m.days));
      return saveAttendance(db, req.params.id, { present, elearning }, personActor(user));
    },
  );
}
