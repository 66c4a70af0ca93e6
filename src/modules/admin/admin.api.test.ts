// The admin JSON API: sessions (with the CSRF header) and API keys, scopes, problem+json errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfTokenOf, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from './service.js';
import { today } from '../../kernel/clock.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const JAAN = DEMO_PEOPLE.find((p) => p.givenName === 'Jaan')!;
const MARI = DEMO_PEOPLE.find((p) => p.givenName === 'Mari')!;

let db: Db;
let app: FastifyInstance;
let admin: Agent;
let csrf: string;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  csrf = await csrfTokenOf(admin);
  readKey = (await createKey(db, { kov: A, name: 'Lugeja', scopes: ['read'], actor: SYSTEM })).key;
  writeKey = (await createKey(db, { kov: A, name: 'Kirjutaja', scopes: ['read', 'write'], actor: SYSTEM })).key;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const session = (method: string, url: string, payload?: unknown) =>
  admin.req({ method, url, payload: payload as object, headers: { 'x-csrf-token': csrf } });
const withKey = (key: string, method: string, url: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: payload as object, headers: { authorization: `Bearer ${key}` } });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, field?: string, reason?: RegExp) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as { status: number; errors?: { field: string; reason: string }[] };
  expect(body.status).toBe(status);
  if (field) {
    const e = body.errors?.find((x) => x.field === field);
    expect(e, JSON.stringify(body)).toBeTruthy();
    if (reason) expect(e!.reason).toMatch(reason);
  }
}

describe(`admin JSON API (${engine})`, () => {
  it('grants, lists and revokes roles for a signed-in KOV admin', async () => {
    const code = withCheckDigit('6010101222');
    const created = await session('POST', `/api/v1/kov/${A}/roles`, { idcode: code, role: 'kov-admin' });
    expect(created.statusCode).toBe(201);
    const g = created.json();
    expect(g).toMatchObject({ kov: A, role: 'kov-admin', roleLabel: 'KOV administraator', idcodeHint: `•••••••${code.slice(-4)}`, personName: null });
    expect(JSON.stringify(g)).not.toContain(code);

    const list = await session('GET', `/api/v1/kov/${A}/roles?lang=en`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; personName: string | null; roleLabel: string }[];
    expect(items.map((i) => i.id)).toContain(g.id);
    expect(items.find((i) => i.personName === 'Jaan Tamm')?.roleLabel).toBe('KOV administrator');
    await admin.get('/no-such-page?lang=et');

    const dup = await session('POST', `/api/v1/kov/${A}/roles`, { idcode: code, role: 'kov-admin' });
    expectProblem(dup, 409, 'role', /juba olemas/);

    const del = await session('DELETE', `/api/v1/kov/${A}/roles/${g.id}`);
    expect(del.statusCode).toBe(204);
    expectProblem(await session('DELETE', `/api/v1/kov/${A}/roles/${g.id}`), 404);
  });

  it('answers bad role input with 400 problem+json naming the field and the reason', async () => {
    const bad = JAAN.idcode.slice(0, 10) + String((Number(JAAN.idcode[10]) + 1) % 10);
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { idcode: bad, role: 'kov-admin' }), 400, 'idcode', /kontrollnumber/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { idcode: '39002102761x', role: 'kov-admin' }), 400, 'idcode', /11 numbrist/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { idcode: MARI.idcode, role: 'boss' }), 400, 'role', /Sellist rolli ei ole/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { idcode: MARI.idcode, role: 'platform-admin' }), 400, 'role');
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { role: 'kov-admin' }), 400, 'idcode');
    expectProblem(await session('POST', `/api/v1/kov/${A}/roles`, { idcode: MARI.idcode, role: 'kov-admin', extra: 1 }), 400, 'extra');
    expectProblem(await session('DELETE', `/api/v1/kov/${A}/roles/not-a-uuid`), 400, 'id');
    const en = await admin.req({ method: 'POST', url: `/api/v1/kov/${A}/roles?lang=en`, payload: { idcode: bad, role: 'kov-admin' }, headers: { 'x-csrf-token': csrf } });
    expectProblem(en, 400, 'idcode', /check digit/);
    await admin.get('/no-such-page?lang=et');
  });

  it('creates an API key (shown once), lists keys without secrets, revokes; bad input is 400', async () => {
    const res = await session('POST', `/api/v1/kov/${A}/api-keys`, { name: 'Dokumendihaldus', scopes: ['write', 'read'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { key, apiKey } = res.json();
    expect(key).toMatch(/^vmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Dokumendihaldus', scopes: ['read', 'write'], revokedAt: null, createdBy: 'Jaan Tamm' });
    const list = await session('GET', `/api/v1/kov/${A}/api-keys`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain('argon2');
    expect(list.json().items.map((k: { id: string }) => k.id)).toContain(apiKey.id);

    expect((await withKey(key, 'GET', `/api/v1/kov/${A}/roles`)).statusCode).toBe(200);
    expect((await session('DELETE', `/api/v1/kov/${A}/api-keys/${apiKey.id}`)).statusCode).toBe(204);
    expectProblem(await withKey(key, 'GET', `/api/v1/kov/${A}/roles`), 401, 'authorization');
    expectProblem(await session('DELETE', `/api/v1/kov/${A}/api-keys/${apiKey.id}`), 404);

    expectProblem(await session('POST', `/api/v1/kov/${A}/api-keys`, { name: '', scopes: ['read'] }), 400, 'name', /nimi/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/api-keys`, { name: 'x'.repeat(101), scopes: ['read'] }), 400, 'name', /100/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/api-keys`, { name: 'S', scopes: [] }), 400, 'scopes', /vähemalt üks/);
    expectProblem(await session('POST', `/api/v1/kov/${A}/api-keys`, { name: 'S', scopes: ['admin'] }), 400, 'scopes.0');
    expectProblem(await session('POST', `/api/v1/kov/${A}/api-keys`, { name: 'S' }), 400, 'scopes');
    expectProblem(await session('DELETE', `/api/v1/kov/${A}/api-keys/123`), 400, 'id');
  });

  it('needs the CSRF header for changes made with a session', async () => {
    const res = await admin.req({ method: 'POST', url: `/api/v1/kov/${A}/api-keys`, payload: { name: 'X', scopes: ['read'] } });
    expectProblem(res, 403);
  });

  it('lets API keys read roles and the audit log with scope read, and nothing else', async () => {
    expect((await withKey(readKey, 'GET', `/api/v1/kov/${A}/roles`)).statusCode).toBe(200);
    expect((await withKey(readKey, 'GET', `/api/v1/kov/${A}/audit`)).statusCode).toBe(200);
    for (const key of [readKey, writeKey]) {
      expectProblem(await withKey(key, 'POST', `/api/v1/kov/${A}/roles`, { idcode: MARI.idcode, role: 'kov-admin' }), 403);
      expectProblem(await withKey(key, 'POST', `/api/v1/kov/${A}/api-keys`, { name: 'more', scopes: ['read'] }), 403);
      expectProblem(await withKey(key, 'GET', `/api/v1/kov/${A}/api-keys`), 403);
      const grants = (await withKey(key, 'GET', `/api/v1/kov/${A}/roles`)).json().items as { id: string }[];
      expectProblem(await withKey(key, 'DELETE', `/api/v1/kov/${A}/roles/${grants[0]!.id}`), 403);
      // nor the pages
      expect((await withKey(key, 'GET', `/kov/${A}/admin`)).statusCode).toBe(403);
    }
    const writeOnly = (await createKey(db, { kov: A, name: 'Ainult kirjutaja', scopes: ['write'], actor: SYSTEM })).key;
    expectProblem(await withKey(writeOnly, 'GET', `/api/v1/kov/${A}/audit`), 403);
    expectProblem(await withKey('vmk_000000000000_' + 'a'.repeat(43), 'GET', `/api/v1/kov/${A}/audit`), 401);
  });

  it('serves the audit log as JSON: newest first, filtered, paginated, with the actor of API key calls', async () => {
    const res = await session('GET', `/api/v1/kov/${A}/audit`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ page: 1, perPage: 50 });
    expect(body.total).toBe(body.items.length);
    const seqs = body.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const first = body.items.find((e: { action: string }) => e.action === 'apikey.create');
    expect(first).toMatchObject({ actor: { kind: expect.any(String), name: expect.any(String) }, target: { type: 'api_key' }, before: null });
    expect(first.after).toMatchObject({ name: expect.any(String), scopes: expect.any(Array) });
    expect(first.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const f = await withKey(readKey, 'GET', `/api/v1/kov/${A}/audit?action=role.revoke&actor=Jaan`);
    expect(f.statusCode).toBe(200);
    const items = f.json().items as { action: string; actor: { name: string } }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.action === 'role.revoke' && i.actor.name === 'Jaan Tamm')).toBe(true);

    const day = today();
    expect((await session('GET', `/api/v1/kov/${A}/audit?from=${day}&to=${day}`)).json().total).toBe(body.total);
    expect((await session('GET', `/api/v1/kov/${A}/audit?to=2020-01-01`)).json().total).toBe(0);
    const beyond = (await session('GET', `/api/v1/kov/${A}/audit?page=99`)).json();
    expect(beyond).toMatchObject({ items: [], page: 99 });
  });

  it('answers a bad audit query with 400 naming the field', async () => {
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?page=0`), 400, 'page');
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?page=abc`), 400, 'page');
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?from=2026-13-01`), 400, 'from');
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?to=yesterday`), 400, 'to');
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?from=2026-05-02&to=2026-05-01`), 400, 'to', /Alguskuupäev/);
    expectProblem(await session('GET', `/api/v1/kov/${A}/audit?sort=asc`), 400, 'sort');
    const en = await app.inject({ url: `/api/v1/kov/${A}/audit?lang=en&page=0`, headers: { authorization: `Bearer ${readKey}` } });
    expectProblem(en, 400, 'page', /positive whole number|>= 1/);
    expect((await withKey(readKey, 'GET', `/api/v1/kov/${A}/audit?lang=ru`)).statusCode).toBe(200);
  });

  it('documents the admin API in OpenAPI with the apiKey security scheme', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    for (const p of ['/api/v1/kov/{kov}/roles', '/api/v1/kov/{kov}/roles/{id}', '/api/v1/kov/{kov}/api-keys', '/api/v1/kov/{kov}/api-keys/{id}', '/api/v1/kov/{kov}/audit']) {
      expect(doc.paths[p], p).toBeTruthy();
      for (const op of Object.values(doc.paths[p]) as { tags: string[]; security: unknown }[]) {
        expect(op.tags).toEqual(['admin']);
        expect(op.security).toEqual([{ apiKey: [] }]);
      }
    }
  });
});
