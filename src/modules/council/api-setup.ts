// The council's set-up JSON API (/api/v1/kov/:kov/council/…). Thin: parse (TypeBox) → authorize →
// service → present. Reads are public (what the public pages show); officials and the KOV's API keys
// with `read` also see sittings still being prepared and drafts not yet public. Writes: KOV admin or
// council secretary, or an API key of the KOV with `write` (COUNCIL_SETUP).
//
//   GET  …/council/bodies                     the council and its commissions
//   GET  …/council/bodies/:id/members         a body's seats on a day (?on=YYYY-MM-DD; substitutes in)
//   GET  …/council/sittings                   sittings, newest first
//   GET  …/council/sittings/:id               a sitting with its agenda and documents
//   POST …/council/sittings                   a new sitting, with its agenda at once (write)
//   PATCH …/council/sittings/:id              its kind, mode, time, place, video link (write; before it
//                                             opens; after the notice only with a reason: notice history)
//   POST …/council/sittings/:id/items         an agenda item at the end (write)
//   POST …/council/sittings/:id/items/:itemId/move   an item one place up or down (write; not once open)
//   DELETE …/council/sittings/:id/items/:itemId      an item off the agenda (write; not once open)
//   POST …/council/sittings/:id/files         a document or its next version (multipart; write)
//   POST …/council/sittings/:id/publish       the notice (KOKS § 44 deadline; write)
//   GET  …/council/drafts, …/drafts/:id       drafts, one draft with documents, opinions, amendments
//   POST …/council/drafts                     a new draft (write)
//   POST …/council/drafts/:id/files           a document or its next version (multipart; write)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { may, requireAction } from '../../kernel/auth.js';
import { today } from '../../kernel/clock.js';
import { badRequest } from '../../kernel/errors.js';
import { KovCode, commonErrors, problem } from '../../kernel/schema.js';
import { COUNCIL_READ, COUNCIL_SETUP } from './permissions.js';
import type { AmendmentRow, BodyRow, DraftRow, FileMetaRow, ItemView, NoticeChangeRow, Seat, SittingDetails, SittingRow } from './service.js';
import { MAX_FILE_BYTES, addItem, createDraft, createSitting, getBody, getDraft, getSitting, listBodies, listDrafts, listSittings, moveItem, noticeDeadline, publishNotice, removeItem, seatsOn, updateSitting } from './service.js';
import { UPLOAD_LIMITS, readFileUpload, storeUpload, type FileUpload } from './upload.js';

const errors = { ...commonErrors, 409: problem('Conflict: a rule refuses it (the notice deadline, an agenda that is fixed, a number taken)') };
const tags = { tags: ['council'] };
const write = { tags: ['council'], security: [{ apiKey: [] }] };

const Id = Type.String({ maxLength: 64 });
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Tallinn)' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const KovParams = Type.Object({ kov: KovCode });
const KovIdParams = Type.Object({ kov: KovCode, id: Id });

const BodyOut = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('council'), Type.Literal('commission')]),
  parentId: Nullable(Type.String()),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  seats: Type.Integer(),
});
const SeatOut = Type.Object({
  membershipId: Type.String({ description: 'The holder’s membership (a substitute’s own while she holds the seat)' }),
  personId: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('chair'), Type.Literal('deputy'), Type.Literal('member')]),
  faction: Nullable(Type.String()),
  votingRight: Type.Boolean(),
  substituteFor: Nullable(Type.String({ description: 'For a substitute (asendusliige): the member’s membership she holds the seat for' })),
  replacedName: Nullable(Type.String()),
});
const FileOut = Type.Object({
  id: Type.String(),
  documentId: Type.String({ description: 'Shared by every version of one document' }),
  version: Type.Integer(),
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: DateTime,
  url: Type.String({ description: 'Download (Content-Disposition: attachment)' }),
});
const AmendmentOut = Type.Object({ id: Type.String(), draftId: Type.String(), proposer: Type.String(), text: Type.String(), status: Type.String(), createdAt: DateTime });
const SittingStates = Type.Union([Type.Literal('planned'), Type.Literal('published'), Type.Literal('open'), Type.Literal('closed')]);
const sittingProps = {
  id: Type.String(),
  bodyId: Type.String(),
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('regular'), Type.Literal('extraordinary')]),
  mode: Type.Union([Type.Literal('room'), Type.Literal('online'), Type.Literal('hybrid')]),
  startsAt: DateTime,
  place: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  state: SittingStates,
  noticePublishedAt: Nullable(DateTime),
  noticeDeadline: Type.String({ description: 'The last day (Tallinn) the notice may be published: KOKS § 44, 7 days before a regular sitting, 3 before an extraordinary one' }),
};
const SittingOut = Type.Object(sittingProps);
const ItemOut = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  draftId: Nullable(Type.String()),
  draftNumber: Nullable(Type.String()),
  public: Type.Boolean(),
  state: Type.String(),
  result: Nullable(Type.String()),
  amendments: Type.Array(AmendmentOut, { description: 'Amendments to the item’s draft (voted before the draft)' }),
});
const SittingKinds = Type.Union([Type.Literal('regular'), Type.Literal('extraordinary')]);
const SittingModes = Type.Union([Type.Literal('room'), Type.Literal('online'), Type.Literal('hybrid')]);
const DetailsOut = Type.Object({ kind: SittingKinds, mode: SittingModes, startsAt: DateTime, place: Nullable(Type.String()), videoUrl: Nullable(Type.String()) });
const NoticeChangeOut = Type.Object({
  changedAt: DateTime,
  reason: Type.String({ description: 'Why it changed, as the official recorded it' }),
  before: DetailsOut,
  after: DetailsOut,
});
const SittingFull = Type.Object({
  ...sittingProps,
  items: Type.Array(ItemOut),
  documents: Type.Array(FileOut),
  noticeChanges: Type.Array(NoticeChangeOut, { description: 'Changes to the details after the notice, oldest first (the notice history)' }),
});
const draftProps = {
  id: Type.String(),
  bodyId: Type.String(),
  number: Type.String(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('decision'), Type.Literal('regulation'), Type.Literal('other')]),
  presenter: Type.String(),
  summary: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('adopted'), Type.Literal('rejected'), Type.Literal('withdrawn')]),
  publishedAt: Nullable(DateTime),
};
const DraftOut = Type.Object(draftProps);
const OpinionOut = Type.Object({ bodyId: Type.String(), body: Type.String(), opinion: Type.String(), decidedOn: Type.String() });
const DraftFull = Type.Object({ ...draftProps, documents: Type.Array(FileOut), opinions: Type.Array(OpinionOut), amendments: Type.Array(AmendmentOut), sittingIds: Type.Array(Type.String()) });

const ItemIn = Type.Object(
  { title: Type.String({ maxLength: 500 }), draftId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))), public: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const SittingIn = Type.Object(
  {
    bodyId: Type.String({ maxLength: 64 }),
    kind: Type.Union([Type.Literal('regular'), Type.Literal('extraordinary')]),
    mode: Type.Union([Type.Literal('room'), Type.Literal('online'), Type.Literal('hybrid')]),
    startsAt: DateTime,
    place: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    videoUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    items: Type.Optional(Type.Array(ItemIn, { maxItems: 200, description: 'The agenda in order' })),
  },
  { additionalProperties: false },
);
const SittingEditIn = Type.Object(
  {
    kind: Type.Optional(SittingKinds),
    mode: Type.Optional(SittingModes),
    startsAt: Type.Optional(DateTime),
    place: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    videoUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'Needed once the notice is published: shown with the change in the sitting’s notice history' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const EDIT_DESCRIPTION =
  'Fields not sent keep their value; the same rules as at creation (a place in the room and hybrid, a https video link online and hybrid, a start in the future). ' +
  'Once the notice is published a `reason` is needed and the new start and kind must keep the notice in time (KOKS § 44, else 409); the change is then in the sitting’s `noticeChanges`. An open or closed sitting: 409.';
const ItemParams = Type.Object({ kov: KovCode, id: Id, itemId: Id });
const MoveIn = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }, { additionalProperties: false });
const UploadIn = Type.Object(
  {
    file: Type.String({ format: 'binary', description: `The document: PDF or DOCX (told by its content, not its name or type), up to ${MAX_FILE_BYTES / 1024 / 1024} MB` }),
    documentId: Type.Optional(Type.String({ maxLength: 64, description: 'To add the next version of this document (of the same draft or sitting)' })),
  },
  { additionalProperties: false },
);
const DraftIn = Type.Object(
  {
    bodyId: Type.String({ maxLength: 64 }),
    number: Type.String({ maxLength: 50 }),
    title: Type.String({ maxLength: 500 }),
    kind: Type.Union([Type.Literal('decision'), Type.Literal('regulation'), Type.Literal('other')]),
    presenter: Type.String({ maxLength: 200, description: 'Who brings it, e.g. the KOV government' }),
    summary: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  { additionalProperties: false },
);

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);
const bodyOut = (b: BodyRow) => ({ id: b.id, kind: b.kind, parentId: b.parent_id, name: b.name, shortName: b.short_name, seats: b.seats });
const fileOut = (kov: string, f: FileMetaRow) => ({ id: f.id, documentId: f.document_id, version: f.version, name: f.name, mediaType: f.media_type, size: f.size, sha256: f.sha256, uploadedAt: iso(f.uploaded_at), url: `/kov/${kov}/council/files/${f.id}` });
const amendmentOut = (a: AmendmentRow) => ({ id: a.id, draftId: a.draft_id, proposer: a.proposer_name, text: a.text, status: a.status, createdAt: iso(a.created_at) });
const seatOut = (s: Seat) => ({ ...s });
const detailsOut = (d: SittingDetails) => ({ kind: d.kind, mode: d.mode, startsAt: iso(d.startsAt), place: d.place, videoUrl: d.videoUrl });
const noticeChangeOut = (c: NoticeChangeRow) => ({ changedAt: iso(c.changed_at), reason: c.reason, before: detailsOut(c.before), after: detailsOut(c.after) });
const draftOut = (d: DraftRow) => ({ id: d.id, bodyId: d.body_id, number: d.number, title: d.title, kind: d.kind, presenter: d.presenter, summary: d.summary, status: d.status, publishedAt: isoOrNull(d.published_at) });
const itemOut = (i: ItemView & { amendments: AmendmentRow[] }) => ({ id: i.id, position: i.position, title: i.title, draftId: i.draft_id, draftNumber: i.draft_number, public: i.public, state: i.state, result: i.result, amendments: i.amendments.map(amendmentOut) });
function sittingOut(s: SittingRow, deadline: string) {
  return { id: s.id, bodyId: s.body_id, number: s.number, kind: s.kind, mode: s.mode, startsAt: iso(s.starts_at), place: s.place, videoUrl: s.video_url, state: s.state, noticePublishedAt: isoOrNull(s.notice_published_at), noticeDeadline: deadline };
}

export async function setupApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  /** Officials of the KOV (signed in with a role, or the KOV's API key with `read`) see what is not public yet. */
  const isOfficial = (req: FastifyRequest, kov: string) => (req.apiKey ? req.apiKey.kov === kov && req.apiKey.scopes.includes('read') : may(req.user, kov, COUNCIL_READ));

  async function sittingFull(req: FastifyRequest, kov: string, id: string) {
    const v = await getSitting(db, kov, id, { official: isOfficial(req, kov) });
    return {
      ...sittingOut(v.sitting, v.noticeDeadline),
      items: v.items.map(itemOut),
      documents: v.files.flatMap((d) => d.versions.map((f) => fileOut(kov, f))),
      noticeChanges: v.noticeChanges.map(noticeChangeOut),
    };
  }

  r.get('/api/v1/kov/:kov/council/bodies', { schema: { ...tags, summary: 'The council and its commissions (public)', params: KovParams, response: { 200: Type.Object({ items: Type.Array(BodyOut) }), ...errors } } }, async (req) => {
    return { items: (await listBodies(db, req.params.kov)).map(bodyOut) };
  });

  r.get(
    '/api/v1/kov/:kov/council/bodies/:id/members',
    {
      schema: {
        ...tags,
        summary: 'A body’s seats on a day (public): each member, or her substitute while one holds the seat',
        params: KovIdParams,
        querystring: Type.Object({ on: Type.Optional(Day) }),
        response: { 200: Type.Object({ on: Type.String(), items: Type.Array(SeatOut) }), ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      await getBody(db, kov, id);
      const on = req.query.on ?? today();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) throw badRequest([{ field: 'on', reason: 'council.error.date' }]);
      return { on, items: (await seatsOn(db, kov, id, on)).map(seatOut) };
    },
  );

  r.get('/api/v1/kov/:kov/council/sittings', { schema: { ...tags, summary: 'Sittings, newest first (public once the notice is out; officials see all)', params: KovParams, response: { 200: Type.Object({ items: Type.Array(SittingOut) }), ...errors } } }, async (req) => {
    const { kov } = req.params;
    const rows = await listSittings(db, kov, { official: isOfficial(req, kov) });
    return { items: rows.map((s) => sittingOut(s, noticeDeadline(s.kind, s.starts_at))) };
  });

  r.get('/api/v1/kov/:kov/council/sittings/:id', { schema: { ...tags, summary: 'A sitting with its agenda (items, drafts, amendments) and documents', params: KovIdParams, response: { 200: SittingFull, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    return sittingFull(req, kov, id);
  });

  r.post(
    '/api/v1/kov/:kov/council/sittings',
    {
      schema: {
        ...write,
        summary: 'Create a sitting (planned) with its agenda',
        description: 'A place is needed in the room and hybrid, a https video link online and hybrid; the start in the future; items in order, each may carry a draft of the same body. Publish the notice separately.',
        params: KovParams,
        body: SittingIn,
        response: { 201: SittingFull, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      const b = req.body;
      const { id } = await createSitting(db, kov, { bodyId: b.bodyId, kind: b.kind, mode: b.mode, startsAt: new Date(b.startsAt), place: b.place, videoUrl: b.videoUrl, items: b.items }, actor);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/council/sittings/${id}`).send(await sittingFull(req, kov, id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/council/sittings/:id/items',
    { schema: { ...write, summary: 'Add an agenda item at the end (planned or published sittings; after the notice the change is audited as such)', params: KovIdParams, body: ItemIn, response: { 201: SittingFull, ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      await addItem(db, kov, id, { title: req.body.title, draftId: req.body.draftId, public: req.body.public }, actor);
      return reply.code(201).send(await sittingFull(req, kov, id));
    },
  );

  r.patch(
    '/api/v1/kov/:kov/council/sittings/:id',
    { schema: { ...write, summary: 'Change a sitting’s kind, mode, time, place or video link (before it opens)', description: EDIT_DESCRIPTION, params: KovIdParams, body: SittingEditIn, response: { 200: SittingFull, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      const b = req.body;
      await updateSitting(db, kov, id, { ...b, startsAt: b.startsAt === undefined ? undefined : new Date(b.startsAt) }, actor);
      return sittingFull(req, kov, id);
    },
  );

  r.post(
    '/api/v1/kov/:kov/council/sittings/:id/items/:itemId/move',
    { schema: { ...write, summary: 'Move an agenda item one place up or down (planned or published sittings; not once open: 409)', params: ItemParams, body: MoveIn, response: { 200: SittingFull, ...errors } } },
    async (req) => {
      const { kov, id, itemId } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      await moveItem(db, kov, id, itemId, req.body.direction, actor);
      return sittingFull(req, kov, id);
    },
  );

  r.delete(
    '/api/v1/kov/:kov/council/sittings/:id/items/:itemId',
    { schema: { ...write, summary: 'Remove an agenda item; the rest close up (planned or published sittings; not once open: 409)', params: ItemParams, response: { 200: SittingFull, ...errors } } },
    async (req) => {
      const { kov, id, itemId } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      await removeItem(db, kov, id, itemId, actor);
      return sittingFull(req, kov, id);
    },
  );

  // uploads: multipart (this scope only); the caller is checked before the body is read
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, UPLOAD_LIMITS);
    const up = scope.withTypeProvider<TypeBoxTypeProvider>();
    const uploadOf = (req: FastifyRequest) => (req as FastifyRequest & { upload?: FileUpload }).upload ?? { fields: {}, file: null };
    const opts = (summary: string) => ({
      schema: {
        ...write,
        summary,
        description: `multipart/form-data: \`file\` (PDF or DOCX by content, up to ${MAX_FILE_BYTES / 1024 / 1024} MB) and, for a new version, \`documentId\`. Every version is kept; the answer is the stored file.`,
        consumes: ['multipart/form-data'],
        params: KovIdParams,
        body: UploadIn,
        response: { 201: FileOut, ...errors, 413: problem('Too many parts or fields'), 415: problem('Not multipart/form-data') },
      },
      preValidation: async (req: FastifyRequest) => {
        requireAction(req, (req.params as { kov: string }).kov, COUNCIL_SETUP);
        const u = await readFileUpload(req);
        (req as FastifyRequest & { upload?: FileUpload }).upload = u;
        // what the schema checks: the fields sent, the file by its name
        req.body = { ...u.fields, ...(u.file ? { file: u.file.name || 'file' } : {}) };
      },
    });
    async function stored(req: FastifyRequest, kov: string, owner: { draftId: string } | { sittingId: string }) {
      const u = uploadOf(req);
      const { id } = await storeUpload(db, kov, owner, u, requireAction(req, kov, COUNCIL_SETUP));
      const files = 'draftId' in owner ? (await getDraft(db, kov, owner.draftId, { official: true })).documents : (await getSitting(db, kov, owner.sittingId, { official: true })).files;
      return fileOut(kov, files.flatMap((d) => d.versions).find((f) => f.id === id)!);
    }
    up.post('/api/v1/kov/:kov/council/drafts/:id/files', opts('Upload a document to a draft, or its next version'), async (req, reply) => {
      const { kov, id } = req.params;
      return reply.code(201).send(await stored(req, kov, { draftId: id }));
    });
    up.post('/api/v1/kov/:kov/council/sittings/:id/files', opts('Upload a document to a sitting, or its next version (not once the sitting is closed)'), async (req, reply) => {
      const { kov, id } = req.params;
      return reply.code(201).send(await stored(req, kov, { sittingId: id }));
    });
  });

  r.post(
    '/api/v1/kov/:kov/council/sittings/:id/publish',
    {
      schema: {
        ...write,
        summary: 'Publish the sitting’s notice with its agenda and documents',
        description: 'KOKS § 44: at least 7 days before a regular sitting, 3 before an extraordinary one (Tallinn dates); later, or with an empty agenda: 409.',
        params: KovIdParams,
        response: { 200: SittingFull, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, COUNCIL_SETUP);
      await publishNotice(db, kov, id, actor);
      return sittingFull(req, kov, id);
    },
  );

  r.get('/api/v1/kov/:kov/council/drafts', { schema: { ...tags, summary: 'Drafts, newest first (public ones; officials see all)', params: KovParams, response: { 200: Type.Object({ items: Type.Array(DraftOut) }), ...errors } } }, async (req) => {
    const { kov } = req.params;
    return { items: (await listDrafts(db, kov, { official: isOfficial(req, kov) })).map(draftOut) };
  });

  r.get('/api/v1/kov/:kov/council/drafts/:id', { schema: { ...tags, summary: 'A draft with its documents (every version), commissions’ opinions, amendments and sittings', params: KovIdParams, response: { 200: DraftFull, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const v = await getDraft(db, kov, id, { official: isOfficial(req, kov) });
    return {
      ...draftOut(v.draft),
      documents: v.documents.flatMap((d) => d.versions.map((f) => fileOut(kov, f))),
      opinions: v.opinions.map((o) => ({ bodyId: o.body_id, body: o.body_name, opinion: o.opinion, decidedOn: o.decided_on })),
      amendments: v.amendments.map(amendmentOut),
      sittingIds: v.sittings.map((s) => s.id),
    };
  });

  r.post('/api/v1/kov/:kov/council/drafts', { schema: { ...write, summary: 'Create a draft (its documents: POST …/drafts/{id}/files)', params: KovParams, body: DraftIn, response: { 201: DraftOut, ...errors } } }, async (req, reply) => {
    const { kov } = req.params;
    const actor = requireAction(req, kov, COUNCIL_SETUP);
    const { id } = await createDraft(db, kov, req.body, actor);
    const v = await getDraft(db, kov, id, { official: true });
    return reply.code(201).header('location', `/api/v1/kov/${kov}/council/drafts/${id}`).send(draftOut(v.draft));
  });
}
