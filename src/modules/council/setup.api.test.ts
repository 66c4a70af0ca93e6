// The council's set-up JSON API on PGlite and (TEST_DATABASE_URL) PostgreSQL: public reads of bodies,
// seats (substitutes in), sittings with agenda and drafts; a KOV's API key with `write` creates a
// draft and a sitting with its agenda, adds an item and publishes the notice (refused when late);
// `read` keys, other KOVs' keys and anonymous callers cannot write; planned sittings are the officials'.
// Then what a sitting's preparation changes (and the official page's form for it): a sitting's details
// edited (freely while planned; after the notice only with a reason, kept in the public notice history;
// never once open), agenda items moved and removed (not once open), documents uploaded to a draft or a
// sitting (multipart: PDF/DOCX by content, the size limit, versions). Each of these routes refuses a
// resident, another KOV's key and a read key, and names the fields of bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { dateToTallinnLocal, nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, asOwner, csrfTokenOf, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { tinyDocx, tinyPdf } from './demo.js';
import { COUNCIL_KOV, OTHER_KOV, councilDocsIn, councilWorld, type CouncilWorld } from './fixtures.js';
import { openSitting } from './live.js';
import { MAX_FILE_BYTES, createSitting, publishNotice } from './service.js';

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
let resident: Agent;
let residentCsrf: string;
let secretary: Agent;
const base = `/api/v1/kov/${A}/council`;

const call = (method: string, url: string, key?: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object), headers: key ? { authorization: `Bearer ${key}` } : {} });

type Payload = { json?: unknown; multipart?: { payload: Buffer; headers: Record<string, string> } };
const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string | undefined, p: Payload = {}) =>
  app.inject({
    method,
    url,
    payload: p.multipart ? p.multipart.payload : method === 'GET' || method === 'DELETE' ? undefined : ((p.json ?? {}) as object),
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(p.multipart?.headers ?? {}) },
  });
/** The same request as a signed-in resident (with her session's CSRF token: refused for who she is, not for the token). */
const asResident = (method: 'POST' | 'PATCH' | 'DELETE', url: string, p: Payload = {}) =>
  resident.req({
    method,
    url,
    payload: p.multipart ? p.multipart.payload : method === 'DELETE' ? undefined : JSON.stringify(p.json ?? {}),
    headers: { 'x-csrf-token': residentCsrf, ...(p.multipart ? p.multipart.headers : method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
  });

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer } | null) {
  const b = '----council-api-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

/** The outsiders of every write here: no one, a resident, another KOV's write key, this KOV's read key. */
async function refusedToOutsiders(method: 'POST' | 'PATCH' | 'DELETE', url: string, p: Payload = {}) {
  expect([401, 403]).toContain((await send(method, url, undefined, p)).statusCode);
  expect((await asResident(method, url, p)).statusCode).toBe(403);
  expect((await send(method, url, otherKey, p)).statusCode).toBe(403);
  expect((await send(method, url, readKey, p)).statusCode).toBe(403);
}

/** The fields a problem names, each once (a union's alternatives each fail). */
const fieldsOf = (res: { json: () => { errors?: { field: string }[] } }) => [...new Set((res.json().errors ?? []).map((e) => e.field))];
const auditOf = (id: string) =>
  asOwner(db, (t) => t.query<{ action: string; before: unknown; after: Record<string, unknown> }>(`SELECT action, before, after FROM core_audit WHERE kov_code = $1 AND target_id = $2 ORDER BY seq`, [A, id]));

async function newSitting(daysAhead: number, items = ['Üks', 'Kaks', 'Kolm']): Promise<string> {
  const startsAt = new Date(nowMs() + daysAhead * DAY);
  return (await createSitting(db, A, { bodyId: w.councilId, kind: 'regular', mode: 'room', startsAt, place: 'Raekoda', items: items.map((title) => ({ title })) }, SYSTEM)).id;
}

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
  resident = new Agent(app);
  await loginAs(resident, db, withCheckDigit('4800404004'), { givenName: 'Elanik' });
  residentCsrf = await csrfTokenOf(resident);
  const SECRETARY = withCheckDigit('4800202002');
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: SECRETARY, role: 'council-secretary', actor: SYSTEM });
  secretary = new Agent(app);
  await loginAs(secretary, db, SECRETARY, { givenName: 'Sekretär' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`council set-up API (${engine})`, () => {

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

describe(`council set-up API: editing a sitting (${engine})`, () => {
  it('changes a planned sitting’s details freely; refuses outsiders and bad input by field', async () => {
    const id = await newSitting(20);
    const url = `${base}/sittings/${id}`;
    await refusedToOutsiders('PATCH', url, { json: { place: 'Saal 2' } });
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { startsAt: 'homme' } }))).toEqual(['startsAt']);
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { mode: 'online' } }))).toEqual(['videoUrl']);
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { startsAt: new Date(nowMs() - DAY).toISOString() } }))).toEqual(['startsAt']);
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { place: 'Saal', colour: 'red' } }))).toEqual(['colour']);
    expect((await send('PATCH', url, writeKey, { json: {} })).statusCode).toBe(400);
    expect((await send('PATCH', `${base}/sittings/00000000-0000-7000-8000-000000000000`, writeKey, { json: { place: 'X' } })).statusCode).toBe(404);
    const res = await send('PATCH', url, writeKey, { json: { mode: 'hybrid', videoUrl: 'https://video.example/tlv', place: 'Saal 2' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'planned', mode: 'hybrid', place: 'Saal 2', videoUrl: 'https://video.example/tlv', noticeChanges: [] });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['council.sitting.create', 'council.sitting.update']);
    // the same details again change nothing (no audit entry)
    expect((await send('PATCH', url, writeKey, { json: { place: 'Saal 2' } })).statusCode).toBe(200);
    expect(await auditOf(id)).toHaveLength(2);
  });

  it('after the notice: only with a reason, kept in the public notice history; the notice must stay in time', async () => {
    const id = await newSitting(20);
    await publishNotice(db, A, id, SYSTEM);
    const url = `${base}/sittings/${id}`;
    const later = new Date(nowMs() + 21 * DAY);
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { startsAt: later.toISOString() } }))).toEqual(['reason']);
    expect(fieldsOf(await send('PATCH', url, writeKey, { json: { startsAt: later.toISOString(), reason: 'x' } }))).toEqual(['reason']);
    // three days ahead: a regular sitting's notice (7 days) published today is no longer in time
    const tooSoon = await send('PATCH', url, writeKey, { json: { startsAt: new Date(nowMs() + 3 * DAY).toISOString(), reason: 'Varem' } });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(tooSoon)).toEqual(['startsAt']);
    const ok = await send('PATCH', url, writeKey, { json: { startsAt: later.toISOString(), reason: 'Saal on hõivatud' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().startsAt).toBe(later.toISOString());
    expect(ok.json().noticeChanges).toEqual([
      {
        changedAt: expect.any(String),
        reason: 'Saal on hõivatud',
        before: expect.objectContaining({ kind: 'regular', place: 'Raekoda' }),
        after: expect.objectContaining({ startsAt: later.toISOString(), place: 'Raekoda' }),
      },
    ]);
    expect(ok.json().noticeChanges[0].before.startsAt).not.toBe(later.toISOString());
    // public: the API and the sitting's page show it
    expect((await send('GET', url, undefined)).json().noticeChanges).toHaveLength(1);
    const page = await app.inject({ url: `/kov/${A}/council/sittings/${id}?lang=en` });
    expect(page.body).toContain('Changes after the notice');
    expect(page.body).toContain('Saal on hõivatud');
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['council.sitting.create', 'council.notice.publish', 'council.notice.change']);
    expect(audit[2]!.after).toMatchObject({ reason: 'Saal on hõivatud', startsAt: later.toISOString() });
  });

  it('merges changes sent at the same time: each keeps the other’s fields (read under the sitting’s lock)', async () => {
    const id = await newSitting(20);
    const url = `${base}/sittings/${id}`;
    const res = await Promise.all([
      send('PATCH', url, writeKey, { json: { place: 'Saal A' } }),
      send('PATCH', url, writeKey, { json: { mode: 'hybrid', videoUrl: 'https://video.example/a' } }),
      send('PATCH', url, writeKey, { json: { kind: 'extraordinary' } }),
    ]);
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect((await send('GET', url, writeKey)).json()).toMatchObject({ place: 'Saal A', mode: 'hybrid', videoUrl: 'https://video.example/a', kind: 'extraordinary' });
    expect((await auditOf(id)).filter((a) => a.action === 'council.sitting.update')).toHaveLength(3);
  });

  it('refuses any change once the sitting is open', async () => {
    const id = await newSitting(20);
    await publishNotice(db, A, id, SYSTEM);
    await openSitting(db, A, id, SYSTEM);
    const res = await send('PATCH', `${base}/sittings/${id}`, writeKey, { json: { place: 'Mujal', reason: 'Muudatus' } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe(`council set-up API: moving and removing agenda items (${engine})`, () => {
  it('moves an item up or down and removes one, before and after the notice; not once open', async () => {
    const id = await newSitting(20);
    const url = `${base}/sittings/${id}`;
    const items = (await send('GET', url, writeKey)).json().items as { id: string; title: string }[];
    const [one, two, three] = items;
    await refusedToOutsiders('POST', `${url}/items/${two!.id}/move`, { json: { direction: 'up' } });
    await refusedToOutsiders('DELETE', `${url}/items/${two!.id}`);
    expect(fieldsOf(await send('POST', `${url}/items/${two!.id}/move`, writeKey, { json: { direction: 'sideways' } }))).toEqual(['direction']);
    expect((await send('POST', `${url}/items/${w.itemIds[0]}/move`, writeKey, { json: { direction: 'up' } })).statusCode).toBe(404); // another sitting's item
    expect((await send('DELETE', `${url}/items/not-an-item`, writeKey)).statusCode).toBe(404);
    const moved = await send('POST', `${url}/items/${two!.id}/move`, writeKey, { json: { direction: 'up' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().items.map((i: { title: string; position: number }) => [i.position, i.title])).toEqual([
      [1, 'Kaks'],
      [2, 'Üks'],
      [3, 'Kolm'],
    ]);
    await publishNotice(db, A, id, SYSTEM);
    const down = await send('POST', `${url}/items/${two!.id}/move`, writeKey, { json: { direction: 'down' } });
    expect(down.json().items.map((i: { title: string }) => i.title)).toEqual(['Üks', 'Kaks', 'Kolm']);
    const removed = await send('DELETE', `${url}/items/${one!.id}`, writeKey);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items.map((i: { title: string; position: number }) => [i.position, i.title])).toEqual([
      [1, 'Kaks'],
      [2, 'Kolm'],
    ]);
    const audit = await auditOf(id);
    expect(audit.filter((a) => a.action.startsWith('council.item.')).map((a) => [a.action, a.after.afterNotice])).toEqual([
      ['council.item.move', false],
      ['council.item.move', true],
      ['council.item.remove', true],
    ]);
    await openSitting(db, A, id, SYSTEM);
    for (const res of [await send('POST', `${url}/items/${three!.id}/move`, writeKey, { json: { direction: 'up' } }), await send('DELETE', `${url}/items/${three!.id}`, writeKey)]) {
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await send('GET', url, writeKey)).json().items).toHaveLength(2);
  });
});

describe(`council set-up API: uploading documents (${engine})`, () => {
  it('takes a PDF or DOCX (by content) to a draft or a sitting, keeps versions, refuses the rest', async () => {
    const draft = (await send('POST', `${base}/drafts`, writeKey, { json: { bodyId: w.councilId, number: '1-3/55', title: 'Eelarve', kind: 'regulation', presenter: 'Linnavalitsus' } })).json();
    const url = `${base}/drafts/${draft.id}/files`;
    const pdf = (v: string) => multipart({}, { name: `Eelnõu ${v}.pdf`, type: 'application/octet-stream', bytes: tinyPdf(v) });
    await refusedToOutsiders('POST', url, { multipart: pdf('v0') });
    // bad input, each by field
    const notMultipart = await send('POST', url, writeKey, { json: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    expect(notMultipart.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(await send('POST', url, writeKey, { multipart: multipart({ documentId: 'x' }, null) }))).toEqual(['file']);
    const html = await send('POST', url, writeKey, { multipart: multipart({}, { name: 'x.pdf', type: 'application/pdf', bytes: Buffer.from('<html>not a pdf</html>') }) });
    expect(html.statusCode).toBe(400);
    expect(html.json().errors).toEqual([{ field: 'file', reason: 'Fail peab olema PDF või DOCX.' }]);
    const big = Buffer.concat([tinyPdf('big'), Buffer.alloc(MAX_FILE_BYTES)]);
    const tooBig = await send('POST', url, writeKey, { multipart: multipart({}, { name: 'suur.pdf', type: 'application/pdf', bytes: big }) });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors).toEqual([{ field: 'file', reason: `Fail on suurem kui ${MAX_FILE_BYTES / 1024 / 1024} MB.` }]);
    expect(fieldsOf(await send('POST', url, writeKey, { multipart: multipart({ colour: 'red' }, { name: 'a.pdf', type: 'application/pdf', bytes: tinyPdf('c') }) }))).toEqual(['colour']);
    expect(await asOwner(db, (t) => t.query('SELECT id FROM council_file WHERE draft_id = $1', [draft.id]))).toEqual([]);
    // a document, its next version, a second document
    const v1 = await send('POST', url, writeKey, { multipart: pdf('v1') });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1, mediaType: 'application/pdf', name: 'Eelnõu v1.pdf', url: `/kov/${A}/council/files/${v1.json().id}` });
    const v2 = await send('POST', url, writeKey, { multipart: multipart({ documentId: v1.json().documentId }, { name: 'Eelnõu v2.pdf', type: 'application/pdf', bytes: tinyPdf('v2') }) });
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, documentId: v1.json().documentId });
    const docx = await send('POST', url, writeKey, { multipart: multipart({}, { name: 'seletuskiri.docx', type: 'application/octet-stream', bytes: tinyDocx('seletus') }) });
    expect(docx.json()).toMatchObject({ version: 1, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(docx.json().documentId).not.toBe(v1.json().documentId);
    const full = (await send('GET', `${base}/drafts/${draft.id}`, writeKey)).json();
    expect(full.documents.map((d: { version: number }) => d.version).sort()).toEqual([1, 1, 2]);
    expect((await auditOf(draft.id)).filter((a) => a.action === 'council.file.upload')).toHaveLength(3);
    // a sitting's document; a version of the draft's document is not the sitting's
    const sitting = await newSitting(20);
    const surl = `${base}/sittings/${sitting}/files`;
    await refusedToOutsiders('POST', surl, { multipart: pdf('s0') });
    expect(fieldsOf(await send('POST', surl, writeKey, { multipart: multipart({ documentId: v1.json().documentId }, { name: 'a.pdf', type: 'application/pdf', bytes: tinyPdf('a') }) }))).toEqual(['documentId']);
    const agenda = await send('POST', surl, writeKey, { multipart: multipart({}, { name: 'Päevakord.pdf', type: 'application/pdf', bytes: tinyPdf('pk') }) });
    expect(agenda.statusCode).toBe(201);
    expect((await send('GET', `${base}/sittings/${sitting}`, writeKey)).json().documents.map((d: { id: string }) => d.id)).toEqual([agenda.json().id]);
    // another KOV's write key on its own address cannot reach this sitting
    expect((await send('POST', `/api/v1/kov/${B}/council/sittings/${sitting}/files`, otherKey, { multipart: pdf('b') })).statusCode).toBe(404);
  });
});

describe(`council set-up pages: editing a published sitting (${engine})`, () => {
  it('the sitting’s admin page asks for the reason once the notice is out; the public page shows the change', async () => {
    const id = await newSitting(20);
    await publishNotice(db, A, id, SYSTEM);
    const page = `/kov/${A}/council/admin/sittings/${id}`;
    const html = (await secretary.get(`${page}?lang=en`)).body;
    expect(html).toContain('Reason for the change');
    const later = new Date(nowMs() + 22 * DAY);
    const form = { sittingKind: 'regular', mode: 'room', startsAt: dateToTallinnLocal(later), place: 'Raekoda', videoUrl: '' };
    const noReason = await secretary.postForm(page, `${page}/edit`, form);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#f-reason"');
    expect((await resident.postForm(`/kov/${A}/council`, `${page}/edit`, { ...form, reason: 'Põhjus' })).statusCode).toBe(403);
    const done = await secretary.postForm(page, `${page}/edit`, { ...form, reason: 'Volikogu esimehe palvel' });
    expect(done.statusCode).toBe(303);
    const pub = (await app.inject({ url: `/kov/${A}/council/sittings/${id}` })).body;
    expect(pub).toContain('Muudatused pärast kokkukutset');
    expect(pub).toContain('Volikogu esimehe palvel');
    expect((await auditOf(id)).map((a) => a.action)).toContain('council.notice.change');
  });
});
