// The open council API (/oparl/v1) on PGlite and (TEST_DATABASE_URL) PostgreSQL: a client walks it from
// the System object the way an OParl client does (lists, then each object's own URL) over a played,
// signed sitting with a published draft, its documents and a commission's opinion, and every object it
// meets is validated with ajv against the OParl JSON schemas committed in test/fixtures/oparl (see the
// README there: System.json, AgendaItem.json and Paper.json are the 1.1 release files, used as they are;
// the others are earlier revisions of the same files, brought to 1.1 by the overrides below, each one
// named). The Vote extension is checked against its documented shape (docs/oparl.md): counts for secret
// ballots, each member's choice by Person URL for open ones.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { engine, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import type { CouncilWorld } from './fixtures.js';
import { councilWorld, playedSitting } from './fixtures.js';
import { saveMinutesText, minutesView, signMinutesAsChair } from './minutes.js';
import { VOTE_TYPE } from './oparl.js';

const KOV = '0784';
const PUBLIC = 'https://vallamaja.example';
const DIR = path.join(process.cwd(), 'test/fixtures/oparl');
type Obj = Record<string, unknown>;
type Schema = Record<string, unknown>;
let db: Db;
let app: FastifyInstance;
let w: CouncilWorld;
let draftId: string;
let opinionId: string;

// ---------- the schemas, brought to OParl 1.1 where the committed revision predates it ----------

/** The files committed in their OParl 1.1 release form (test/fixtures/oparl/README.md): used as they are. */
const RELEASE = new Set(['System.json', 'AgendaItem.json', 'Paper.json']);

const TYPE_PATTERN = (title: string) => `^https://schema\\.oparl\\.org/1\\.1/${title}$`;

/** Every object schema's `type` property (also embedded ones, by their title) names the 1.1 type URL. */
function oneOneTypes(s: Schema, title?: string): void {
  const props = s.properties as Record<string, Schema> | undefined;
  const t = (s.title as string | undefined) ?? title;
  if (props?.type && t) props.type = { type: 'string', pattern: TYPE_PATTERN(t) };
  for (const v of Object.values(props ?? {})) {
    if (v.items && typeof v.items === 'object') oneOneTypes(v.items as Schema);
    oneOneTypes(v);
  }
}

/** The 1.1 changes to the earlier revisions (each named; the OParl 1.1 specification, chapter "Schema"). */
const OVERRIDES: Record<string, (s: Schema) => void> = {
  // 1.1: the body's place is `location` (optional); website is a URL
  'Body.json': (s) => {
    s.required = (s.required as string[]).filter((r) => r !== 'bodyLocation');
    const p = s.properties as Record<string, Schema>;
    p.website = { type: 'string', format: 'url' };
    p.location = { type: 'object', $ref: 'Location.json' };
  },
  // 1.1: only id, type and accessUrl are required; `date` is a date
  'File.json': (s) => {
    s.required = ['id', 'type', 'accessUrl'];
    (s.properties as Record<string, Schema>).date = { type: 'string', format: 'date' };
  },
  // 1.1: a membership's start and end are dates (also where Person embeds it)
  'Membership.json': (s) => {
    const p = s.properties as Record<string, Schema>;
    p.startDate = p.endDate = { type: 'string', format: 'date' };
  },
  'Person.json': (s) => {
    const p = ((s.properties as Record<string, Schema>).membership!.items as Schema).properties as Record<string, Schema>;
    p.startDate = p.endDate = { type: 'string', format: 'date' };
  },
  // 1.1: a consultation names its meeting too
  'Consultation.json': (s) => {
    (s.properties as Record<string, Schema>).meeting = { type: 'string', format: 'url' };
  },
};

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormatsPlugin as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('url', /^https?:\/\/[^\s]+$/);
  for (const name of fs.readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const s = JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as Schema;
    if (!RELEASE.has(name)) oneOneTypes(s);
    OVERRIDES[name]?.(s);
    ajv.addSchema(s, name);
    // Paper.json (1.1) has `$id` https://schema.oparl.org/1.1/Paper, so its `$ref: "File.json"` resolves
    // to https://schema.oparl.org/1.1/File.json: every schema is reachable under that name too.
    if (!s.$id) ajv.addSchema(JSON.parse(JSON.stringify(s)) as Schema, `https://schema.oparl.org/1.1/${name}`);
  }
  return (type: string, o: Obj) => {
    const ok = ajv.validate(`${type}.json`, o);
    return ok ? [] : (ajv.errors ?? []).map((e) => `${type} ${String(o.id)}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

const VOTE_SCHEMA: Schema = {
  type: 'object',
  required: ['id', 'type', 'agendaItem', 'meeting', 'subject', 'kind', 'majority', 'state'],
  properties: {
    id: { type: 'string', format: 'url' },
    type: { const: VOTE_TYPE },
    agendaItem: { type: 'string', format: 'url' },
    meeting: { type: 'string', format: 'url' },
    subject: { type: 'string' },
    kind: { enum: ['open', 'secret'] },
    majority: { enum: ['simple', 'composition', 'two_thirds', 'present_majority'] },
    state: { enum: ['closed', 'void'] },
    counts: { type: 'object', required: ['for', 'against', 'abstain', 'notVoting'], properties: { for: { type: 'integer' }, against: { type: 'integer' }, abstain: { type: 'integer' }, notVoting: { type: 'integer' } } },
    adopted: { type: 'boolean' },
    repeatOf: { type: 'string', format: 'url' },
    choice: { type: 'array', items: { type: 'object', required: ['person', 'choice'], properties: { person: { type: 'string', format: 'url' }, choice: { enum: ['for', 'against', 'abstain', 'none'] } } } },
  },
};

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  app = await testApp(db, { publicUrl: PUBLIC });
  await seedTenant(db, KOV, 'Tallinn', 'linn');
  w = await councilWorld(db, app.config.idcodeHmacKey, { members: 31, items: 3 });
  // a published draft on item 1, its document, the sitting's notice document, the commission's opinion
  draftId = uuidv7();
  opinionId = uuidv7();
  await db.tx(
    async (t) => {
      await t.query(`INSERT INTO council_draft (id, kov_code, body_id, number, title, kind, presenter, summary, status, published_at) VALUES ($1, $2, $3, '1-3/7', 'Kalamaja pargi detailplaneering', 'decision', 'Linnavalitsus', 'Pargi laiendamine', 'submitted', core_now())`, [draftId, KOV, w.councilId]);
      await t.query(`UPDATE council_item SET draft_id = $1 WHERE id = $2`, [draftId, w.itemIds[0]]);
      for (const [col, ref, name] of [['draft_id', draftId, 'eelnou.pdf'], ['draft_id', draftId, 'lisa.pdf'], ['sitting_id', w.sittingId, 'kutse.pdf']] as const) {
        const id = uuidv7();
        await t.query(`INSERT INTO council_file (id, kov_code, ${col}, document_id, version, name, media_type, size, sha256, bytes) VALUES ($1, $2, $3, $1, 1, $4, 'application/pdf', 9, 'x', $5)`, [id, KOV, ref, name, Buffer.from('%PDF-1.7\n')]);
      }
      await t.query(`INSERT INTO council_opinion (id, kov_code, draft_id, body_id, opinion, decided_on) VALUES ($1, $2, $3, $4, 'Toetada', '2027-01-10')`, [opinionId, KOV, draftId, w.commissionId]);
      await t.query(`UPDATE council_sitting SET notice_published_at = core_now(), state = 'published' WHERE id = $1`, [w.sittingId]);
    },
    { kov: KOV },
  );
  await playedSitting(db, w);
  await saveMinutesText(db, KOV, w.sittingId, (await minutesView(db, KOV, w.sittingId)).text, { kind: 'person', id: null, name: 'Sille Sekretär' });
  await signMinutesAsChair(db, KOV, w.sittingId, hashIdcode(app.config.idcodeHmacKey, w.members[0]!.idcode), { kind: 'person', id: null, name: w.members[0]!.name });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function get(url: string): Promise<Obj> {
  expect(url.startsWith(`${PUBLIC}/oparl/v1`), url).toBe(true);
  const res = await app.inject({ url: url.slice(PUBLIC.length) });
  expect(res.statusCode, url).toBe(200);
  return res.json<Obj>();
}

/** Every page of an external list, its shape checked. */
async function list(url: string): Promise<Obj[]> {
  const out: Obj[] = [];
  let next: string | undefined = url;
  while (next) {
    const page = await get(next);
    expect(Object.keys(page).sort()).toEqual(['data', 'links', 'pagination']);
    const p = page.pagination as Obj;
    expect(typeof p.totalElements).toBe('number');
    out.push(...(page.data as Obj[]));
    next = (page.links as Obj).next as string | undefined;
  }
  return out;
}

describe(`OParl 1.1 at /oparl/v1 (${engine})`, () => {
  it('serves every object type, each valid against the OParl schemas, with absolute ids', async () => {
    const validate = validator();
    const problems: string[] = [];
    const seen: Record<string, number> = {};
    const check = (type: string, o: Obj) => {
      seen[type] = (seen[type] ?? 0) + 1;
      problems.push(...validate(type, o));
    };
    const system = await get(`${PUBLIC}/oparl/v1`);
    check('System', system);
    const bodies = await list(system.body as string);
    expect(bodies.map((b) => b.id)).toEqual([`${PUBLIC}/oparl/v1/bodies/${KOV}`]);
    for (const b of bodies) check('Body', b);
    const body = await get(bodies[0]!.id as string);
    check('Body', body);
    // organizations: the council, its commission and the five factions; their memberships
    const orgs = await list(body.organization as string);
    expect(orgs.map((o) => o.classification).sort()).toEqual(['Fraktion', 'Fraktion', 'Fraktion', 'Fraktion', 'Fraktion', 'Kommission', 'Parlament']);
    for (const o of orgs) {
      check('Organization', o);
      check('Organization', await get(o.id as string));
      for (const m of ((o.membership as string[]) ?? []).slice(0, 3)) check('Membership', await get(m));
    }
    const council = orgs.find((o) => o.classification === 'Parlament')!;
    expect((await list(council.meeting as string)).map((m) => m.id)).toEqual([`${PUBLIC}/oparl/v1/bodies/${KOV}/meetings/${w.sittingId}`]);
    // people with their memberships embedded
    const people = await list(body.person as string);
    expect(people).toHaveLength(31);
    for (const p of people.slice(0, 5)) {
      check('Person', p);
      check('Person', await get(p.id as string));
    }
    // the meeting: agenda items, location, the sitting's document and the signed minutes embedded
    const meetings = await list(body.meeting as string);
    expect(meetings).toHaveLength(1);
    const meeting = meetings[0]!;
    check('Meeting', meeting);
    check('Meeting', await get(meeting.id as string));
    expect(meeting.participant as string[]).toHaveLength(25);
    const location = meeting.location as Obj;
    check('Location', location);
    check('Location', await get(location.id as string));
    const minutes = meeting.resultsProtocol as Obj;
    check('File', minutes);
    check('File', await get(minutes.id as string));
    expect(minutes.accessUrl).toBe(`${PUBLIC}/kov/${KOV}/council/archive/sittings/${w.sittingId}/minutes.pdf`);
    for (const f of meeting.auxiliaryFile as Obj[]) check('File', await get(f.id as string));
    const votes: Obj[] = [];
    for (const i of meeting.agendaItem as Obj[]) {
      const item = await get(i.id as string);
      check('AgendaItem', item);
      for (const v of item['vallamaja:vote'] as string[]) votes.push(await get(v));
    }
    // papers: the published draft, its documents and its consultations (the opinion, the agenda item)
    const papers = await list(body.paper as string);
    expect(papers.map((p) => p.reference)).toEqual(['1-3/7']);
    for (const p of papers) {
      check('Paper', p);
      check('Paper', await get(p.id as string));
      const main = p.mainFile as Obj;
      check('File', await get(main.id as string));
      const content = await app.inject({ url: (main.accessUrl as string).slice(PUBLIC.length) });
      expect(content.headers['content-type']).toBe('application/pdf');
      expect(content.rawPayload.toString()).toBe('%PDF-1.7\n');
      expect((await app.inject({ url: (main.downloadUrl as string).slice(PUBLIC.length) })).headers['content-disposition']).toMatch(/^attachment/);
      const consultations = p.consultation as Obj[];
      expect(consultations.map((c) => c.role).sort()).toEqual(['Beschlussfassung', 'Stellungnahme']);
      for (const c of consultations) check('Consultation', await get(c.id as string));
    }
    expect(problems).toEqual([]);
    expect(Object.keys(seen).sort()).toEqual(['AgendaItem', 'Body', 'Consultation', 'File', 'Location', 'Meeting', 'Membership', 'Organization', 'Paper', 'Person', 'System']);

    // the Vote extension: four votes; the open ones name every eligible member by Person URL, the secret one counts only
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('url', /^https?:\/\/[^\s]+$/);
    const validVote = ajv.compile(VOTE_SCHEMA);
    for (const v of votes) expect(validVote(v), JSON.stringify(validVote.errors)).toBe(true);
    expect(votes.map((v) => [v.kind, (v.choice as unknown[] | undefined)?.length ?? null, v.adopted])).toEqual([
      ['open', 24, true],
      ['open', 25, false],
      ['open', 25, true],
      ['secret', null, true],
    ]);
    expect(votes[2]!.repeatOf).toBe(votes[1]!.id);
    const peopleUrls = new Set(people.map((p) => p.id));
    for (const v of votes.slice(0, 3)) for (const c of v.choice as Obj[]) expect(peopleUrls.has(c.person)).toBe(true);
    expect(votes[3]!.counts).toEqual({ for: 14, against: 8, abstain: 1, notVoting: 2 });
  });

  it('answers 404 for another KOV, an unknown id and a KOV without a council', async () => {
    expect((await app.inject({ url: `/oparl/v1/bodies/0793` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/oparl/v1/bodies/${KOV}/meetings/${uuidv7()}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/oparl/v1/bodies/${KOV}/people/x` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/oparl/v1/bodies/0793/people/${w.members[0]!.personId}` })).statusCode).toBe(404);
  });
});
