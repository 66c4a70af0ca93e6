// A certified poll is served from what was stored at certification (issue 9, item 11), on a real
// database (PGlite here, PostgreSQL with TEST_DATABASE_URL): the stored results equal the ones
// recomputed from the board, the roll and the sign-offs, and are what is served even when the rows
// under them change; the page, the results JSON and CSV, the protocol PDF (stored per language at
// certification) and the board carry strong ETags, answer 304 to If-None-Match and may be cached
// publicly; a signed-in person's page is private and never answers 304 to the public page's ETag;
// a later sign-off gives a new result, new ETags and new PDFs.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { Agent, asOwner, engine, loginAs } from '../../../test/helpers.js';
import { recomputeResults, results } from '../voting/index.js';
import { MARI, OLD, SYSTEM, A, TEST_SECRETS, pickUpAll, pollsWorld, samplePollInput } from './fixtures.js';
import type { Poll } from './service.js';
import { advanceClock } from '../../kernel/clock.js';
import { castBallot, certifyPoll, closePoll, createPoll, getPoll, pollResults, publishPoll, submitShare } from './service.js';

let db: Db;
let app: FastifyInstance;
let poll: Poll;
let page = '';
const person = (n: number, name: string): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000010${n}`, name });

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  const { id } = await createPoll(db, A, samplePollInput(), SYSTEM, TEST_SECRETS);
  const pub = await publishPoll(db, A, id, SYSTEM, TEST_SECRETS);
  const shares = await pickUpAll(db, A, id, TEST_SECRETS);
  const key = app.config.idcodeHmacKey;
  await castBallot(db, pub.poll, hashIdcode(key, MARI.idcode), [['o1']]);
  await castBallot(db, pub.poll, hashIdcode(key, OLD), [['o2']]);
  await closePoll(db, A, id, SYSTEM, 'the test ends the vote early');
  await submitShare(db, A, id, 1, shares[0]!, SYSTEM);
  await submitShare(db, A, id, 2, shares[1]!, SYSTEM);
  const digest = (await pollResults(db, await getPoll(db, A, id)))!.digest!;
  await certifyPoll(db, A, id, digest, person(1, 'Kati Komisjon'), app.config.publicUrl);
  await certifyPoll(db, A, id, digest, person(2, 'Peeter Liige'), app.config.publicUrl);
  poll = await getPoll(db, A, id);
  page = `/kov/${A}/polls/${id}`;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
const sha256hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** 200 with a strong ETag and the given Cache-Control; the same ETag again answers 304 without a body; another, 200. */
async function revalidates(url: string, cacheControl: RegExp, headers: Record<string, string> = {}) {
  const first = await get(url, headers);
  expect(first.statusCode, url).toBe(200);
  const etag = first.headers.etag as string;
  expect(etag, url).toMatch(/^"[0-9a-f]{32,64}"$/);
  expect(first.headers['cache-control'], url).toMatch(cacheControl);
  const again = await get(url, { ...headers, 'if-none-match': etag });
  expect(again.statusCode, url).toBe(304);
  expect(again.rawPayload.length).toBe(0);
  expect(again.headers.etag).toBe(etag);
  expect((await get(url, { ...headers, 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);
  const other = await get(url, { ...headers, 'if-none-match': '"0000"' });
  expect(other.statusCode).toBe(200);
  expect(other.rawPayload.equals(first.rawPayload), url).toBe(true);
  return first;
}

describe(`a certified poll served as stored (${engine})`, () => {
  it('stores the results at certification, equal to the ones recomputed from the board, the roll and the sign-offs', async () => {
    expect(poll.status).toBe('certified');
    const stored = await asOwner(db, (t) => t.one<{ results: string; etag: string }>('SELECT results, etag FROM voting_result WHERE vote_id = $1', [poll.voteId]));
    expect(stored).toBeTruthy();
    const served = await results(db, A, poll.voteId);
    const fresh = await recomputeResults(db, A, poll.voteId);
    expect(served).toEqual(fresh);
    expect(served.questions[0]!.options.map((o) => o.count)).toEqual([1, 1]);
    expect(served.signatures.map((s) => s.name)).toEqual(['Kati Komisjon', 'Peeter Liige']);
    expect(served.signatures[0]!.signedAt).toBeInstanceOf(Date);
    // the protocol PDF was made at certification in every language
    const pdfs = await asOwner(db, (t) => t.query<{ locale: string }>('SELECT locale FROM voting_result_pdf WHERE vote_id = $1 ORDER BY locale', [poll.voteId]));
    expect(pdfs.map((p) => p.locale)).toEqual(['en', 'et', 'ru']);
    // and the unit names of the turnout table were kept with the poll
    const units = await asOwner(db, (t) => t.one<{ result_units: unknown }>('SELECT result_units FROM polls_poll WHERE id = $1', [poll.id]));
    expect(units!.result_units).toEqual(expect.arrayContaining([expect.objectContaining({ code: '0387' })]));
  });

  it('serves the page, results JSON/CSV, PDF and board with strong ETags, 304 and public caching', async () => {
    const pg = await revalidates(`${page}`, /^public, max-age=\d+$/, { cookie: 'vm_lang=en' });
    expect(pg.headers.vary).toBe('Cookie');
    expect(pg.headers['set-cookie']).toBeUndefined();
    expect(pg.body).toContain('Kati Komisjon');
    const json = await revalidates(`${page}/results.json`, /^public, max-age=\d+$/);
    expect(json.json()).toMatchObject({ status: 'certified', turnout: 2 });
    await revalidates(`${page}/results.csv`, /^public, max-age=\d+$/);
    const en = await revalidates(`${page}/results.pdf`, /^public, max-age=\d+$/, { cookie: 'vm_lang=en' });
    expect(en.headers.vary).toBe('Cookie');
    expect(en.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the PDF is the stored one: its ETag is its SHA-256, and each language has its own
    expect(en.headers.etag).toBe(`"${sha256hex(en.rawPayload)}"`);
    const et = await get(`${page}/results.pdf`, { cookie: 'vm_lang=et' });
    expect(et.headers.etag).not.toBe(en.headers.etag);
    const board = await revalidates(`/api/v1/boards/${poll.voteId}`, /^public, max-age=\d+$/);
    expect(board.headers.etag).toBe(`"${sha256hex(board.rawPayload)}"`);
  });

  it('keeps the signed-in person out of the public cache: her page is private and never matches the public ETag', async () => {
    const anon = await get(page, { cookie: 'vm_lang=en' });
    const mari = new Agent(app);
    await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    const mine = await mari.get(`${page}?lang=en`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Mari Maasikas');
    expect(mine.headers['cache-control']).toBe('private, no-cache');
    expect(mine.headers.etag).not.toBe(anon.headers.etag);
    const cond = await mari.get(page, { 'if-none-match': anon.headers.etag as string });
    expect(cond.statusCode).toBe(200);
    expect(cond.headers['cache-control']).toBe('private, no-cache');
    // the public page names nobody, carries no form token and sets no cookie
    expect(anon.headers['cache-control']).toMatch(/^public/);
    expect(anon.body).not.toContain('Mari Maasikas');
    expect(anon.body).not.toContain('_csrf');
    expect(anon.headers['set-cookie']).toBeUndefined();
    // a visitor whose answer sets a cookie (choosing a language) or shows a flash message gets a private answer
    expect((await get(`${page}?lang=ru`)).headers['cache-control']).toBe('private, no-cache');
  });

  it('a later sign-off gives a new stored result, new ETags and new PDFs', async () => {
    const page1 = await get(page, { cookie: 'vm_lang=en' });
    const pdf1 = await get(`${page}/results.pdf`, { cookie: 'vm_lang=en' });
    const digest = (await results(db, A, poll.voteId)).digest!;
    await certifyPoll(db, A, poll.id, digest, person(3, 'Kolmas Liige'), app.config.publicUrl);
    const served = await results(db, A, poll.voteId);
    expect(served.signatures.map((s) => s.name)).toEqual(['Kati Komisjon', 'Peeter Liige', 'Kolmas Liige']);
    expect(served).toEqual(await recomputeResults(db, A, poll.voteId));
    // the rendered public page is kept by the process for a few seconds (results night): within
    // them the earlier page is still served, after them the new one
    const soon = await get(page, { cookie: 'vm_lang=en' });
    expect(soon.headers.etag).toBe(page1.headers.etag);
    expect(soon.body).not.toContain('Kolmas Liige');
    advanceClock(5001);
    const page2 = await get(page, { cookie: 'vm_lang=en', 'if-none-match': page1.headers.etag as string });
    expect(page2.statusCode).toBe(200);
    expect(page2.body).toContain('Kolmas Liige');
    const pdf2 = await get(`${page}/results.pdf`, { cookie: 'vm_lang=en', 'if-none-match': pdf1.headers.etag as string });
    expect(pdf2.statusCode).toBe(200);
    expect(pdf2.headers.etag).not.toBe(pdf1.headers.etag);
  });

  it('serves the stored result, not one recomputed from rows that changed after certification', async () => {
    const before = await get(`${page}/results.json`);
    // the roll's size changed behind the platform's back: a recomputation would show it
    await asOwner(db, (t) => t.query('UPDATE voting_vote SET roll_size = roll_size + 5 WHERE id = $1', [poll.voteId]));
    const fresh = await recomputeResults(db, A, poll.voteId);
    const served = await results(db, A, poll.voteId);
    expect(fresh.rollSize).toBe(served.rollSize + 5);
    const after = await get(`${page}/results.json`);
    expect(after.body).toBe(before.body);
    expect(after.headers.etag).toBe(before.headers.etag);
  });
});
