// The platform's automatic open datasets on a real database (PGlite here, PostgreSQL with
// TEST_DATABASE_URL): a world with reports, services, a certified and an uncertified poll, the budgets
// demo (a certified youth budget and a process in review), and a council sitting played to its close,
// in Tallinn (A) and Tartu (B). The refresh makes every file; each dataset's rows are checked against
// values worked out from what was seeded; no file holds personal data (ID codes, residents' names,
// e-mails, phones, texts, exact points) beyond council members' names in open votes; drafts and
// uncertified results never appear; B's data never appears in A's files; a refresh without change
// keeps the ETag and Last-Modified, a change moves them; the files are served with validators and an
// unknown file is a 404 problem in the person's language; the catalogue's DCAT metadata; the nightly
// claim.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInTallinn, resetClock, setClock, today } from '../../../kernel/clock.js';
import type { Db } from '../../../kernel/db.js';
import { withCheckDigit } from '../../../kernel/idcode.js';
import { setTenantContact } from '../../../kernel/tenants.js';
import { DEMO_PEOPLE } from '../../../dev/demo-people.js';
import { asOwner, engine, runCommand } from '../../../../test/helpers.js';
import { manifest as budgetsManifest, resultView, listProcesses } from '../../budgets/index.js';
import { councilWorld, memberIdcode, playedSitting, OTHER_KOV } from '../../council/fixtures.js';
import { A, B, COMMITTEE_CODES, MARI, OLD, certifiedPollIn, pollsIn, pollsWorld, SYSTEM } from '../../polls/fixtures.js';
import { listPolls } from '../../polls/index.js';
import { FIXTURE_HANDLER, seedReportCategories } from '../../reports/fixtures.js';
import { createReport, handleReport } from '../../reports/index.js';
import { importResidents } from '../../residents/fixtures.js';
import { createService, publishedService, sampleContent } from '../../services/fixtures.js';
import { AUTO_REFRESH_JOB, DATASETS, autoCatalogue, autoCommands, autoJobs, nightlyRefresh, refreshAutoDatasets, lastAutoRun } from './index.js';
import type { Cell } from './format.js';
import { toCsv } from './format.js';

let db: Db;
let app: FastifyInstance;
let youngCode = '';

// what the world seeds that must never reach a file
const REPORT_IDCODE = withCheckDigit('3800101001');
const SECRET_TEXT = 'Sügav auk Mari Maasika maja ees, Pärna tn 7';
const PHONE = '+372 5123 4567';
const EMAIL = 'mari.maasikas@example.ee';
const EXACT = { lat: 59.437123, lon: 24.753678 };
const seeded: Record<string, string> = {};
let reportNumbers: { a1: string; a2: string; unconfirmed: string; b: string };
let services: { a: { id: string; slug: string }; draft: { id: string }; b: { id: string } };
let pollId = '';
let uncertifiedPolls: { draft: string; published: string };
let council: { a: Awaited<ReturnType<typeof councilWorld>>; aVotes: string[]; b: Awaited<ReturnType<typeof councilWorld>>; bVotes: string[] };

beforeAll(async () => {
  let young: string;
  ({ db, app, young } = await pollsWorld({ on: '2027-03-01T12:00:00+02:00' }));
  youngCode = young;
  // the module's manifest registers the automatic datasets' routes, messages and job (opendata/index.ts)
  const key = app.config.idcodeHmacKey;

  // reports: two public ones in A (one fixed), an unconfirmed one (e-mail reporter), one in B
  for (const kov of [A, B]) await seedReportCategories(db, kov);
  const person = { kind: 'person' as const, idcodeHash: 'a'.repeat(64), name: 'Mari Maasikas', email: EMAIL, phone: PHONE };
  const base = { source: 'web' as const, notify: true, lang: 'et' as const, address: null };
  const a1 = await createReport(db, { ...base, kov: A, category: 'pothole', description: `${SECRET_TEXT}, isikukood ${REPORT_IDCODE}`, lat: EXACT.lat, lon: EXACT.lon, reporter: person });
  const a2 = await createReport(db, { ...base, kov: A, category: 'light', description: 'Tänavalamp ei põle.', lat: null, lon: null, address: 'Vabaduse väljak 1', reporter: person });
  await handleReport(db, A, a2.id, { kind: 'status', status: 'fixed', answer: `Parandatud, küsimused ${PHONE}` }, FIXTURE_HANDLER);
  const un = await createReport(db, { ...base, kov: A, category: 'litter', description: 'Prügi', lat: 59.43, lon: 24.75, reporter: { kind: 'email', email: 'anon.reporter@example.ee', name: 'Anon Üks', phone: null } });
  const b = await createReport(db, { ...base, kov: B, category: 'pothole', description: 'Auk Tartus', lat: 58.38, lon: 26.72, reporter: person });
  reportNumbers = { a1: a1.number, a2: a2.number, unconfirmed: un.number, b: b.number };
  expect(un.status).toBe('unconfirmed');

  // services: a published one in A with a phone and an e-mail channel, a draft in A, one in B
  const content = sampleContent();
  const aService = await publishedService(db, A, {
    name: { et: 'Sünnitoetus', en: 'Birth allowance', ru: 'Пособие при рождении' },
    channels: [
      ...content.channels,
      { kind: 'phone', url: '', address: '', openingHours: '', phone: PHONE, email: '', costCents: 250, processingTime: 'PT1H' },
      { kind: 'email', url: '', address: '', openingHours: '', phone: '', email: EMAIL, costCents: 0, processingTime: '' },
    ],
  });
  const draft = await createService(db, A, { name: { et: 'Mustandteenus', en: '', ru: '' } });
  const bService = await publishedService(db, B, { name: { et: 'Tartu teenus', en: '', ru: '' } });
  services = { a: aService, draft, b: bService };

  // polls: a certified poll and a published one still open (both in A)
  pollId = await certifiedPollIn(db, key, app.config.publicUrl, { title: { et: 'Kas rajada park?', en: 'A park?', ru: 'Парк?' } });
  uncertifiedPolls = await pollsIn(db, A);
  expect((await listPolls(db, A, true)).map((p) => p.id)).toContain(uncertifiedPolls.published);

  // the budgets demo (Tallinn: a process in review, a certified youth budget, last year's in implementation)
  const people = Array.from({ length: 30 }, (_, i) => ({
    idcode: withCheckDigit(`3${String(70 + (i % 20)).padStart(2, '0')}0${(i % 9) + 1}${String(10 + (i % 18))}${String(100 + i)}`),
    given: `Elanik${i}`,
    family: 'Demo',
    county: '0037',
    unit: ['0298', '0387', '0176'][i % 3]!,
  }));
  for (const p of people) seeded[`resident ${p.idcode}`] = p.idcode;
  await importResidents(db, key, A, people, SYSTEM);
  await budgetsManifest.demo!({ db, config: app.config, log: () => undefined, people: DEMO_PEOPLE });

  // council: A's sitting played to its close; B's too (its votes must never show in A's file)
  const a = await councilWorld(db, key, { kov: A });
  const aPlayed = await playedSitting(db, a);
  const bw = await councilWorld(db, key, { kov: OTHER_KOV });
  const bPlayed = await playedSitting(db, bw);
  council = { a, aVotes: aPlayed.voteIds, b: bw, bVotes: bPlayed.voteIds };

  await setTenantContact(db, A, { email: 'info@tallinn.example.ee', phone: null, address: null, website: null });

  // what must never appear
  Object.assign(seeded, {
    'report ID code': REPORT_IDCODE,
    'report text': SECRET_TEXT,
    'answer text': 'Parandatud',
    phone: PHONE,
    phoneDigits: '51234567',
    email: EMAIL,
    'e-mail reporter': 'anon.reporter@example.ee',
    'e-mail reporter name': 'Anon Üks',
    'reporter name': 'Mari Maasikas',
    'service owner e-mail': 'mari.maasikas@example.ee',
    'handler name': 'Kadri Käsitleja',
    'certifier 1': 'Kati Komisjon',
    'certifier 2': 'Peeter Liige',
    'exact lat': '59.437123',
    'exact lon': '24.753678',
    'exact lat (4 places)': '59.4371',
    'voter Mari': MARI.idcode,
    'voter Olev': OLD,
    young: youngCode,
    'register name': 'Maasikas',
    'register name 2': 'Olev',
  });
  for (const c of COMMITTEE_CODES) seeded[`committee ${c}`] = c;
  for (let i = 1; i <= 31; i++) seeded[`council member ${i} ID code`] = memberIdcode(i);
  for (const p of DEMO_PEOPLE) {
    seeded[`demo person ${p.idcode}`] = p.idcode;
    seeded[`demo person ${p.givenName} ${p.familyName}`] = `${p.givenName} ${p.familyName}`;
  }
}, 240_000);

afterAll(async () => {
  resetClock();
  await app?.close();
  await db?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

async function csvOf(scope: string, key: string): Promise<Record<string, string>[]> {
  const r = await get(`/opendata/auto/${scope}/${key}.csv`);
  expect(r.statusCode, `${scope}/${key}.csv`).toBe(200);
  return parse(r.body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

async function jsonOf(scope: string, key: string): Promise<{ dataset: string; scope: string; columns: string[]; rows: Record<string, Cell>[] }> {
  const r = await get(`/opendata/auto/${scope}/${key}.json`);
  expect(r.statusCode, `${scope}/${key}.json`).toBe(200);
  return JSON.parse(r.body) as { dataset: string; scope: string; columns: string[]; rows: Record<string, Cell>[] };
}

describe(`automatic open datasets (${engine})`, () => {
  it('refreshes every KOV and the all-KOV files, both formats, with no read failing', async () => {
    const sum = await refreshAutoDatasets(db, { publicUrl: 'https://vallamaja.example.ee' });
    const kovs = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_tenant WHERE active'));
    expect(sum.errors).toBe(0);
    expect(sum.files).toBe((kovs!.n + 1) * DATASETS.length * 2);
    expect(sum.changed).toBe(sum.files);
    const rows = await asOwner(db, (t) => t.query<{ scope: string; dataset: string; format: string; bytes: number; row_count: number; body: Uint8Array; sha256: string }>('SELECT scope, dataset, format, bytes, row_count, body, sha256 FROM opendata_auto_file'));
    expect(rows).toHaveLength(sum.files);
    for (const r of rows) expect(Buffer.from(r.body).byteLength).toBe(r.bytes);
  });

  it('problem reports: public ones only, coarse places, no text', async () => {
    const rows = await csvOf(A, 'reports');
    expect(rows.map((r) => r.number).sort()).toEqual([reportNumbers.a1, reportNumbers.a2].sort());
    const a1 = rows.find((r) => r.number === reportNumbers.a1)!;
    expect(a1).toEqual({
      kov: A,
      number: reportNumbers.a1,
      category_code: 'pothole',
      category: 'Auk teel',
      domain: 'roads',
      status: a1.status,
      created_on: today(),
      closed_on: '',
      // 59.437123 → the 0.001° grid; 24.753678 → the 0.002° grid
      lat: '59.437',
      lon: '24.754',
      settlement_code: a1.settlement_code,
    });
    expect(a1.status).not.toBe('unconfirmed');
    const a2 = rows.find((r) => r.number === reportNumbers.a2)!;
    expect(a2).toMatchObject({ category_code: 'light', domain: 'lighting', status: 'fixed', closed_on: today(), lat: '', lon: '' });
    // the header is the dataset's columns, CRLF ends, no BOM
    const raw = (await get(`/opendata/auto/${A}/reports.csv`)).body;
    expect(raw.startsWith('kov,number,category_code,category,domain,status,created_on,closed_on,lat,lon,settlement_code\r\n')).toBe(true);
    expect(raw.charCodeAt(0)).not.toBe(0xfeff);
    const json = await jsonOf(A, 'reports');
    expect(json.dataset).toBe(`auto-${A}-reports`);
    expect(json.rows.find((r) => r.number === reportNumbers.a1)).toMatchObject({ lat: 59.437, lon: 24.754, status: a1.status });
    // B's report only in B's file and in the all-KOV one
    expect((await csvOf(B, 'reports')).map((r) => r.number)).toEqual([reportNumbers.b]);
    const all = await csvOf('all', 'reports');
    expect(all.map((r) => `${r.kov} ${r.number}`).sort()).toEqual([`${A} ${reportNumbers.a1}`, `${A} ${reportNumbers.a2}`, `${B} ${reportNumbers.b}`].sort());
  });

  it('the service catalogue: published services only, channels without phones or e-mails, CPSV-AP link', async () => {
    const rows = (await jsonOf(A, 'services')).rows;
    expect(rows.map((r) => r.id)).toEqual([services.a.id]);
    expect(rows[0]).toEqual({
      kov: A,
      id: services.a.id,
      slug: services.a.slug,
      name_et: 'Sünnitoetus',
      name_en: 'Birth allowance',
      name_ru: 'Пособие при рождении',
      unit: 'Sotsiaalosakond',
      channels: ['eservice', 'office', 'phone', 'email'],
      channel_urls: ['https://iseteenindus.example.ee/toetused'],
      costs_eur: [0, 0, 2.5, 0],
      processing_times: ['P10D', 'P10D', 'PT1H', ''],
      legal_bases: ['Sotsiaalhoolekande seadus § 14'],
      legal_basis_urls: ['https://www.riigiteataja.ee/akt/SHS'],
      life_events: ['birth'],
      audiences: ['families'],
      version: 1,
      published_on: today(),
      modified_on: today(),
      page_url: `https://vallamaja.example.ee/kov/${A}/services/${services.a.slug}`,
      cpsv_iri: `https://vallamaja.example.ee/cpsv/${A}/service/${services.a.id}`,
    });
    const csv = await csvOf(A, 'services');
    expect(csv[0]!.channels).toBe('eservice; office; phone; email');
    expect(csv[0]!.costs_eur).toBe('0; 0; 2.5; 0');
    expect((await csvOf(B, 'services')).map((r) => r.id)).toEqual([services.b.id]);
    const all = (await jsonOf('all', 'services')).rows.map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([services.a.id, services.b.id]));
    expect(all).not.toContain(services.draft.id);
  });

  it('polls: the certified poll’s counts only, never an uncertified one', async () => {
    const rows = await csvOf(A, 'polls');
    expect(rows.map((r) => [r.poll_id, r.question_id, r.option_id, r.option, r.votes])).toEqual([
      [pollId, 'q1', 'o1', 'Jah', '1'],
      [pollId, 'q1', 'o2', 'Ei', '1'],
    ]);
    // Mari and Olev on the roll (Noor is under 16), both voted
    expect(rows[0]).toMatchObject({ kov: A, poll_title: 'Kas rajada park?', question: 'Kas?', roll_size: '2', turnout: '2', certified_on: today() });
    const all = JSON.stringify(await jsonOf('all', 'polls'));
    expect(all).toContain(pollId);
    expect(all).not.toContain(uncertifiedPolls.published);
    expect(all).not.toContain(uncertifiedPolls.draft);
    expect(await csvOf(B, 'polls')).toEqual([]);
  });

  it('participatory budgets: the certified budget idea by idea, as its own results file says', async () => {
    const processes = await listProcesses(db, A);
    const certified: string[] = [];
    for (const p of processes) if ((await resultView(db, A, p.id))?.certified) certified.push(p.id);
    expect(certified.length).toBeGreaterThanOrEqual(1);
    const rows = await csvOf(A, 'budgets');
    expect([...new Set(rows.map((r) => r.process_id))].sort()).toEqual(certified.sort());
    // the process in review (no vote) never appears
    const review = processes.find((p) => p.phase === 'review')!;
    expect(rows.some((r) => r.process_id === review.id)).toBe(false);
    for (const id of certified) {
      // the budget's own public results file (another code path) gives the same numbers
      const own = await get(`/kov/${A}/budgets/${id}/results.csv`);
      expect(own.statusCode).toBe(200);
      const theirs = (parse(own.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[]).map((r) => [r.idea_number, r.cost_eur, r.votes, r.funded, r.how].join('|')).sort();
      const ours = rows.filter((r) => r.process_id === id).map((r) => [r.idea_number, r.cost_eur, r.votes, r.funded, r.how].join('|')).sort();
      expect(ours).toEqual(theirs);
    }
    expect(await csvOf(B, 'budgets')).toEqual([]);
  });

  it('council votes: counts of every closed vote, named choices of open votes, counts only for the secret ballot', async () => {
    const json = (await jsonOf(A, 'council-votes')).rows;
    expect(json.map((r) => r.vote_id)).toEqual(council.aVotes);
    const [v1, v2, v3, v4] = json;
    // item 1: open, simple majority: 15 for, 4 against, 2 abstain
    expect(v1).toMatchObject({ kind: 'open', majority: 'simple', for: 15, against: 4, abstain: 2, adopted: true, item_position: 1, sitting_number: 1, body: 'Volikogu' });
    expect((v1!.members_for as string[]).length).toBe(15);
    expect((v1!.members_against as string[]).length).toBe(4);
    expect((v1!.members_abstain as string[]).length).toBe(2);
    const names = new Set(council.a.members.map((m) => `${m.name} (${m.faction})`));
    for (const n of [...(v1!.members_for as string[]), ...(v1!.members_against as string[]), ...(v1!.members_abstain as string[]), ...(v1!.members_not_voting as string[])]) expect(names.has(n), n).toBe(true);
    // item 2: the composition's majority failed with 10 for, the repeat passed with 18
    expect(v2).toMatchObject({ majority: 'composition', for: 10, adopted: false, repeat_of: null });
    expect(v3).toMatchObject({ for: 18, adopted: true, repeat_of: v2!.vote_id });
    // item 3: secret: counts only
    expect(v4).toMatchObject({ kind: 'secret', for: 14, against: 8, members_for: [], members_against: [], members_abstain: [], members_not_voting: [] });
    const csv = await csvOf(A, 'council-votes');
    expect(csv[0]!.members_for!.split('; ')).toEqual(v1!.members_for);
    // B's votes only in B's file
    expect((await jsonOf(B, 'council-votes')).rows.map((r) => r.vote_id)).toEqual(council.bVotes);
    const allIds = (await jsonOf('all', 'council-votes')).rows.map((r) => r.vote_id);
    expect(allIds).toEqual([...council.aVotes, ...council.bVotes]);
  });

  it('no personal data in any file (council members’ names in open votes aside)', async () => {
    const files = await asOwner(db, (t) => t.query<{ scope: string; dataset: string; format: string; body: Uint8Array }>('SELECT scope, dataset, format, body FROM opendata_auto_file'));
    const ID_RE = /(?<!\d)[1-6]\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{4}(?!\d)/;
    const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
    let scanned = 0;
    for (const f of files) {
      const text = Buffer.from(f.body).toString('utf8');
      const where = `${f.scope}/${f.dataset}.${f.format}`;
      expect(ID_RE.exec(text)?.[0], `${where}: an ID code`).toBeUndefined();
      expect(EMAIL_RE.exec(text)?.[0], `${where}: an e-mail address`).toBeUndefined();
      for (const [what, s] of Object.entries(seeded)) expect(text.includes(s), `${where}: ${what}`).toBe(false);
      scanned++;
    }
    expect(scanned).toBeGreaterThan(700);
    // the council members' names are there, by law, only in the council files
    const withNames = files.filter((f) => Buffer.from(f.body).toString('utf8').includes('Liige 05 Volikogust')).map((f) => f.dataset);
    expect(new Set(withNames)).toEqual(new Set(['council-votes']));
  });

  it('a refresh without change keeps the ETag and Last-Modified; a change moves them for the files it touches only', async () => {
    const url = `/opendata/auto/${A}/reports.csv`;
    const before = await get(url);
    const bBefore = await get(`/opendata/auto/${B}/reports.csv`);
    setClock('2027-03-02T04:00:00+02:00', { ticking: true });
    const again = await refreshAutoDatasets(db, { publicUrl: 'https://vallamaja.example.ee' });
    expect(again.changed).toBe(0);
    const same = await get(url);
    expect(same.headers.etag).toBe(before.headers.etag);
    expect(same.headers['last-modified']).toBe(before.headers['last-modified']);
    // a new report in A
    await createReport(db, { source: 'web', notify: true, lang: 'et', address: null, kov: A, category: 'litter', description: 'Prügi pargis', lat: 59.44, lon: 24.76, reporter: { kind: 'person', idcodeHash: 'b'.repeat(64), name: 'Teine Teataja', email: null, phone: null } });
    const third = await refreshAutoDatasets(db, { publicUrl: 'https://vallamaja.example.ee' });
    // A's reports (csv, json) and all-KOV reports (csv, json)
    expect(third.changed).toBe(4);
    const moved = await get(url);
    expect(moved.headers.etag).not.toBe(before.headers.etag);
    expect(new Date(moved.headers['last-modified'] as string).getTime()).toBeGreaterThan(new Date(before.headers['last-modified'] as string).getTime());
    expect((await get(`/opendata/auto/${B}/reports.csv`)).headers.etag).toBe(bBefore.headers.etag);
  });

  it('serves a file with its type, name, validators and public caching; 304 on If-None-Match and If-Modified-Since', async () => {
    const r = await get(`/opendata/auto/${A}/services.json`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="vallamaja-${A}-services.json"`);
    expect(r.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(r.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect((await get(`/opendata/auto/${A}/services.json`, { 'if-none-match': r.headers.etag as string })).statusCode).toBe(304);
    expect((await get(`/opendata/auto/${A}/services.json`, { 'if-modified-since': r.headers['last-modified'] as string })).statusCode).toBe(304);
    expect((await get(`/opendata/auto/${A}/services.json`, { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).statusCode).toBe(200);
    const csv = await get(`/opendata/auto/all/polls.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    // an empty KOV's file is its header row
    expect((await get(`/opendata/auto/0198/polls.csv`)).body).toBe(toCsv(DATASETS.find((d) => d.key === 'polls')!.columns, []));
  });

  it('an unknown KOV, dataset or format is a 404 problem in the person’s language', async () => {
    for (const url of ['/opendata/auto/9999/reports.csv', '/opendata/auto/all/voters.csv', '/opendata/auto/0784/reports.xml', '/opendata/auto/tallinn/reports.json', '/opendata/auto/0784/reports']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(r.body)).toMatchObject({ status: 404, type: 'https://vallamaja.ee/problems/not-found' });
    }
    const et = JSON.parse((await get('/opendata/auto/9999/reports.csv')).body) as { detail: string };
    const en = JSON.parse((await get('/opendata/auto/9999/reports.csv?lang=en')).body) as { detail: string };
    const ru = JSON.parse((await get('/opendata/auto/9999/reports.csv?lang=ru')).body) as { detail: string };
    expect(et.detail).toContain('Sellist avaandmete faili ei ole');
    expect(en.detail).toContain('There is no such open data file');
    expect(ru.detail).toContain('Такого файла открытых данных нет');
    expect(en.detail).toContain('reports, services, polls, budgets, council-votes');
  });

  it('describes each dataset as DCAT: texts, themes, spatial, contact, licence, distributions with size and modified', async () => {
    const cat = await autoCatalogue(db);
    const kovs = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_tenant WHERE active'));
    expect(cat).toHaveLength((kovs!.n + 1) * DATASETS.length);
    const d = cat.find((x) => x.id === `auto-${A}-reports`)!;
    expect(d).toMatchObject({
      kov: A,
      auto: true,
      spatial: A,
      frequency: 'DAILY',
      license: 'CC_BY_4_0',
      accessRights: 'PUBLIC',
      landingPage: `/opendata/auto-${A}-reports`,
      contact: { name: 'Tallinn', email: 'info@tallinn.example.ee' },
    });
    expect(d.title.et).toBe('Tallinn: probleemiteated');
    expect(d.title.en).toBe('Tallinn: problem reports');
    expect(d.title.ru).toBe('Tallinn: сообщения о проблемах');
    expect(d.themes).toContain('GOVE');
    const file = await get(`/opendata/auto/${A}/reports.csv`);
    const csvDist = d.distributions.find((x) => x.format === 'CSV')!;
    expect(csvDist).toMatchObject({ kind: 'file', accessUrl: d.landingPage, downloadUrl: `/opendata/auto/${A}/reports.csv`, mediaType: 'text/csv', byteSize: file.rawPayload.length });
    expect(new Date(csvDist.modified!).toUTCString()).toBe(file.headers['last-modified']);
    expect(d.distributions.map((x) => x.format)).toEqual(['CSV', 'JSON']);
    const all = cat.find((x) => x.id === 'auto-all-council-votes')!;
    expect(all).toMatchObject({ kov: null, spatial: null, contact: { name: 'Eesti Linnade ja Valdade Liit', email: 'elvl@elvl.ee' } });
    expect(all.title.et).toBe('Volikogude hääletused kõigis omavalitsustes');
    // a KOV without a contact e-mail gets ELVL's address
    expect(cat.find((x) => x.id === `auto-${B}-polls`)!.contact).toEqual({ name: 'Tartu linn', email: 'elvl@elvl.ee' });
    // one KOV's only
    expect((await autoCatalogue(db, { kov: B })).map((x) => x.id).sort()).toEqual(DATASETS.map((x) => `auto-${B}-${x.key}`).sort());
  });

  it('the nightly job refreshes once per Tallinn day, in the night window', async () => {
    // the first run ever happens at once, whatever the hour
    setClock('2027-03-03T14:00:00+02:00', { ticking: true });
    expect(await nightlyRefresh(db, { kovs: [B] })).not.toBeNull();
    expect((await lastAutoRun(db))!.day).toBe('2027-03-03');
    // the same day (or the next day's afternoon) nothing happens
    expect(await nightlyRefresh(db, { kovs: [B] })).toBeNull();
    setClock('2027-03-04T14:00:00+02:00', { ticking: true });
    expect(await nightlyRefresh(db, { kovs: [B] })).toBeNull();
    // the next night it runs, once
    setClock('2027-03-05T03:30:00+02:00', { ticking: true });
    expect(await nightlyRefresh(db, { kovs: [B] })).toMatchObject({ errors: 0 });
    expect(await nightlyRefresh(db, { kovs: [B] })).toBeNull();
    const run = (await lastAutoRun(db))!;
    expect(run).toMatchObject({ day: dateInTallinn(Date.parse('2027-03-05T03:30:00+02:00')), files: DATASETS.length * 2, errors: 0 });
    expect(run.finished_at).not.toBeNull();
    // forced: at any hour
    expect(await nightlyRefresh(db, { kovs: [B], force: true })).not.toBeNull();
  });

  it('the job and the command run the refresh', async () => {
    const job = autoJobs.find((j) => j.name === AUTO_REFRESH_JOB)!;
    expect(job.everySeconds).toBe(3600);
    const logged: unknown[] = [];
    const log = { info: (o: unknown) => logged.push(o), warn: (o: unknown) => logged.push(o), error: (o: unknown) => logged.push(o) };
    const before = (await lastAutoRun(db))!.started_at;
    setClock('2027-03-06T12:00:00+02:00', { ticking: true });
    const ctx = { id: 'x', name: job.name, attempt: 1, maxAttempts: 3, db, config: app.config, log, signal: new AbortController().signal } as unknown as Parameters<typeof job.handler>[1];
    await job.handler({ force: true }, ctx);
    expect((await lastAutoRun(db))!.started_at.getTime()).toBeGreaterThan(new Date(before).getTime());
    // the log says how much, never a row
    expect(JSON.stringify(logged)).toMatch(/"files":\d+/);
    for (const s of Object.values(seeded)) expect(JSON.stringify(logged).includes(s)).toBe(false);
    const ok = await runCommand(autoCommands, app.config, db, `opendata refresh --kov ${B}`);
    expect(ok).toMatchObject({ code: 0, out: `files ${DATASETS.length * 2}, changed 0, errors 0` });
    expect((await runCommand(autoCommands, app.config, db, 'opendata refresh --kov tartu')).code).toBe(64);
  });
});
