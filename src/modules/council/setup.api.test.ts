// The council's set-up JSON API on PGlite and (TEST_DATABASE_URL) PostgreSQL: public reads of bodies,
// seats (substitutes in), sittings with agenda and drafts; a KOV's API key with `write` creates a
// draft and a sitting with its agenda, adds an item and publishes the notice (refused when late);
// `read` keys, other KOVs' keys and anonymous callers cannot write; planned sittings are the officials'.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { engine, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { createKey } from '../admin/index.js';
import { COUNCIL_KOV, OTHER_KOV, councilDocsIn, councilWorld, type CouncilWorld } from './fixtures.js';

const A = COUNCIL_KOV;
const B = OTHER_KOV;
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test' };
const DAY = 86_400_000;
let db: Db;
let app: FastifyInstance;
let w: CouncilWorld;
let writeKey: string;
let readKey: string;
let otherKey: string;

const call = (method: string, url: string, key?: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object), headers: key ? { authorization: `Bearer ${key}` } : {} });

beforeAll(async () => {
  setClock('2026-12-01T10:00:00+02:00', { ticking: true });
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
  w = await councilWorld(db, app.config.idcodeHmacKey, { members: 5, items: 2, startsAt: new Date('2027-01-14T14:00:00+02:00') });
  await councilDocsIn(db, w);
  writeKey = (await createKey(db, { kov: A, name: 'DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  readKey = (await createKey(db, { kov: A, name: 'Portal', scopes: ['read'], actor: SYSTEM })).key;
  otherKey = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`council set-up API (${engine})`, () => {
  const base = `/api/v1/kov/${A}/council`;

  it('public reads: bodies and seats; a planned sitting only for the KOV’s officials and keys', async () => {
    const bodies = (await call('GET', `${base}/bodies`)).json();
    expect(bodies.items.map((b: { kind: string }) => b.kind)).toEqual(['council', 'commission']);
    const seats = await call('GET', `${base}/bodies/${w.councilId}/members?on=2026-12-01`);
    expect(seats.statusCode).toBe(200);
    expect(seats.json().items).toHaveLength(5);
    expect(seats.json().items[0]).toMatchObject({ role: 'chair', substituteFor: null });
    expect((await call('GET', `${base}/bodies/${w.councilId}/members?on=1.12.2026`)).statusCode).toBe(400);
    // the fixture's sitting is planned
    expect((await call('GET', `${base}/sittings`)).json().items).toEqual([]);
    expect((await call('GET', `${base}/sittings/${w.sittingId}`)).statusCode).toBe(404);
    expect((await call('GET', `${base}/sittings/${w.sittingId}`, otherKey)).statusCode).toBe(404);
    const seen = await call('GET', `${base}/sittings/${w.sittingId}`, readKey);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ state: 'planned', noticeDeadline: '2027-01-07' });
    expect(seen.json().items[0]).toMatchObject({ position: 1, draftNumber: expect.any(String), amendments: [expect.objectContaining({ text: 'Muuta', status: 'proposed' })] });
    // the submitted draft is public, with its document
    const drafts = (await call('GET', `${base}/drafts`)).json();
    expect(drafts.items).toHaveLength(1);
    const d = (await call('GET', `${base}/drafts/${drafts.items[0].id}`)).json();
    expect(d.documents[0]).toMatchObject({ version: 1, mediaType: 'application/pdf', url: `/kov/${A}/council/files/${d.documents[0].id}` });
  });

  it('a write key creates a draft and a sitting with its agenda, adds an item, publishes in time; a late notice is 409', async () => {
    const draftBody = { bodyId: w.councilId, number: '1-3/99', title: 'Arengukava', kind: 'decision', presenter: 'Linnavalitsus' };
    for (const key of [undefined, readKey, otherKey]) expect([401, 403]).toContain((await call('POST', `${base}/drafts`, key, draftBody)).statusCode);
    const draft = await call('POST', `${base}/drafts`, writeKey, draftBody);
    expect(draft.statusCode).toBe(201);
    expect((await call('POST', `${base}/drafts`, writeKey, draftBody)).statusCode).toBe(409);
    expect((await call('POST', `${base}/drafts`, writeKey, { ...draftBody, number: '' })).json().errors).toEqual([expect.objectContaining({ field: 'number' })]);
    const startsAt = new Date(nowMs() + 10 * DAY).toISOString();
    const sittingBody = { bodyId: w.councilId, kind: 'regular', mode: 'hybrid', startsAt, place: 'Raekoda', videoUrl: 'https://video.example/tlv', items: [{ title: 'Arengukava', draftId: draft.json().id }, { title: 'Info' }] };
    for (const key of [undefined, readKey, otherKey]) expect([401, 403]).toContain((await call('POST', `${base}/sittings`, key, sittingBody)).statusCode);
    const bad = await call('POST', `${base}/sittings`, writeKey, { ...sittingBody, videoUrl: 'http://x', items: [{ title: '' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['videoUrl', 'items.0.title']);
    const made = await call('POST', `${base}/sittings`, writeKey, sittingBody);
    expect(made.statusCode).toBe(201);
    const s = made.json();
    expect(s).toMatchObject({ number: 2, state: 'planned' });
    expect(s.items.map((i: { title: string; draftNumber: string | null }) => [i.title, i.draftNumber])).toEqual([
      ['Arengukava', '1-3/99'],
      ['Info', null],
    ]);
    const added = await call('POST', `${base}/sittings/${s.id}/items`, writeKey, { title: 'Arupärimine' });
    expect(added.statusCode).toBe(201);
    expect(added.json().items).toHaveLength(3);
    const pub = await call('POST', `${base}/sittings/${s.id}/publish`, writeKey);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().state).toBe('published');
    expect((await call('GET', `${base}/sittings`)).json().items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    // the draft became public with the notice
    expect((await call('GET', `${base}/drafts/${draft.json().id}`)).statusCode).toBe(200);
    // too late for a regular sitting: 3 days ahead
    const late = await call('POST', `${base}/sittings`, writeKey, { ...sittingBody, startsAt: new Date(nowMs() + 3 * DAY).toISOString(), items: [{ title: 'X' }] });
    const refused = await call('POST', `${base}/sittings/${late.json().id}/publish`, writeKey);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // another KOV's key cannot touch this KOV's sitting
    expect((await call('POST', `${base}/sittings/${s.id}/items`, otherKey, { title: 'X' })).statusCode).toBe(403);
  });
});
