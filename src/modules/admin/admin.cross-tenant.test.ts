// Tenant isolation, table-driven over EVERY route that takes a KOV — read from the built app's route
// table, so routes that other modules add later are covered without touching this file.
//
// An official (KOV admin) of A and an API key of A (read + write) call every method of every
// /…/:kov/… route with kov = B. Each answer must be a refusal (401/403/404) — or, for a route that is
// public, exactly what a caller with no credentials gets, i.e. A's credentials add nothing. Every
// row of B in every table that has a kov_code column must be unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import type { RouteInfo } from '../../../test/helpers.js';
import { Agent, csrfTokenOf, engine, listRoutes, loginAs, seedTenant, tenantSnapshot, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from './service.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

let db: Db;
let app: FastifyInstance;
let official: Agent;
let anonymous: Agent;
let csrf: string;
let keyOfA: string;
let keyOfB: string;
const idsOfB: { grant: string; key: string } = { grant: '', key: '' };

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

function urlFor(r: RouteInfo): string {
  return r.url.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    if (name === 'kov') return B;
    if (name === 'id') return r.url.includes('/roles') ? idsOfB.grant : r.url.includes('/api-keys') ? idsOfB.key : uuidv7();
    return 'x';
  });
}

type Caller = 'official' | 'apikey' | 'anonymous';

async function call(r: RouteInfo, who: Caller) {
  const url = urlFor(r);
  const unsafe = r.method !== 'GET';
  const isApi = url.startsWith('/api/');
  const body = bodyFor(r);
  const headers: Record<string, string> = {};
  if (who === 'apikey') headers.authorization = `Bearer ${keyOfA}`;
  if (unsafe && who !== 'apikey') headers['x-csrf-token'] = csrf;
  const agent = who === 'official' ? official : who === 'anonymous' ? anonymous : new Agent(app);
  if (!unsafe) return agent.req({ method: r.method, url, headers });
  if (isApi) return agent.req({ method: r.method, url, headers, payload: body });
  const form: Record<string, string> = { _csrf: csrf };
  for (const [k, v] of Object.entries(body)) form[k] = Array.isArray(v) ? v.join(',') : String(v);
  return agent.req({ method: r.method, url, headers, form });
}

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Jaan').idcode, role: 'kov-admin', actor: SYSTEM });
  idsOfB.grant = (await grantRole(db, key, { kov: B, idcode: person('Toomas').idcode, role: 'kov-admin', actor: SYSTEM })).id;
  const b = await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM });
  idsOfB.key = b.apiKey.id;
  keyOfB = b.key;
  keyOfA = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  official = new Agent(app);
  await loginAs(official, db, person('Jaan').idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  csrf = await csrfTokenOf(official);
  // The anonymous caller carries the same CSRF cookie, so that CSRF is not what refuses it either.
  anonymous = new Agent(app);
  anonymous.cookies.set('vm_csrf', official.cookies.get('vm_csrf')!);
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
    const routes = listRoutes(app).filter((r) => r.url.includes(':kov'));
    expect(routes.length).toBeGreaterThanOrEqual(ADMIN_ROUTES.length);
    const before = await tenantSnapshot(db, B);
    expect(before.core_role_grant!.length).toBe(1);
    expect(before.core_api_key!.length).toBe(1);
    expect(before.core_audit!.length).toBe(2);

    const results: { route: string; who: Caller; status: number }[] = [];
    for (const r of routes) {
      for (const who of ['official', 'apikey'] as const) {
        const res = await call(r, who);
        results.push({ route: `${r.method} ${r.url}`, who, status: res.statusCode });
      }
    }
    const after = await tenantSnapshot(db, B);
    expect(after).toEqual(before);

    // Compare with a caller who has no credentials at all (after the snapshot: a public route may
    // legitimately accept an anonymous write).
    const refused = new Set([401, 403, 404]);
    const problems: string[] = [];
    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      const anon = (await call(r, 'anonymous')).statusCode;
      for (const res of results.filter((x) => x.route === name)) {
        const ok = ADMIN_ROUTES.includes(name) ? res.status === 403 : refused.has(res.status) || res.status === anon;
        if (!ok) problems.push(`${name} as ${res.who} of ${A}: ${res.status} (anonymous: ${anon})`);
      }
    }
    expect(problems).toEqual([]);
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
    const del = await official.req({ method: 'DELETE', url: `/api/v1/kov/${A}/roles/${idsOfB.grant}`, headers: { 'x-csrf-token': csrf } });
    expect(del.statusCode).toBe(404);
    const delKey = await official.req({ method: 'DELETE', url: `/api/v1/kov/${A}/api-keys/${idsOfB.key}`, headers: { 'x-csrf-token': csrf } });
    expect(delKey.statusCode).toBe(404);
    const form = await official.req({ method: 'POST', url: `/kov/${A}/admin/roles/${idsOfB.grant}/revoke`, form: { _csrf: csrf } });
    expect(form.statusCode).toBe(404);
    const formKey = await official.req({ method: 'POST', url: `/kov/${A}/admin/api-keys/${idsOfB.key}/revoke`, form: { _csrf: csrf } });
    expect(formKey.statusCode).toBe(404);
    expect(await tenantSnapshot(db, B)).toEqual(before);
  });
});
