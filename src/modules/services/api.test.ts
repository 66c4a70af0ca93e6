// The catalogue's JSON API over HTTP (app.inject) on PGlite and (TEST_DATABASE_URL) PostgreSQL: a KOV
// system with a write key creates, edits, publishes and archives a service (a new version after
// publishing), adopts a template; a read key reads but cannot write; another KOV's key, a resident and
// anonymous callers are refused; bad input is problem+json naming the fields.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { SERVICES_KOV as A, SERVICES_OTHER_KOV as B, sampleContent } from './fixtures.js';
import { createTemplate } from './service.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'test' };
let db: Db;
let app: FastifyInstance;
let writeKey: string;
let readKey: string;
let otherKey: string;
let templateId: string;

const call = (method: string, url: string, key?: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object), headers: key ? { authorization: `Bearer ${key}` } : {} });

const body = (name: string) => ({
  name: { et: name, en: `${name} (en)` },
  description: { et: 'Kirjeldus' },
  legalBases: [{ act: 'Sotsiaalhoolekande seadus', section: '§ 14', url: 'https://www.riigiteataja.ee/akt/SHS' }],
  unit: 'Sotsiaalosakond',
  channels: [{ kind: 'eservice', url: 'https://iseteenindus.tallinn.ee/', costCents: 0, processingTime: 'P10D' }, { kind: 'office', address: 'Vabaduse väljak 7', costCents: 1250 }],
  lifeEvents: ['birth'],
  steps: [{ what: 'Taotluse menetlus', duration: 'P10D' }],
});

beforeAll(async () => {
  setClock('2026-12-10T10:00:00+02:00', { ticking: true });
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
  writeKey = (await createKey(db, { kov: A, name: 'DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  readKey = (await createKey(db, { kov: A, name: 'Portal', scopes: ['read'], actor: SYSTEM })).key;
  otherKey = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  templateId = (await createTemplate(db, { code: 'lasteaiakoht', content: sampleContent({ name: { et: 'Lasteaiakoht', en: 'Kindergarten place', ru: '' }, unit: '', ownerName: '', ownerEmail: '' }), stateOverlap: false }, SYSTEM)).id;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`services API (${engine})`, () => {
  const base = `/api/v1/kov/${A}/services`;

  it('a write key creates, edits in place, publishes, opens a new version, publishes again and archives', async () => {
    const c = await call('POST', base, writeKey, body('Sünnitoetus'));
    expect(c.statusCode).toBe(201);
    const s = c.json();
    expect(c.headers.location).toBe(`${base}/${s.id}`);
    expect(s).toMatchObject({ slug: 'sunnitoetus', status: 'draft', versionNo: 1, draftNo: 1, currentNo: null });
    expect(s.content.channels[1]).toEqual({ kind: 'office', url: '', address: 'Vabaduse väljak 7', openingHours: '', phone: '', email: '', costCents: 1250, processingTime: '' });
    expect(s.content.name).toEqual({ et: 'Sünnitoetus', en: 'Sünnitoetus (en)', ru: '' });
    const e1 = await call('PUT', `${base}/${s.id}`, writeKey, body('Sünnitoetus 2026'));
    expect(e1.json()).toMatchObject({ versionNo: 1, created: false });
    expect((await call('POST', `${base}/sunnitoetus/publish`, writeKey)).json()).toMatchObject({ status: 'published', currentNo: 1, draftNo: null });
    expect((await call('POST', `${base}/${s.id}/publish`, writeKey)).statusCode).toBe(409);
    const e2 = await call('PUT', `${base}/sunnitoetus`, writeKey, body('Sünnitoetus 2027'));
    expect(e2.json()).toMatchObject({ versionNo: 2, created: true, service: { status: 'published', currentNo: 1, draftNo: 2 } });
    await call('POST', `${base}/${s.id}/publish`, writeKey);
    const versions = (await call('GET', `${base}/${s.id}/versions`, readKey)).json();
    expect(versions.items.map((v: { versionNo: number; current: boolean }) => [v.versionNo, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions.items[0].createdBy).toBe('API key DHS');
    const v1 = (await call('GET', `${base}/${s.id}/versions/1`, readKey)).json();
    expect(v1.content.name.et).toBe('Sünnitoetus 2026');
    expect((await call('GET', `${base}/${s.id}/versions/9`, readKey)).statusCode).toBe(404);
    expect((await call('POST', `${base}/${s.id}/archive`, writeKey)).json()).toMatchObject({ status: 'archived' });
    expect((await call('POST', `${base}/${s.id}/archive`, writeKey)).statusCode).toBe(409);
    const list = (await call('GET', `${base}?status=archived`, readKey)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([s.id]);
  });

  it('adopting a template gives a prefilled draft linked to it; templates are listed publicly', async () => {
    const r = await call('POST', `${base}/adopt`, writeKey, { templateId, unit: 'Haridusamet', ownerName: 'Kadri Kask' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ templateId, status: 'draft', content: { unit: 'Haridusamet', ownerName: 'Kadri Kask', name: { en: 'Kindergarten place' } } });
    expect((await call('POST', `${base}/adopt`, writeKey, { templateId: '00000000-0000-7000-8000-000000000000' })).statusCode).toBe(404);
    const t = (await call('GET', '/api/v1/services/templates')).json();
    expect(t.items.map((x: { code: string }) => x.code)).toContain('lasteaiakoht');
  });

  it('bad input: problem+json naming the fields', async () => {
    const bad = await call('POST', base, writeKey, { ...body(''), channels: [{ kind: 'eservice', url: 'not a url', processingTime: '10 days' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['name.et', 'channels.0.url', 'channels.0.processingTime']);
    expect((await call('POST', base, writeKey, { ...body('X'), channels: [{ kind: 'pigeon' }] })).statusCode).toBe(400);
    expect((await call('POST', base, writeKey, { ...body('X'), surprise: 1 })).statusCode).toBe(400);
  });

  it('authorization: read key reads only; other KOV’s key, resident and anonymous refused', async () => {
    expect((await call('GET', base, readKey)).statusCode).toBe(200);
    expect((await call('POST', base, readKey, body('Ei tohi'))).statusCode).toBe(403);
    expect((await call('GET', base, otherKey)).statusCode).toBe(403);
    expect((await call('POST', base, otherKey, body('Ei tohi'))).statusCode).toBe(403);
    expect((await call('GET', base)).statusCode).toBe(401);
    const resident = new Agent(app);
    await loginAs(resident, db, withCheckDigit('4800404004'));
    expect((await resident.get(base)).statusCode).toBe(403);
    // a service owner of A reads through her session
    const owner = new Agent(app);
    const OWNER = withCheckDigit('4800505005');
    await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: OWNER, role: 'service-owner', actor: SYSTEM });
    await loginAs(owner, db, OWNER);
    expect((await owner.get(base)).statusCode).toBe(200);
    expect((await owner.get(`/api/v1/kov/${B}/services`)).statusCode).toBe(403);
  });

  it('parallel PUTs on a published service (real parallel requests on PostgreSQL) open exactly one new version', async () => {
    const s = (await call('POST', base, writeKey, body('Paralleelne'))).json();
    await call('POST', `${base}/${s.id}/publish`, writeKey);
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => call('PUT', `${base}/${s.id}`, writeKey, body(`Paralleelne ${i}`))));
    expect(rs.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(rs.filter((r) => r.json().created)).toHaveLength(1);
    expect(new Set(rs.map((r) => r.json().versionNo))).toEqual(new Set([2]));
    expect((await call('GET', `${base}/${s.id}/versions`, readKey)).json().items).toHaveLength(2);
  });

  it('another KOV’s service is not found through A’s key', async () => {
    const b = (await call('POST', `/api/v1/kov/${B}/services`, otherKey, body('Tartu teenus'))).json();
    expect((await call('GET', `${base}/${b.id}`, readKey)).statusCode).toBe(404);
    expect((await call('PUT', `${base}/${b.id}`, writeKey, body('Võõras'))).statusCode).toBe(404);
    expect((await call('POST', `${base}/${b.id}/publish`, writeKey)).statusCode).toBe(404);
  });
});
