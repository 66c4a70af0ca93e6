// The handlers see the photos (PGlite, and PostgreSQL with TEST_DATABASE_URL): the report page in the
// inbox shows a report's photos — also of an unconfirmed report, which is not public — through a route
// only a handler of that KOV (or its API key with `write`) may open; the public, a signed-in resident,
// another KOV's handler and a read-only key get 404.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { createApiKey } from '../../kernel/auth.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { makeReport, seedReportCategories } from './fixtures.js';
import { processPhoto } from './photos.js';
import { REPORTS_ANALYST, REPORTS_HANDLER } from './permissions.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  setClock(new Date('2026-06-01T09:00:00Z'));
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`the handlers’ photos (${engine})`, () => {
  it('shows an unconfirmed report’s photo to a handler of its KOV and to nobody else', async () => {
    const photo = await processPhoto(await sharp({ create: { width: 80, height: 60, channels: 3, background: '#963' } }).jpeg().toBuffer());
    const r = await makeReport(db, A, { reporter: { kind: 'email', email: 'anon@example.ee', name: null, phone: null }, photos: [photo] });
    expect(r.status).toBe('unconfirmed');
    const handlerA = new Agent(app);
    await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: person('Andres').idcode, role: REPORTS_HANDLER, actor: SYSTEM });
    await loginAs(handlerA, db, person('Andres').idcode, { givenName: 'Andres', familyName: 'Mets' });

    // the report page in the inbox shows it through the handlers' route
    const page = await handlerA.get(`/kov/${A}/reports/admin/${r.id}?lang=et`);
    expect(page.statusCode).toBe(200);
    const src = /<img src="(\/kov\/0784\/reports\/admin\/[^"]+\/photos\/[^"]+)"[^>]*alt="Teate foto 1"/.exec(page.body)?.[1];
    expect(src).toBeTruthy();
    const ok = await handlerA.get(src!);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/jpeg');
    expect(ok.headers['cache-control']).toBe('private, max-age=600');
    expect((await sharp(ok.rawPayload).metadata()).width).toBe(80);
    // the JSON API names the same route
    const api = await handlerA.get(`/api/v1/kov/${A}/reports/${r.id}`);
    expect((JSON.parse(api.body) as { photos: { url: string }[] }).photos[0]!.url).toBe(src);

    // the public route does not serve a photo of a report that is not public
    const photoId = src!.split('/').pop()!;
    expect((await app.inject({ url: `/kov/${A}/reports/photos/${photoId}` })).statusCode).toBe(404);

    // everyone else: 404
    expect((await app.inject({ url: src! })).statusCode).toBe(404);
    const resident = new Agent(app);
    await loginAs(resident, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    expect((await resident.get(src!)).statusCode).toBe(404);
    const handlerB = new Agent(app);
    await grantRole(db, app.config.idcodeHmacKey, { kov: B, idcode: person('Kadri').idcode, role: REPORTS_HANDLER, actor: SYSTEM });
    await loginAs(handlerB, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kask' });
    expect((await handlerB.get(src!)).statusCode).toBe(404);
    expect((await handlerB.get(src!.replace(`/kov/${A}/`, `/kov/${B}/`))).statusCode).toBe(404);
    // an analyst of A reads reports but is no handler: no photo, and no link on the page
    const analyst = new Agent(app);
    await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: person('Helena').idcode, role: REPORTS_ANALYST, actor: SYSTEM });
    await loginAs(analyst, db, person('Helena').idcode, { givenName: 'Helena', familyName: 'Raud' });
    expect((await analyst.get(src!)).statusCode).toBe(404);
    expect((await analyst.get(`/kov/${A}/reports/admin/${r.id}`)).body).not.toContain(src!);
    // API keys: A's write key may, a read key and B's key may not
    const key = async (kov: string, scopes: ('read' | 'write')[]) => (await db.tx((t) => createApiKey(t, { kov, name: 'süsteem', scopes, createdBy: null }), { kov })).key;
    const withKey = async (k: string) => (await app.inject({ url: src!, headers: { authorization: `Bearer ${k}` } })).statusCode;
    expect(await withKey(await key(A, ['read', 'write']))).toBe(200);
    expect(await withKey(await key(A, ['read']))).toBe(404);
    expect(await withKey(await key(B, ['read', 'write']))).toBe(404);
  });
});
