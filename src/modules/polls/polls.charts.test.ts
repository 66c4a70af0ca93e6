// The charts on the poll pages (PGlite, and PostgreSQL with TEST_DATABASE_URL), on a poll of twelve
// Tallinn residents of two districts run on a set clock: turnout per hour on the official's page
// while the vote is open (counts only, never a choice; residents and visitors never see it); after
// certification, a bar chart beside each question's table with the counted values, and turnout by
// settlement unit as a map once the KOV has imported unit boundaries (the table alone before).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, nowMs, resetClock, setClock, today } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { fmtDate, translate } from '../../kernel/i18n.js';
import { Agent, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import fs from 'node:fs';
import path from 'node:path';
import { grantRole } from '../admin/index.js';
import { importRegister } from '../residents/index.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { REPO_ROOT } from '../territory/fixtures.js';
import { A, JAAN, MARI, MEMBER, SYSTEM, TEST_SECRETS, pickUpAll, samplePollInput } from './fixtures.js';
import { castBallot, certifyPoll, closePoll, createPoll, getPoll, pollProgress, pollResults, publishPoll, submitShare } from './service.js';

const LASNAMAE = Array.from({ length: 5 }, (_, i) => withCheckDigit(`38005050${10 + i}`));
const KESKLINN = Array.from({ length: 6 }, (_, i) => withCheckDigit(`38005050${20 + i}`));
const GREEN = 'Rohelisem park';
const PARKING = 'Uus parkla';

let db: Db;
let app: FastifyInstance;
let admin: Agent;
let mari: Agent;
let pollId = '';
let shares: string[] = [];

const sectionOf = (html: string, id: string) => {
  const m = new RegExp(`<section aria-labelledby="${id}"[\\s\\S]*?</section>`).exec(html);
  return m ? m[0] : '';
};
const svgOf = (html: string, id: string) => {
  const m = new RegExp(`<svg [^>]*id="${id}"[\\s\\S]*?</svg>`).exec(html);
  return m ? m[0] : '';
};

beforeAll(async () => {
  setClock('2026-12-01T09:00:00+02:00', { ticking: false });
  db = await testDb();
  app = await testApp(db);
  await loadDemoTerritory(db);
  const key = app.config.idcodeHmacKey;
  const rows = [
    `${MARI.idcode},Mari,Maasikas,0037,${A},0387,2010-03-15`,
    ...LASNAMAE.map((c, i) => `${c},Lasna${i},Elanik,0037,${A},0387,2001-01-01`),
    ...KESKLINN.map((c, i) => `${c},Kesk${i},Elanik,0037,${A},0298,2001-01-01`),
  ];
  const csv = ['isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates', ...rows].join('\n');
  const r = await importRegister(db, key, Readable.from([Buffer.from(csv)]), { kov: A, actor: SYSTEM, fileName: 'charts.csv' });
  expect(r.ok).toBe(true);
  await grantRole(db, key, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: MEMBER, role: 'election-committee', actor: SYSTEM });

  const input = samplePollInput({
    opensAt: new Date(nowMs() + 5 * 60_000),
    closesAt: new Date(nowMs() + 6 * 3_600_000),
    rules: { units: [], minAge: 16, on: today(), residentSince: null, extraLists: [] },
  });
  input.questions[0]!.options = [
    { id: 'o1', text: { et: GREEN, en: 'A greener park', ru: 'Более зелёный парк' } },
    { id: 'o2', text: { et: PARKING, en: 'A new car park', ru: 'Новая парковка' } },
  ];
  pollId = (await createPoll(db, A, input, SYSTEM, TEST_SECRETS)).id;
  await publishPoll(db, A, pollId, SYSTEM, TEST_SECRETS);
  shares = await pickUpAll(db, A, pollId, TEST_SECRETS);

  // 09:10 three people vote, 10:10 four, 12:10 three (Tallinn time); Mari and one more do not.
  const voters = [...LASNAMAE, ...KESKLINN.slice(0, 5)];
  const choices = ['o1', 'o1', 'o2', 'o1', 'o1', 'o1', 'o2', 'o1', 'o1', 'o2'];
  const cast = async (from: number, to: number) => {
    const poll = await getPoll(db, A, pollId);
    for (let i = from; i < to; i++) await castBallot(db, poll, hashIdcode(key, voters[i]!), [[choices[i]!]]);
  };
  advanceClock(10 * 60_000);
  await cast(0, 3);
  advanceClock(3_600_000);
  await cast(3, 7);
  advanceClock(2 * 3_600_000);
  await cast(7, 10);
  // a re-vote does not count twice
  await castBallot(db, await getPoll(db, A, pollId), hashIdcode(key, voters[0]!), [['o1']]);
}, 120_000);

/** Signs the official and the resident in afresh (sessions expire while the test moves the clock on by hours). */
async function signIn() {
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  mari = new Agent(app);
  await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
}

afterAll(async () => {
  resetClock();
  await app?.close();
  await db?.close();
});

describe(`charts on the poll pages (${engine})`, () => {
  it('shows the official turnout per hour while the poll is open: counts only, no choice', async () => {
    await signIn();
    const res = await admin.get(`/kov/${A}/polls/${pollId}/manage`);
    expect(res.statusCode).toBe(200);
    const section = sectionOf(res.body, 'progress');
    expect(section).toContain(translate('et', 'polls.progress.title'));
    const chart = svgOf(section, 'progress-chart');
    expect(chart).toContain('role="img"');
    expect(chart).toContain('aria-describedby="progress-table"');
    const columns = [...chart.matchAll(/data-label="([^"]+)" data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(columns).toEqual([
      ['09:00', 3],
      ['10:00', 4],
      ['11:00', 0],
      ['12:00', 3],
    ]);
    expect(section).toContain('id="progress-table"');
    const cumulative = [...section.matchAll(/<td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => Number(m[2]));
    expect(cumulative).toEqual([3, 7, 7, 10]);
    expect(section).toContain('Hääletanud 10 nimekirjas olevast 12 (83,3 %).');
    // counts only: no option, no result, no share of a choice
    for (const s of [GREEN, PARKING, 'o1', 'o2', 'results-q1']) expect(section).not.toContain(s);
    expect(res.body).not.toContain(GREEN);
  });

  it('never shows the turnout over time to a resident or a visitor', async () => {
    await signIn();
    expect((await mari.get(`/kov/${A}/polls/${pollId}/manage`)).statusCode).toBe(403);
    const anon = await app.inject({ url: `/kov/${A}/polls/${pollId}/manage` });
    expect([302, 303, 401, 403]).toContain(anon.statusCode);
    for (const page of [await mari.get(`/kov/${A}/polls/${pollId}`), await app.inject({ url: `/kov/${A}/polls/${pollId}` })]) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('progress-chart');
      expect(page.body).not.toContain(translate('et', 'polls.progress.title'));
    }
  });

  it('after certification: a bar chart beside each results table, and turnout by unit as a table without boundaries', async () => {
    advanceClock(4 * 3_600_000); // past the planned end
    await closePoll(db, A, pollId, SYSTEM, 'the test ends the vote early');
    await submitShare(db, A, pollId, 1, shares[0]!, SYSTEM);
    expect((await submitShare(db, A, pollId, 2, shares[1]!, SYSTEM)).published).toBe(true);
    const digest = (await pollResults(db, await getPoll(db, A, pollId)))!.digest!;
    const members: Actor[] = [
      { kind: 'person', id: '00000000-0000-7000-8000-0000000000c1', name: 'Kati Komisjon' },
      { kind: 'person', id: '00000000-0000-7000-8000-0000000000c2', name: 'Jaan Tamm' },
    ];
    for (const m of members) await certifyPoll(db, A, pollId, digest, m);

    const page = await app.inject({ url: `/kov/${A}/polls/${pollId}` });
    expect(page.statusCode).toBe(200);
    const chart = svgOf(page.body, 'results-q1-chart');
    expect(chart).toMatch(/^<svg [^>]*role="img"/);
    expect(chart).toContain('aria-describedby="results-q1-table"');
    expect(page.body).toContain('<table id="results-q1-table">');
    const bars = [...chart.matchAll(/data-label="([^"]+)" data-value="(\d+)"><text[^>]*>[^<]*<\/text><rect [^>]*width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(bars).toEqual([
      [GREEN, 7, 200],
      [PARKING, 3, 85.7],
    ]);
    expect(chart).toContain('>7 (70 %)</text>');
    expect(chart).toContain('>3 (30 %)</text>');
    // turnout by unit: the table (the two districts, 5 of 6 each), no map before boundaries exist
    expect(page.body).toContain('<table id="turnout-unit-table">');
    expect(page.body).not.toContain('turnout-map');
    expect(page.body).toContain('Lasnamäe linnaosa</th><td class="num">6</td><td class="num">5</td><td class="num">83,3 %</td>');
  });

  it('shows turnout by settlement unit on a map once the KOV has imported boundaries', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
    expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: SYSTEM })).ok).toBe(true);
    await signIn();
    // anonymous visitors get a certified page rendered at most every 5 s (per process): past that, the map shows
    advanceClock(10_000);
    for (const res of [await app.inject({ url: `/kov/${A}/polls/${pollId}` }), await admin.get(`/kov/${A}/polls/${pollId}/manage`)]) {
      expect(res.statusCode).toBe(200);
      const map = svgOf(res.body, 'turnout-map');
      expect(map).toContain('role="img"');
      expect(map).toContain('aria-describedby="turnout-unit-table"');
      expect(map).toContain(`<title id="turnout-map-title">${translate('et', 'polls.chart.mapTitle')}</title>`);
      const areas = Object.fromEntries([...map.matchAll(/data-key="(\d+)" data-value="([^"]+)"/g)].map((m) => [m[1], m[2]]));
      expect(areas).toEqual({ '0176': 'none', '0298': '83.3', '0339': 'none', '0387': '83.3', '0482': 'none', '0614': 'none' });
      expect(map).toContain('<title>Lasnamäe linnaosa: 83,3 %</title>');
      expect(map).toContain(`<title>Haabersti linnaosa: ${translate('et', 'polls.chart.mapNoData')}</title>`);
      expect(map).toContain(translate('et', 'polls.chart.mapLegend'));
      expect(res.body).toContain('<table id="turnout-unit-table">');
    }
  });

  it('counts a window longer than two days per Tallinn day, and a draft has no turnout over time', async () => {
    const key = app.config.idcodeHmacKey;
    const input = samplePollInput({
      title: { et: 'Pikk küsitlus', en: 'Long poll', ru: 'Долгий опрос' },
      opensAt: new Date(nowMs() + 5 * 60_000),
      closesAt: new Date(nowMs() + 5 * 86_400_000),
      rules: { units: [], minAge: 16, on: today(), residentSince: null, extraLists: [] },
    });
    const id = (await createPoll(db, A, input, SYSTEM, TEST_SECRETS)).id;
    expect(await pollProgress(db, await getPoll(db, A, id))).toBeNull();
    await publishPoll(db, A, id, SYSTEM, TEST_SECRETS);
    advanceClock(10 * 60_000);
    const cast = async (codes: string[]) => {
      const poll = await getPoll(db, A, id);
      for (const c of codes) await castBallot(db, poll, hashIdcode(key, c), [['o1']]);
    };
    await cast(KESKLINN.slice(0, 2));
    const first = today();
    advanceClock(2 * 86_400_000);
    await cast(LASNAMAE.slice(0, 3));
    const p = (await pollProgress(db, await getPoll(db, A, id)))!;
    expect(p.step).toBe('day');
    expect(p.points.map((x) => [fmtDate(x.from), x.count, x.cumulative])).toEqual([
      [fmtDate(first), 2, 2],
      [fmtDate(new Date(Date.parse(`${first}T12:00:00Z`) + 86_400_000)), 0, 2],
      [fmtDate(today()), 3, 5],
    ]);
    expect(p.total).toBe(5);
    expect(p.rollSize).toBe(12);
    await signIn();
    const section = sectionOf((await admin.get(`/kov/${A}/polls/${id}/manage`)).body, 'progress');
    expect(section).toContain(translate('et', 'polls.progress.chartDay'));
    expect(section).toContain(`<time datetime="${p.points[1]!.from.toISOString()}">${fmtDate(p.points[1]!.from)}</time>`);
  });
});
