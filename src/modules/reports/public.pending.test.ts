// Nothing lost on bad input in the report form (PGlite, and PostgreSQL with TEST_DATABASE_URL): an
// oversized or non-image photo comes back as the form with a field error on the photo field (400,
// the error summary, everything typed kept); the photos that were fine are held as pending uploads
// under a token the re-rendered form carries, so the resident does not choose them again; unticked
// ones are dropped; the held photos go with the report when it is sent; the job prunes old ones.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { Agent, asOwner, csrfFrom, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { seedReportCategories } from './fixtures.js';
import { PENDING_HOURS, REPORTS_PRUNE_JOB, pruneLeftovers } from './pending.js';

const A = '0784';
const B = '0793';
const T0 = new Date('2026-05-04T08:00:00Z');
const BOUNDARY = 'pendingPhotosBoundary';
let db: Db;
let app: FastifyInstance;
let ipN = 10;
const nextIp = () => `198.51.100.${ipN++}`;

type Photo = { name: string; type: string; data: Buffer };

function multipart(fields: [string, string][], photos: Photo[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const p of photos) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="${p.name}"\r\nContent-Type: ${p.type}\r\n\r\n`), p.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

async function submit(agent: Agent, fields: [string, string][], photos: Photo[] = [], kov = A) {
  const page = await agent.get(`/kov/${kov}/reports/new?lang=et`);
  const res = await app.inject({
    method: 'POST',
    url: `/kov/${kov}/reports`,
    remoteAddress: nextIp(),
    payload: multipart([['_csrf', csrfFrom(page.body)], ...fields], photos),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: agent.cookieHeader() },
  });
  agent.store(res.headers['set-cookie'] as string[] | undefined);
  return res;
}

const summary = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
const tokenOf = (html: string) => /name="photoToken" value="([^"]*)"/.exec(html)?.[1] ?? '';
const keptIds = (html: string) => [...html.matchAll(/name="keepPhoto" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const pendingCount = async (kov = A) => (await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_pending_photo WHERE kov_code = $1', [kov])))!.n;

let red: Buffer;
let blue: Buffer;
const BIG = Buffer.alloc(10 * 1024 * 1024 + 1024, 0xff);
const TEXT = Buffer.from('this is a text file, not an image');

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  red = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c00' } }).jpeg().toBuffer();
  blue = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#00c' } }).png().toBuffer();
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`the report form keeps what was given (${engine})`, () => {
  const ok: [string, string][] = [
    ['category', 'pothole'],
    ['description', 'Auk <kõnniteel> & lompis'],
    ['lat', '59,437'],
    ['lon', '24.7536'],
    ['address', 'Narva mnt 1'],
    ['email', 'mari@example.ee'],
    ['notify', '1'],
    ['website', ''],
  ];

  it('an oversized or non-image photo: the form again with the error on the photo field, everything typed kept, the good photo held', async () => {
    for (const [what, bad] of [
      ['oversized', { name: 'big.jpg', type: 'image/jpeg', data: BIG }],
      ['not an image', { name: 'notes.jpg', type: 'image/jpeg', data: TEXT }],
    ] as const) {
      const before = await pendingCount();
      const res = await submit(new Agent(app), ok, [{ name: 'red.jpg', type: 'image/jpeg', data: red }, bad]);
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type'], what).toMatch(/text\/html/);
      expect(summary(res.body), what).toContain('href="#f-photos"');
      expect(summary(res.body), what).toContain(what === 'oversized' ? 'Foto on liiga suur' : 'JPEG-, PNG- või WebP-pilt');
      expect(res.body).toMatch(/id="f-photos"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-photos"/);
      // everything typed is kept (escaped)
      expect(res.body).toContain('Auk &lt;kõnniteel> &amp; lompis');
      expect(res.body).toContain('value="59,437"');
      expect(res.body).toContain('value="Narva mnt 1"');
      expect(res.body).toContain('value="mari@example.ee"');
      expect(res.body).toMatch(/<option[^>]*value="pothole"[^>]*selected|<option[^>]*selected[^>]*value="pothole"/);
      // the good photo is held, the bad one is not
      expect(tokenOf(res.body)).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(keptIds(res.body)).toHaveLength(1);
      expect(res.body).toContain('64 × 48, JPEG');
      expect(res.body).toContain('Korras fotod (1) on alles hoitud');
      expect(await pendingCount()).toBe(before + 1);
    }
  });

  it('the held photos go with the report when it is sent; more photos can be added; unticked ones are dropped', async () => {
    const resident = new Agent(app);
    await loginAs(resident, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    // refused (empty description) with two good photos
    const first = await submit(resident, ok.map(([k, v]) => [k, k === 'description' ? ' ' : v] as [string, string]), [
      { name: 'red.jpg', type: 'image/jpeg', data: red },
      { name: 'blue.png', type: 'image/png', data: blue },
    ]);
    expect(first.statusCode).toBe(400);
    expect(summary(first.body)).toContain('href="#f-description"');
    const token = tokenOf(first.body);
    const [redId, blueId] = keptIds(first.body);
    expect(redId && blueId).toBeTruthy();

    // refused again (a bad photo): red kept ticked, blue unticked → blue dropped, the token stays
    const second = await submit(resident, [...ok, ['photoToken', token], ['keepPhoto', redId!]], [{ name: 'x.jpg', type: 'image/jpeg', data: TEXT }]);
    expect(second.statusCode).toBe(400);
    expect(tokenOf(second.body)).toBe(token);
    expect(keptIds(second.body)).toEqual([redId]);

    // sent: the held red photo and a new blue one go with the report; nothing stays pending
    const before = await pendingCount();
    const sent = await submit(resident, [...ok, ['photoToken', token], ['keepPhoto', redId!]], [{ name: 'blue.png', type: 'image/png', data: blue }]);
    expect(sent.statusCode).toBe(303);
    const number = /reports\/(\d{4}-\d{6})$/.exec(sent.headers.location as string)![1]!;
    const photos = await asOwner(db, (t) =>
      t.query<{ width: number; height: number }>('SELECT p.width, p.height FROM reports_photo p JOIN reports_report r ON r.id = p.report_id WHERE r.kov_code = $1 AND r.number = $2 ORDER BY p.ordinal', [A, number]),
    );
    expect(photos).toEqual([
      { width: 64, height: 48 },
      { width: 32, height: 32 },
    ]);
    expect(await pendingCount()).toBe(before - 1);
  });

  it('a token works only in its own KOV and only for a while; the job prunes what is left', async () => {
    const res = await submit(new Agent(app), ok.map(([k, v]) => [k, k === 'category' ? '' : v] as [string, string]), [{ name: 'red.jpg', type: 'image/jpeg', data: red }]);
    expect(res.statusCode).toBe(400);
    const token = tokenOf(res.body);
    const [id] = keptIds(res.body);
    // the token in another KOV's form holds nothing there
    const elsewhere = await submit(new Agent(app), [...ok.map(([k, v]) => [k, k === 'description' ? '' : v] as [string, string]), ['photoToken', token], ['keepPhoto', id!]], [], B);
    expect(elsewhere.statusCode).toBe(400);
    expect(keptIds(elsewhere.body)).toEqual([]);
    // after PENDING_HOURS the token finds nothing, and the prune job deletes the rows
    setClock(new Date(T0.getTime() + (PENDING_HOURS + 1) * 3600_000));
    const late = await submit(new Agent(app), [...ok.map(([k, v]) => [k, k === 'description' ? '' : v] as [string, string]), ['photoToken', token], ['keepPhoto', id!]]);
    expect(keptIds(late.body)).toEqual([]);
    expect(await pendingCount()).toBeGreaterThan(0);
    const pruned = await pruneLeftovers(db);
    expect(pruned.photos).toBeGreaterThan(0);
    expect(await pendingCount()).toBe(0);
    expect(app.jobs.defs.find((d) => d.name === REPORTS_PRUNE_JOB)).toMatchObject({ everySeconds: 3600 });
  });
});
