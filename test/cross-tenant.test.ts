// Tenant isolation, table-driven over EVERY route of EVERY module that takes a KOV — read from the
// built app's route table, so a new module's routes are covered without touching this file.
//
// Tenant B holds data of every module (a register, polls, roles, an API key). An official (KOV
// admin) of A and an API key of A (read + write) call every method of every /…/:kov/… route with
// kov = B, each :id once as a random id and once as each id of B's rows that the path names. Each
// answer must be a refusal (401/403/404) — or, for a public route or a resident's, exactly what a
// caller without A's credentials gets: the official what a signed-in resident without any role gets,
// the key what an anonymous caller gets. A's role and A's key add nothing in B. Every row of B in every table that
// has a kov_code column must be unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../src/kernel/audit.js';
import type { Db } from '../src/kernel/db.js';
import { withCheckDigit } from '../src/kernel/idcode.js';
import { uuidv7 } from '../src/kernel/ids.js';
import { DEMO_PEOPLE } from '../src/dev/demo-people.js';
import { createKey, grantRole } from '../src/modules/admin/index.js';
import { budgetsIn } from '../src/modules/budgets/fixtures.js';
import { eldersIn } from '../src/modules/elders/fixtures.js';
import { councilDocsIn, councilWorld, playedSitting } from '../src/modules/council/fixtures.js';
import { hashIdcode } from '../src/kernel/idcode.js';
import { pollsIn } from '../src/modules/polls/fixtures.js';
import { servicesIn } from '../src/modules/services/fixtures.js';
import { trainingIn } from '../src/modules/training/fixtures.js';
import { articleIn } from '../src/modules/knowledge/fixtures.js';
import { importResidents } from '../src/modules/residents/fixtures.js';
import { loadDemoTerritory } from '../src/modules/territory/index.js';
import type { RouteInfo } from './helpers.js';
import { buildApp } from '../src/app.js';
import { forbidden } from '../src/kernel/errors.js';
import { Agent, csrfTokenOf, engine, listRoutes, loginAs, tenantSnapshot, testApp, testConfig, testDb } from './helpers.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

let db: Db;
let app: FastifyInstance;
let official: Agent;
let anonymous: Agent;
let resident: Agent;
let csrf: string;
let keyOfA: string;
let keyOfB: string;
/**
 * B's row ids by the path segment that names them: a route's :id gets the ids of the nearest segment
 * before it that is a key here (/kov/:kov/elders/:id and /api/v1/kov/:kov/elders/elections/:id both
 * get B's elections). A module that adds rows to B adds its segment here.
 */
const idsOfB: Record<string, string[]> = {};
/** Values for the other path parameters (an idea's number, a candidate's id); anything else gets 'x'. */
const paramsOfB: Record<string, string> = {};

/** The admin module's own KOV routes: these must refuse outright (they are never public). */
const ADMIN_ROUTES = [
  'GET /kov/:kov/admin',
  'GET /kov/:kov/admin/roles',
  'POST /kov/:kov/admin/roles',
  'POST /kov/:kov/admin/roles/:id/revoke',
  'GET /kov/:kov/admin/api-keys',
  'POST /kov/:kov/admin/api-keys',
  'POST /kov/:kov/admin/api-keys/:id/revoke',
  'GET /kov/:kov/admin/audit',
  'GET /api/v1/kov/:kov/roles',
  'POST /api/v1/kov/:kov/roles',
  'DELETE /api/v1/kov/:kov/roles/:id',
  'GET /api/v1/kov/:kov/api-keys',
  'POST /api/v1/kov/:kov/api-keys',
  'DELETE /api/v1/kov/:kov/api-keys/:id',
  'GET /api/v1/kov/:kov/audit',
];

/** Valid bodies for the admin routes, so that a refusal is the authorization's, not the validator's. */
function bodyFor(r: RouteInfo): Record<string, unknown> {
  if (r.url.endsWith('/roles')) return { idcode: person('Mari').idcode, role: 'kov-admin' };
  if (r.url.endsWith('/api-keys')) return { name: 'Cross-tenant key', scopes: ['read', 'write'] };
  return {};
}

/** The ids of B's rows a route's :id may name (by the path), and a random one. */
function idsFor(r: RouteInfo): string[] {
  const segments = r.url.split('/');
  const at = segments.indexOf(':id');
  if (at < 0) return [''];
  const named = segments.slice(0, at).reverse().find((s) => s in idsOfB);
  return [...(named ? idsOfB[named]! : []), uuidv7()];
}

function urlFor(r: RouteInfo, id: string): string {
  return r.url.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    if (name === 'kov') return B;
    if (name === 'id') return id;
    return paramsOfB[name] ?? 'x';
  });
}

type Caller = 'official' | 'apikey' | 'anonymous' | 'resident';

async function call(target: FastifyInstance, r: RouteInfo, who: Caller, id: string) {
  const url = urlFor(r, id);
  const unsafe = r.method !== 'GET';
  const isApi = url.startsWith('/api/');
  const body = bodyFor(r);
  const headers: Record<string, string> = {};
  if (who === 'apikey') headers.authorization = `Bearer ${keyOfA}`;
  if (unsafe && who !== 'apikey') headers['x-csrf-token'] = csrf;
  const agent = who === 'official' ? official : who === 'anonymous' ? anonymous : who === 'resident' ? resident : new Agent(target);
  if (!unsafe) return agent.req({ method: r.method, url, headers });
  if (isApi) return agent.req({ method: r.method, url, headers, payload: body });
  const form: Record<string, string> = { _csrf: csrf };
  for (const [k, v] of Object.entries(body)) form[k] = Array.isArray(v) ? v.join(',') : String(v);
  return agent.req({ method: r.method, url, headers, form });
}

/**
 * Calls every :kov route of `target` as A's official and A's key against B, and compares each answer
 * with what a resident without roles (for the official) or an anonymous caller (for the key) gets.
 * Answers the problems found and the tables of B whose rows changed.
 */
async function sweep(target: FastifyInstance): Promise<{ problems: string[]; changed: string[]; calls: number; routes: number }> {
  for (const agent of [official, anonymous, resident]) agent.app = target;
  try {
    const routes = listRoutes(target).filter((r) => r.url.includes(':kov'));
    const before = await tenantSnapshot(db, B);
    const results: { route: string; who: Caller; id: string; status: number }[] = [];
    for (const r of routes) {
      for (const id of idsFor(r)) {
        for (const who of ['official', 'apikey'] as const) {
          const res = await call(target, r, who, id);
          results.push({ route: `${r.method} ${r.url}`, who, id, status: res.statusCode });
        }
      }
    }
    const after = await tenantSnapshot(db, B);
    const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]));
    // Then the callers without A's credentials (after the snapshot: a public route may
    // legitimately accept an anonymous write).
    const refused = new Set([401, 403, 404]);
    const problems: string[] = [];
    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      for (const id of idsFor(r)) {
        const anon = (await call(target, r, 'anonymous', id)).statusCode;
        const plain = (await call(target, r, 'resident', id)).statusCode;
        for (const res of results.filter((x) => x.route === name && x.id === id)) {
          const without = res.who === 'official' ? plain : anon;
          const ok = ADMIN_ROUTES.includes(name) ? res.status === 403 : refused.has(res.status) || res.status === without;
          if (!ok) problems.push(`${name} (${id || 'no id'}) as ${res.who} of ${A}: ${res.status} (${res.who === 'official' ? 'a resident' : 'anonymous'}: ${without})`);
        }
      }
    }
    return { problems, changed, calls: results.length, routes: routes.length };
  } finally {
    for (const agent of [official, anonymous, resident]) agent.app = app;
  }
}

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await loadDemoTerritory(db);
  const key = app.config.idcodeHmacKey;
  // B's data in every module: a register, a draft and a published poll (its vote, roll and key)
  await importResidents(db, key, B, [
    { idcode: withCheckDigit('3800505007'), given: 'Tõnu', family: 'Tartlane', county: '0079', unit: '1681' },
    { idcode: withCheckDigit('4850707008'), given: 'Tiina', family: 'Tartlane', county: '0079', unit: '2050' },
  ], SYSTEM);
  const polls = await pollsIn(db, B);
  idsOfB.polls = [polls.draft, polls.published];
  // a budgets process with an idea of Tõnu's, and an elder election with Tõnu nominated (candidates must live in 1681)
  const budgets = await budgetsIn(db, B, { idcodeHash: hashIdcode(key, withCheckDigit('3800505007')), givenName: 'Tõnu', birthDate: '1980-05-05' });
  idsOfB.budgets = [budgets.process];
  paramsOfB.n = String(budgets.number);
  const elders = await eldersIn(db, app.config, B, '1681', { idcode: withCheckDigit('3800505007'), name: 'Tõnu Tartlane' });
  idsOfB.elders = [elders.election];
  paramsOfB.cid = elders.candidate;
  // a council with a sitting and its agenda, a draft with a document and an amendment (set-up), the
  // sitting then played to its close (the record's archive, minutes and OParl routes)
  const council = await councilWorld(db, key, { kov: B, members: 31, items: 3 });
  const docs = await councilDocsIn(db, council);
  await playedSitting(db, council);
  idsOfB.sittings = [council.sittingId];
  idsOfB.bodies = [council.councilId, council.commissionId];
  idsOfB.memberships = [council.members[0]!.membershipId];
  idsOfB.drafts = [docs.draftId];
  idsOfB.files = [docs.fileId];
  paramsOfB.item = council.itemIds[0]!;
  paramsOfB.aid = docs.amendmentId;
  idsOfB.meetings = [council.sittingId];
  idsOfB.members = [council.members[0]!.personId];
  idsOfB.people = [council.members[0]!.personId];
  idsOfB.agendaitems = [council.itemIds[0]!];
  // the service catalogue: a published service with a diagram, and a draft
  const services = await servicesIn(db, B);
  idsOfB.services = [services.published, services.draft];
  paramsOfB.did = services.diagram;
  paramsOfB.no = '1';
  // training: a confirmed team of B
  idsOfB.teams = [(await trainingIn(db, B, key)).teamId];
  // the knowledge base: a one-KOV article of B (its pages under knowledge/admin, its JSON API under articles)
  idsOfB.knowledge = [await articleIn(db, B, { visibility: 'kov' })];
  idsOfB.articles = idsOfB.knowledge;
  await grantRole(db, key, { kov: A, idcode: person('Jaan').idcode, role: 'kov-admin', actor: SYSTEM });
  idsOfB.roles = [(await grantRole(db, key, { kov: B, idcode: person('Toomas').idcode, role: 'kov-admin', actor: SYSTEM })).id];
  const b = await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM });
  idsOfB['api-keys'] = [b.apiKey.id];
  keyOfB = b.key;
  keyOfA = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  official = new Agent(app);
  await loginAs(official, db, person('Jaan').idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  csrf = await csrfTokenOf(official);
  // The anonymous caller carries the same CSRF cookie, so that CSRF is not what refuses it either.
  anonymous = new Agent(app);
  anonymous.cookies.set('vm_csrf', official.cookies.get('vm_csrf')!);
  // A resident with no role anywhere: what a signed-in person gets without being an official.
  resident = new Agent(app);
  await loginAs(resident, db, person('Liis').idcode, { givenName: 'Liis', familyName: 'Lepp' });
  resident.cookies.set('vm_csrf', official.cookies.get('vm_csrf')!);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe(`cross-tenant isolation over every :kov route (${engine})`, () => {
  it('finds every route that takes a KOV, the admin module’s included', () => {
    const routes = listRoutes(app).filter((r) => r.url.includes(':kov'));
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const a of ADMIN_ROUTES) expect(names).toContain(a);
  });

  it('refuses A’s official and A’s API key on every route of B, and nothing of B changes', async () => {
    const before = await tenantSnapshot(db, B);
    expect(before.core_role_grant!.length).toBe(1);
    expect(before.core_api_key!.length).toBe(1);
    expect(before.residents_person!.length).toBe(2);
    expect(before.polls_poll!.length).toBe(2);
    expect(before.voting_roll!.length).toBe(2);
    expect(before.budgets_process!.length).toBe(1);
    expect(before.budgets_idea!.length).toBe(1);
    expect(before.elders_election!.length).toBe(1);
    expect(before.elders_candidate!.length).toBe(1);
    expect(before.voting_committee!.length).toBe(9); // the committees of B's two polls and its election (3 members each), kept by the voting core
    expect(before.council_event!.length).toBeGreaterThan(0);
    expect(before.knowledge_article!.length).toBe(1);
    const { problems, changed, calls, routes } = await sweep(app);
    console.warn(`cross-tenant sweep: ${calls} calls over ${routes} routes`);
    expect(changed).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('catches a planted route that lets any official read another KOV (the sweep finds new routes by itself)', async () => {
    const leaky = await buildApp({
      config: testConfig(),
      db,
      extend: (x) => {
        // wrong on purpose: "an official of some KOV" instead of "an official of this KOV"
        x.get('/api/v1/kov/:kov/planted-report', async (req) => {
          if (!req.user?.grants.length) throw forbidden();
          return { kov: (req.params as { kov: string }).kov, secret: 'B’s data' };
        });
      },
    });
    try {
      const { problems } = await sweep(leaky);
      expect(problems).toEqual([`GET /api/v1/kov/:kov/planted-report (no id) as official of ${A}: 200 (a resident: 403)`]);
    } finally {
      await leaky.close();
    }
  });

  it('still serves B its own: B’s key works on B and is refused on A', async () => {
    const own = await app.inject({ url: `/api/v1/kov/${B}/roles`, headers: { authorization: `Bearer ${keyOfB}` } });
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toHaveLength(1);
    const other = await app.inject({ url: `/api/v1/kov/${A}/roles`, headers: { authorization: `Bearer ${keyOfB}` } });
    expect(other.statusCode).toBe(403);
  });

  it('does not let A reach B’s rows through A’s own URLs (ids of B under /kov/A are not found)', async () => {
    const before = await tenantSnapshot(db, B);
    const del = await official.req({ method: 'DELETE', url: `/api/v1/kov/${A}/roles/${idsOfB.roles![0]}`, headers: { 'x-csrf-token': csrf } });
    expect(del.statusCode).toBe(404);
    const delKey = await official.req({ method: 'DELETE', url: `/api/v1/kov/${A}/api-keys/${idsOfB['api-keys']![0]}`, headers: { 'x-csrf-token': csrf } });
    expect(delKey.statusCode).toBe(404);
    const form = await official.req({ method: 'POST', url: `/kov/${A}/admin/roles/${idsOfB.roles![0]}/revoke`, form: { _csrf: csrf } });
    expect(form.statusCode).toBe(404);
    const formKey = await official.req({ method: 'POST', url: `/kov/${A}/admin/api-keys/${idsOfB['api-keys']![0]}/revoke`, form: { _csrf: csrf } });
    expect(formKey.statusCode).toBe(404);
    expect(await tenantSnapshot(db, B)).toEqual(before);
  });
});
