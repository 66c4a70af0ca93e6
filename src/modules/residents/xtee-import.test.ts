// X-tee wired in, against the local mock security server (test/xtee-mock.ts):
// - `vallamaja residents import --xtee` streams RR417 into the import (the expected register, the
//   same checks and report, audit entry); faults, an unreachable or silent server, an answer cut off
//   mid-way and missing settings exit non-zero and leave the previous register current;
// - `vallamaja residents lookup --idcode` (RR411) prints the residence with EHAK names and never the
//   ID code unmasked;
// - the register page's "fetch from the population register" form: CSRF, the KOV's officials only
//   (another KOV's admin, a resident, an API key: 403 and nothing changes), audited, the outcome as a
//   flash message; without X-tee settings the page says so instead of showing the form.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { waitFor } from '../../../test/wait.js';
import { Agent, csrfFrom, csrfTokenOf, engine, loginAs, runCommand, tenantSnapshot, testApp, testDb, asOwner } from '../../../test/helpers.js';
import type { MockPerson, XteeMock } from '../../../test/xtee-mock.js';
import { startXteeMock } from '../../../test/xtee-mock.js';
import { createKey, grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { residentsCommands } from './cli.js';
import { CSV_HEADER, importRegister, sourceOf } from './import.js';
import { findResident, registerStatus } from './service.js';
import { XTEE_FETCH_JOB, fetchStatus, runXteeFetchJob, settleFetches, startXteeFetch } from './fetch.js';
import { XteeError, xteeSetting } from './xtee.js';

const A = '0784'; // Tallinn
const B = '0793'; // Tartu
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };

const TALLINN: MockPerson[] = [
  { idcode: '47502124911', givenName: 'Mari', familyName: 'Maasikas', countyCode: '0037', kovCode: A, unitCode: '0298', residenceSince: '15.03.2010' },
  { idcode: '39002102761', givenName: 'Jaan', familyName: 'Tamm', countyCode: '0037', kovCode: A, unitCode: '0176', residenceSince: '02.01.2026' },
  { idcode: '38001085718', givenName: 'Peeter', familyName: 'Kask', countyCode: '0037', kovCode: A, unitCode: '0176', residenceSince: '01.01.2000', status: 'S' },
];
const TARTU: MockPerson = { idcode: '60001019906', givenName: 'Liis', familyName: 'Lepp', countyCode: '0079', kovCode: B, unitCode: '1681', residenceSince: '01.09.2019' };

// the register before any X-tee import: three other people, from a file
const P1 = withCheckDigit('5101201001');
const P2 = withCheckDigit('6101202002');
const P3 = withCheckDigit('3800505003');
const FILE = [CSV_HEADER.join(','), ...[P1, P2, P3].map((c) => `${c},Vana,Elanik,0037,${A},0176,2020-01-01`)].join('\n');

let mock: XteeMock;
let db: Db;
let app: FastifyInstance;
let manager: Agent;
let otherAdmin: Agent;
let nobody: Agent;
let writeKey: string;
let key: string;
const savedEnv = { ...process.env };

function xteeEnv(over: Record<string, string | undefined> = {}): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('XTEE_')) delete process.env[k];
  const env: Record<string, string | undefined> = {
    XTEE_SECURITY_SERVER_URL: mock.url,
    XTEE_CLIENT: 'ee-test/GOV/75000000/vallamaja',
    XTEE_RR_SERVICE: 'ee-test/GOV/70008440/rr',
    XTEE_TIMEOUT_MS: '5000',
    ...over,
  };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

const run = (line: string) => runCommand(residentsCommands, app.config, db, line);

/** The KOV's current register as (hash, unit, birth date, residence since), sorted. */
async function register(kov: string): Promise<string[]> {
  const rows = await asOwner(db, (t) =>
    t.query<{ r: string }>(
      `SELECT p.idcode_hash || ' ' || p.unit_code || ' ' || p.birth_date::text || ' ' || coalesce(p.residence_since::text, '-') AS r
         FROM residents_person p JOIN residents_current c ON c.kov_code = p.kov_code AND c.batch_id = p.batch_id
        WHERE p.kov_code = $1`,
      [kov],
    ),
  );
  return rows.map((x) => x.r).sort();
}

const batches = (kov: string) => asOwner(db, (t) => t.query<{ id: string; status: string }>('SELECT id, status FROM residents_batch WHERE kov_code = $1 ORDER BY started_at, id', [kov]));
const currentId = async (kov: string) => (await registerStatus(db, kov)).current?.id ?? null;
/** A tenant's rows by table, leaving out tables where it has none (each import adds a partition table). */
const snapshot = async (kov: string) => Object.fromEntries(Object.entries(await tenantSnapshot(db, kov)).filter(([, rows]) => rows.length));
const expectedRow = (code: string, unit: string, birth: string, since: string) => `${hashIdcode(key, code)} ${unit} ${birth} ${since}`;

beforeAll(async () => {
  mock = await startXteeMock([...TALLINN, TARTU]);
  db = await testDb();
  app = await testApp(db);
  await app.jobs.start(); // the page's and the API's fetches run as jobs
  key = app.config.idcodeHmacKey;
  await loadDemoTerritory(db);
  await grantRole(db, key, { kov: A, idcode: '47502124911', role: 'residents-manager', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: '39002100068', role: 'kov-admin', actor: SYSTEM });
  manager = new Agent(app);
  await loginAs(manager, db, '47502124911', { givenName: 'Mari', familyName: 'Maasikas' });
  otherAdmin = new Agent(app);
  await loginAs(otherAdmin, db, '39002100068', { givenName: 'Toomas', familyName: 'Saar' });
  nobody = new Agent(app);
  await loginAs(nobody, db, '60001019906', { givenName: 'Liis', familyName: 'Lepp' });
  writeKey = (await createKey(db, { kov: A, name: 'Kirjutaja', scopes: ['read', 'write'], actor: SYSTEM })).key;
  await importRegister(db, key, sourceOf(FILE), { kov: A, actor: SYSTEM, fileName: 'alg.csv' });
});
beforeEach(async () => {
  await settleFetches(); // no fetch of an earlier test still running
  xteeEnv();
  mock.faultFor.clear();
  for (const k of Object.keys(mock.answer)) delete mock.answer[k as keyof typeof mock.answer];
});
afterAll(async () => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  await app.close();
  await db.close();
  await mock.close();
});

describe(`residents import --xtee (${engine})`, () => {
  it('fails without changing anything: SOAP fault, unreachable, silent server, answer cut off, no or bad settings', async () => {
    const before = await register(A);
    const current = await currentId(A);
    expect(before).toHaveLength(3);
    const nBatches = (await batches(A)).length;

    mock.faultFor.add(A);
    const fault = await run(`residents import --kov ${A} --xtee --date 2026-12-01`);
    expect(fault.code).toBe(69);
    expect(fault.err).toContain('X-tee RR417 failed: Omavalitsus 0784: teenus ei ole kättesaadav (Server.ServerProxy.ServiceFailed)');
    expect(fault.err).toContain('the register of 0784 was not changed');
    expect(fault.out).toBe('');
    mock.faultFor.clear();

    xteeEnv({ XTEE_SECURITY_SERVER_URL: 'http://127.0.0.1:1/cgi-bin/consumer_proxy' });
    const down = await run(`residents import --kov ${A} --xtee --date 2026-12-01`);
    expect(down.code).toBe(69);
    expect(down.err).toMatch(/X-tee security server http:\/\/127\.0\.0\.1:1\/cgi-bin\/consumer_proxy did not answer/);

    xteeEnv({ XTEE_TIMEOUT_MS: '300' });
    mock.answer.hang = true;
    const silent = await run(`residents import --kov ${A} --xtee`);
    expect(silent.code).toBe(69);
    expect(silent.err).toContain('did not answer within 0.3 s');
    mock.answer.hang = false;

    // nothing was stored for these: the batch is made only once the answer has begun
    expect((await batches(A)).length).toBe(nBatches);

    // cut off after the head and part of the first person: the batch fails, keeps the reason
    xteeEnv();
    mock.answer.cutAfterBytes = 1400;
    mock.answer.chunkBytes = 200;
    const cut = await run(`residents import --kov ${A} --xtee --date 2026-12-01`);
    expect(cut.code).toBe(69);
    expect(cut.err).toMatch(/X-tee RR417: the answer broke off/);
    const status = await registerStatus(db, A);
    expect(status.latest).toMatchObject({ status: 'failed', source: 'xtee', fileName: 'RR417 2026-12-01' });
    expect(status.latest!.problems.at(-1)!.message).toMatch(/broke off/);
    delete mock.answer.cutAfterBytes;

    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    const off = await run(`residents import --kov ${A} --xtee`);
    expect(off.code).toBe(78);
    expect(off.err).toContain('X-tee is not configured: set XTEE_SECURITY_SERVER_URL and XTEE_CLIENT');
    xteeEnv({ XTEE_CLIENT: 'EE/GOV/1' });
    const bad = await run(`residents import --kov ${A} --xtee`);
    expect(bad.code).toBe(78);
    expect(bad.err).toContain('X-tee settings are invalid: XTEE_CLIENT must be instance/memberClass/memberCode/subsystem');

    expect(await currentId(A)).toBe(current);
    expect(await register(A)).toEqual(before);
  });

  it('usage errors exit 64', async () => {
    expect((await run(`residents import --kov ${A} --xtee --date 2026-02-30`)).code).toBe(64);
    expect((await run(`residents import --kov ${A} --xtee --date 01.12.2026`)).code).toBe(64);
    expect((await run(`residents import --kov ${A} --xtee some.csv`)).code).toBe(64);
    expect((await run(`residents import --kov ${A} --date 2026-12-01 some.csv`)).code).toBe(64);
    expect((await run(`residents import --kov 784 --xtee`)).code).toBe(64);
    expect((await run(`residents import --kov ${A} --xtee --mode partial`)).code).toBe(64);
  });

  it('imports the KOV’s residents on the date: the expected register, progress on stderr, the file import’s summary, audited', async () => {
    const previous = await currentId(A);
    const r = await run(`residents import --kov ${A} --xtee --date 2026-12-01`);
    expect(r.err).toContain(`RR417 ${A} 2026-12-01: asking the population register over X-tee (${mock.url})`);
    expect(r.err).toMatch(/RR417 0784 2026-12-01: 2 people \(0\.\d MB received\), 0 bad/);
    expect(r.err).toContain('3 people in the answer');
    expect(r.err).toContain('1 of them not living on 2026-12-01 and left out');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Imported 2 people into the register of 0784 in \S+ ms\.$/);
    const req = mock.requests.at(-1)!;
    expect(req.body).toEqual({ RR417: { request: { Seisuga: '01.12.2026', KOV: A } } });
    expect(req.client.subsystemCode).toBe('vallamaja');
    expect(req.userId).toBe('EE00000000000');

    expect(await register(A)).toEqual(
      [expectedRow('47502124911', '0298', '1975-02-12', '2010-03-15'), expectedRow('39002102761', '0176', '1990-02-10', '2026-01-02')].sort(),
    );
    expect(await findResident(db, A, hashIdcode(key, '38001085718'))).toBeNull(); // not living
    const status = await registerStatus(db, A);
    expect(status.current).toMatchObject({ source: 'xtee', fileName: 'RR417 2026-12-01', rowsImported: 2, rowsBad: 0 });
    expect(status.current!.actorName).toMatch(/\(vallamaja CLI\)$/);
    const audit = await asOwner(db, (t) =>
      t.query<{ action: string; actor_kind: string; before: { batchId: string }; after: { source: string; file: string; rowsImported: number } }>(
        `SELECT action, actor_kind, before, after FROM core_audit WHERE kov_code = $1 AND action LIKE 'residents.%' ORDER BY seq DESC LIMIT 1`,
        [A],
      ),
    );
    expect(audit[0]).toMatchObject({ action: 'residents.import', actor_kind: 'operator', before: { batchId: previous }, after: { source: 'xtee', file: 'RR417 2026-12-01', rowsImported: 2 } });
  });

  it('bad people in the answer: rejected whole (exit 65, each named by its place in the answer) unless --accept-good-rows', async () => {
    const before = await register(A);
    mock.people.push({ idcode: withCheckDigit('4850303001'), givenName: 'Vale', familyName: 'Küla', countyCode: '0037', kovCode: A, unitCode: '1675', residenceSince: '01.01.2020' });
    try {
      const r = await run(`residents import --kov ${A} --xtee --date 2026-12-01`);
      expect(r.code).toBe(65);
      // the answer for 0784: Mari, Jaan, Peeter (not living: an empty CSV line), then the bad one — person 4
      expect(r.err).toContain('RR417 0784 2026-12-01 person 4: asustusyksus: settlement unit 1675 lies in KOV 0890, not in 0784');
      expect(r.err).toContain('RR417 0784 2026-12-01 was rejected: 1 bad rows of 3; nothing was imported');
      expect(await register(A)).toEqual(before);
      const ok = await run(`residents import --kov ${A} --xtee --date 2026-12-01 --accept-good-rows`);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/Imported 2 people .*1 bad rows left out and reported/);
    } finally {
      mock.people.pop();
    }
  });

  it('streams a long answer that comes in small parts (UTF-8 split across parts, entities) into the register', async () => {
    const many: MockPerson[] = [];
    const units = ['0176', '0298', '0339', '0387', '0482', '0524', '0596', '0614'];
    for (let i = 0; i < 3000; i++) {
      const code = withCheckDigit(`${i % 2 ? 4 : 3}${String(50 + Math.floor(i / 1000)).padStart(2, '0')}0101${String(i % 1000).padStart(3, '0')}`);
      many.push({ idcode: code, givenName: i % 3 ? 'Ülle-Õie' : 'Žanna', familyName: i === 7 ? 'Kask & Tamm <Sr>' : 'Šmidt', countyCode: '0037', kovCode: '0784', unitCode: units[i % units.length]!, residenceSince: '01.02.2021' });
    }
    const saved = mock.people.splice(0, mock.people.length, ...many);
    mock.answer.chunkBytes = 777;
    try {
      const r = await run(`residents import --kov ${A} --xtee --date 2026-06-30`);
      expect(r.err).toBe(r.err.replace(/\d{11}/g, '')); // no ID code on stderr
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/Imported 3\s?000 people into the register of 0784/);
      expect((await register(A)).length).toBe(3000);
      expect(await findResident(db, A, hashIdcode(key, many[7]!.idcode))).toMatchObject({ givenName: 'Ülle-Õie', familyName: 'Kask & Tamm <Sr>', unitCode: units[7] });
      expect(await findResident(db, A, hashIdcode(key, many[2999]!.idcode))).toMatchObject({ givenName: 'Ülle-Õie', familyName: 'Šmidt', birthDate: '1952-01-01' });
    } finally {
      mock.people.splice(0, mock.people.length, ...saved);
    }
  });
});

describe(`residents lookup --idcode (RR411, ${engine})`, () => {
  it('prints the main residence with EHAK names, the ID code only masked', async () => {
    const r = await run('residents lookup --idcode 47502124911');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Main residence of •••••••4911 in the population register (RR411), names from EHAK 2025v5:');
    expect(r.out).toContain('county 0037  Harju maakond');
    expect(r.out).toContain('KOV    0784  Tallinn');
    expect(r.out).toContain('unit   0298  Kesklinna linnaosa');
    expect(`${r.out}${r.err}`).not.toContain('47502124911');
    expect(mock.requests.at(-1)!.body).toEqual({ RR411: { request: { Isikukood: '47502124911' } } });
  });

  it('a person not found, a fault, bad input and missing settings: clear messages, non-zero exits, no ID code', async () => {
    const nf = await run('residents lookup --idcode 49403136526');
    expect(nf.code).toBe(69);
    expect(nf.err).toBe('•••••••6526: X-tee RR411 failed: Isikut ei leitud (RR-404)');
    mock.faultFor.add('47502124911');
    const f = await run('residents lookup --idcode 47502124911');
    expect(f.code).toBe(69);
    expect(f.err).toContain('Teenuse viga');
    const bad = await run('residents lookup --idcode 47502124912');
    expect(bad.code).toBe(64);
    expect(bad.err).toBe('--idcode: not a valid personal ID code (checksum).');
    expect((await run('residents lookup')).code).toBe(64);
    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    expect((await run('residents lookup --idcode 47502124911')).code).toBe(78);
    for (const x of [nf, f, bad]) expect(`${x.out}${x.err}`).not.toMatch(/\d{11}/);
  });

  it('X-tee errors never carry an ID code', () => {
    expect(new XteeError('fault', 'Isikut 47502124911 ei leitud').message).toBe('Isikut [isikukood] ei leitud');
  });
});

describe(`the register page: fetch over X-tee (${engine})`, () => {
  const page = `/kov/${A}/admin/residents`;
  const action = `/kov/${A}/admin/residents/xtee-import`;

  it('shows the form when X-tee is configured, and a notice instead when it is not', async () => {
    const on = await manager.get(`${page}?lang=en`);
    expect(on.statusCode).toBe(200);
    expect(on.body).toContain('Fetching from the population register (X-tee)');
    expect(on.body).toContain(`action="${action}"`);
    expect(on.body).toMatch(/<input id="f-date" name="date" type="date" value="\d{4}-\d{2}-\d{2}"/);
    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    const off = await manager.get(`${page}?lang=en`);
    expect(off.body).not.toContain(`action="${action}"`);
    expect(off.body).toContain('X-tee is not configured on this server');
    expect((await manager.get(`${page}?lang=ru`)).body).toContain('Подключение к X-tee на этом сервере не настроено');
    xteeEnv({ XTEE_CLIENT: 'nonsense' });
    expect((await manager.get(`${page}?lang=en`)).body).toContain('The X-tee settings are invalid (XTEE_CLIENT must be');
    // posting anyway: nothing is asked, the page says why
    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    const n = mock.requests.length;
    const post = await manager.postForm(page, action, { date: '2026-12-01' });
    expect(post.statusCode).toBe(303);
    expect(mock.requests.length).toBe(n);
    expect((await manager.get(`${page}?lang=en`)).body).toContain('X-tee is not configured on this server');
  });

  it('starts a fetch from the page (CSRF checked) that runs in the background; the page then shows its outcome, audited; a fault leaves the register', async () => {
    const first = await manager.get(`${page}?lang=en`);
    const token = csrfFrom(first.body);
    const noToken = await manager.req({ method: 'POST', url: action, form: { date: '2026-12-01' } });
    expect(noToken.statusCode).toBe(403);
    const res = await manager.req({ method: 'POST', url: action, form: { _csrf: token, date: '2026-11-30' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page}#xtee`);
    expect((await manager.get(`${page}?lang=en`)).body).toContain('The fetch from the population register (on 30.11.2026) has started.');
    await settleFetches();
    expect(mock.requests.at(-1)!.body).toEqual({ RR417: { request: { Seisuga: '30.11.2026', KOV: A } } });
    const after = await manager.get(`${page}?lang=en`);
    expect(after.body).toMatch(/Latest fetch \(\d\d\.\d\d\.\d{4} \d\d:\d\d, Mari Maasikas\):/);
    expect(after.body).toContain('Register fetched from the population register (on 30.11.2026) and imported: 2 people; 0 bad rows left out; 1 people not living left out.');
    expect(after.body).toContain('Population register over X-tee (RR417)');
    expect(after.body).toContain('RR417 2026-11-30');
    const audit = await asOwner(db, (t) =>
      t.query<{ action: string; actor_kind: string; actor_name: string; after: { source?: string; on?: string } }>(
        `SELECT action, actor_kind, actor_name, after FROM core_audit WHERE kov_code = $1 ORDER BY seq DESC LIMIT 2`,
        [A],
      ),
    );
    expect(audit[0]).toMatchObject({ action: 'residents.import', actor_kind: 'person', actor_name: 'Mari Maasikas', after: { source: 'xtee' } });
    expect(audit[1]).toMatchObject({ action: 'residents.xtee.fetch', actor_kind: 'person', actor_name: 'Mari Maasikas', after: { on: '2026-11-30' } });
    expect((await manager.get(`/api/v1/kov/${A}/residents/status`)).json().current).toMatchObject({ source: 'xtee', rowsImported: 2, importedBy: 'Mari Maasikas' });

    // a fault: the page says what went wrong; the register stays
    const current = await currentId(A);
    const regBefore = await register(A);
    mock.faultFor.add(A);
    const failed = await manager.postForm(page, action, { date: '2026-12-01', acceptGoodRows: '1' });
    expect(failed.statusCode).toBe(303);
    await settleFetches();
    const shown = await manager.get(`${page}?lang=et`);
    expect(shown.body).toContain('Päring rahvastikuregistrist ebaõnnestus: X-tee RR417 failed: Omavalitsus 0784: teenus ei ole kättesaadav');
    expect(await currentId(A)).toBe(current);
    expect(await register(A)).toEqual(regBefore);
  });

  // PostgreSQL only: on PGlite the import holds the one connection until it ends, so nothing can look in mid-way.
  it.skipIf(engine !== 'postgres')('shows the progress of a running fetch (people and MB so far, no second start) and its end; a fetch its server left is shown interrupted and does not block', async () => {
    const many: MockPerson[] = [];
    for (let i = 0; i < 2000; i++) {
      const code = withCheckDigit(`${i % 2 ? 4 : 3}${String(60 + Math.floor(i / 1000)).padStart(2, '0')}0101${String(i % 1000).padStart(3, '0')}`);
      many.push({ idcode: code, givenName: 'Uus', familyName: 'Elanik', countyCode: '0037', kovCode: A, unitCode: '0176', residenceSince: '01.02.2021' });
    }
    const saved = mock.people.splice(0, mock.people.length, ...many);
    mock.answer.chunkBytes = 4096;
    mock.answer.holdBeforeEndBytes = 2_000; // the answer stops just before its end until released
    // the answer is held while the test looks at the page; on a loaded machine that can take longer
    // than the suite's 5 s X-tee timeout, and this test is not about the timeout
    xteeEnv({ XTEE_TIMEOUT_MS: '60000' });
    try {
      const actor = { kind: 'person' as const, id: null, name: 'Mari Maasikas' };
      const cfg = xteeSetting();
      if (cfg.state !== 'on') throw new Error('X-tee should be on');
      const { id, done } = await startXteeFetch(db, app.jobs, cfg.cfg, { kov: A, on: '2026-12-01', actor, progressEvery: 200 });
      let status = await fetchStatus(db, A, id);
      for (let i = 0; i < 200 && status!.people === 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = await fetchStatus(db, A, id);
      }
      expect(status, status!.message ?? '').toMatchObject({ state: 'running', on: '2026-12-01' });
      expect(status!.people).toBeGreaterThan(0);
      expect(status!.bytes).toBeGreaterThan(0);
      const running = await manager.get(`${page}?lang=en`);
      expect(running.body).toMatch(/Fetching from the population register \(on 01\.12\.2026\), started [\d.: ]+: [\d\u00a0 ]+ people received so far \([\d,]+ MB\), 0 bad rows among them\./);
      expect(running.body).toContain('Check the progress again');
      expect(running.body).not.toContain(`action="${action}"`); // no second start from the page
      const api = await manager.get(`/api/v1/kov/${A}/residents/xtee-import/${id}`);
      expect(api.json()).toMatchObject({ id, state: 'running', on: '2026-12-01', startedBy: 'Mari Maasikas' });
      // a second start is refused while it runs
      const again = await manager.postForm(page, action, { date: '2026-12-01' });
      expect(again.statusCode).toBe(303);
      expect((await manager.get(`${page}?lang=en`)).body).toContain('A fetch from the population register is already running for this municipality.');
      await expect(startXteeFetch(db, app.jobs, cfg.cfg, { kov: A, on: '2026-12-01', actor })).rejects.toMatchObject({ status: 409 });
      // release only once the answer is held: a release before the hold is reached would let nothing go
      for (let i = 0; i < 400 && !mock.holding(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(mock.holding()).toBe(true);
      mock.release();
      const end = await done;
      expect(end).toMatchObject({ state: 'imported', people: 2000, rowsImported: 2000, bad: 0, notLiving: 0 });
      expect((await register(A)).length).toBe(2000);
      expect((await manager.get(`${page}?lang=en`)).body).toContain('Register fetched from the population register (on 01.12.2026) and imported: 2000 people;');
    } finally {
      mock.people.splice(0, mock.people.length, ...saved);
      delete mock.answer.holdBeforeEndBytes;
      mock.release();
      xteeEnv();
    }

    // a fetch left running by a server that died: silent for long, it reads as interrupted and a new one may start
    const ghost = '01900000-0000-7000-8000-00000000f00d';
    await asOwner(db, (t) => t.query(`UPDATE residents_fetch SET started_at = started_at - interval '1 day' WHERE kov_code = $1`, [A])); // the earlier ones: older
    await asOwner(db, (t) =>
      t.query(
        `INSERT INTO residents_fetch (id, kov_code, on_date, state, started_at, updated_at, actor_kind, actor_name)
         VALUES ($1, $2, '2026-12-02', 'running', core_now() - interval '2 hours', core_now() - interval '1 hour', 'person', 'Mari Maasikas')`,
        [ghost, A],
      ),
    );
    const shown = await manager.get(`${page}?lang=en`);
    expect(shown.body).toContain('The fetch (on 02.12.2026, started');
    expect(shown.body).toContain('was interrupted because the server stopped while it ran');
    expect(shown.body).toContain(`action="${action}"`);
    expect((await manager.get(`/api/v1/kov/${A}/residents/xtee-import/${ghost}`)).json().state).toBe('interrupted');
    const restarted = await manager.postForm(page, action, { date: '2026-12-01' });
    expect(restarted.statusCode).toBe(303);
    await settleFetches();
    const states = await asOwner(db, (t) => t.query<{ id: string; state: string }>('SELECT id, state FROM residents_fetch WHERE kov_code = $1 ORDER BY started_at DESC LIMIT 2', [A]));
    expect(states.map((x) => x.state)).toEqual(['imported', 'interrupted']);
    expect(states[1]!.id).toBe(ghost);
  });

  it('a bad date shows the form again with the error (400), asking nothing', async () => {
    const n = mock.requests.length;
    const res = await manager.postForm(`${page}?lang=en`, `${action}?lang=en`, { date: '2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('href="#f-date"');
    expect(res.body).toContain('The date must be in the form YYYY-MM-DD');
    expect(res.body).toContain('value="2026-02-30"');
    expect(mock.requests.length).toBe(n);
  });

  it('another KOV’s admin, a resident and an API key cannot trigger it (403); nothing changes, nothing is asked', async () => {
    const n = mock.requests.length;
    // an API key (even with scope write) is refused: this form is for signed-in officials only
    const byKey = await app.inject({
      method: 'POST',
      url: action,
      payload: 'date=2026-12-01',
      headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(byKey.statusCode).toBe(403);
    const before = await snapshot(A); // taken after the key's use (which notes last_used_at)
    const tokens = { other: await csrfTokenOf(otherAdmin), nobody: await csrfTokenOf(nobody) };
    expect((await otherAdmin.req({ method: 'POST', url: action, form: { _csrf: tokens.other, date: '2026-12-01' } })).statusCode).toBe(403);
    expect((await nobody.req({ method: 'POST', url: action, form: { _csrf: tokens.nobody, date: '2026-12-01' } })).statusCode).toBe(403);
    expect(mock.requests.length).toBe(n);
    expect(await snapshot(A)).toEqual(before);
    // the other KOV's admin fetches their own KOV's register
    const own = await otherAdmin.postForm(`/kov/${B}/admin/residents`, `/kov/${B}/admin/residents/xtee-import`, { date: '2026-12-01' });
    expect(own.statusCode).toBe(303);
    await settleFetches();
    expect(mock.requests.at(-1)!.body).toEqual({ RR417: { request: { Seisuga: '01.12.2026', KOV: B } } });
    expect(await register(B)).toEqual([expectedRow('60001019906', '1681', '2000-01-01', '2019-09-01')]);
    expect(await snapshot(A)).toEqual(before);
  });
});

describe(`the JSON API: POST /api/v1/kov/{kov}/residents/xtee-import (${engine})`, () => {
  const url = `/api/v1/kov/${A}/residents/xtee-import`;
  const withKey = (k: string, method: 'GET' | 'POST', to: string, payload?: unknown) =>
    app.inject({ method, url: `${to}${to.includes('?') ? '&' : '?'}lang=en`, payload: payload as object, headers: { authorization: `Bearer ${k}` } });

  it('starts a fetch with a write key (202, Location), whose status then reads imported, with the counts; audited as the key', async () => {
    const r = await withKey(writeKey, 'POST', url, { date: '2026-12-01' });
    expect(r.statusCode, r.body).toBe(202);
    const started = r.json<{ id: string; state: string; statusUrl: string }>();
    expect(started).toMatchObject({ state: 'running', on: '2026-12-01', acceptGoodRows: false, startedBy: 'API key Kirjutaja' });
    expect(r.headers.location).toBe(`${url}/${started.id}`);
    expect(started.statusUrl).toBe(`${url}/${started.id}`);
    await settleFetches();
    const s = await withKey(writeKey, 'GET', started.statusUrl);
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ id: started.id, state: 'imported', people: 2, notLiving: 1, rowsImported: 2, bad: 0, message: null });
    expect(s.json().finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(mock.requests.at(-1)!.body).toEqual({ RR417: { request: { Seisuga: '01.12.2026', KOV: A } } });
    expect(await register(A)).toEqual(
      [expectedRow('47502124911', '0298', '1975-02-12', '2010-03-15'), expectedRow('39002102761', '0176', '1990-02-10', '2026-01-02')].sort(),
    );
    const audit = await asOwner(db, (t) =>
      t.query<{ action: string; actor_kind: string }>(`SELECT action, actor_kind FROM core_audit WHERE kov_code = $1 ORDER BY seq DESC LIMIT 2`, [A]),
    );
    expect(audit).toEqual([
      { action: 'residents.import', actor_kind: 'apikey' },
      { action: 'residents.xtee.fetch', actor_kind: 'apikey' },
    ]);
  });

  it('an answer with bad rows reads rejected (the register stays) unless acceptGoodRows; a fault reads failed with the reason', async () => {
    mock.people.push({ idcode: withCheckDigit('4850303002'), givenName: 'Vale', familyName: 'Küla', countyCode: '0037', kovCode: A, unitCode: '1675', residenceSince: '01.01.2020' });
    try {
      const current = await currentId(A);
      const rejected = await withKey(writeKey, 'POST', url, { date: '2026-12-01' });
      expect(rejected.statusCode, rejected.body).toBe(202);
      await settleFetches();
      const rs = (await withKey(writeKey, 'GET', rejected.json().statusUrl)).json();
      expect(rs).toMatchObject({ state: 'rejected', bad: 1, rowsImported: 0 });
      expect(rs.batchId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await withKey(writeKey, 'GET', `/api/v1/kov/${A}/residents/status`)).json().latest).toMatchObject({ id: rs.batchId, status: 'failed', rowsBad: 1 });
      expect(await currentId(A)).toBe(current);
      const kept = await withKey(writeKey, 'POST', url, { date: '2026-12-01', acceptGoodRows: true });
      await settleFetches();
      expect((await withKey(writeKey, 'GET', kept.json().statusUrl)).json()).toMatchObject({ state: 'imported', rowsImported: 2, bad: 1 });
    } finally {
      mock.people.pop();
    }
    const current = await currentId(A);
    mock.faultFor.add(A);
    const failed = await withKey(writeKey, 'POST', url, { date: '2026-12-01' });
    await settleFetches();
    const fs = (await withKey(writeKey, 'GET', failed.json().statusUrl)).json();
    expect(fs).toMatchObject({ state: 'failed', batchId: null });
    expect(fs.message).toContain('X-tee RR417 failed: Omavalitsus 0784: teenus ei ole kättesaadav');
    expect(await currentId(A)).toBe(current);
  });

  it('503 when X-tee is not set up, 400 on a bad date or an unknown field; 404 for another KOV’s fetch; nothing is asked', async () => {
    const n = mock.requests.length;
    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    const off = await withKey(writeKey, 'POST', url, { date: '2026-12-01' });
    expect(off.statusCode).toBe(503);
    expect(off.json()).toMatchObject({ title: 'The population register cannot be queried now' });
    expect(off.json().errors[0]).toMatchObject({ field: 'xtee', reason: expect.stringContaining('X-tee is not configured on this server') });
    xteeEnv();
    const badDate = await withKey(writeKey, 'POST', url, { date: '2026-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('date');
    expect((await withKey(writeKey, 'POST', url, { date: '2026-12-01', extra: 1 })).statusCode).toBe(400);
    expect(mock.requests.length).toBe(n);
    const mine = await asOwner(db, (t) => t.one<{ id: string }>('SELECT id FROM residents_fetch WHERE kov_code = $1 LIMIT 1', [A]));
    expect((await withKey(writeKey, 'GET', `/api/v1/kov/${B}/residents/xtee-import/${mine!.id}`)).statusCode).toBe(403); // A's key, B's URL
    expect((await otherAdmin.get(`/api/v1/kov/${B}/residents/xtee-import/${mine!.id}`)).statusCode).toBe(404); // B's admin, A's fetch
    expect((await withKey(writeKey, 'GET', `${url}/not-a-uuid`)).statusCode).toBe(404);
  });

  it('refuses a read-only key, another KOV’s key, a resident and no credentials; nothing is asked', async () => {
    const readKey = (await createKey(db, { kov: A, name: 'Lugeja', scopes: ['read'], actor: SYSTEM })).key;
    const keyOfB = (await createKey(db, { kov: B, name: 'Tartu', scopes: ['read', 'write'], actor: SYSTEM })).key;
    const n = mock.requests.length;
    const before = await currentId(A);
    expect((await withKey(readKey, 'POST', url, { date: '2026-12-01' })).statusCode).toBe(403);
    expect((await withKey(keyOfB, 'POST', url, { date: '2026-12-01' })).statusCode).toBe(403);
    const token = await csrfTokenOf(nobody);
    expect((await nobody.req({ method: 'POST', url, payload: { date: '2026-12-01' }, headers: { 'x-csrf-token': token } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, payload: { date: '2026-12-01' } })).statusCode).toBe(403); // no session, no key: refused (CSRF)
    await settleFetches();
    expect(mock.requests.length).toBe(n);
    expect(await currentId(A)).toBe(before);
  });
});

describe(`the fetch as a job of the kernel's queue (${engine})`, () => {
  const actor: Actor = { kind: 'person', id: null, name: 'Mari Maasikas' };
  const cfgOn = () => {
    const s = xteeSetting();
    if (s.state !== 'on') throw new Error('X-tee should be on');
    return s.cfg;
  };

  it('runs once as residents.xtee-fetch, never retried, also when the fetch fails; its payload names the fetch and who started it, never an ID code', async () => {
    const { id, jobId, done } = await startXteeFetch(db, app.jobs, cfgOn(), { kov: A, on: '2026-12-01', actor });
    expect((await done).state).toBe('imported');
    const job = await waitFor('the job to complete', async () => {
      const j = await app.jobs.get(jobId);
      return j?.state === 'completed' ? j : null;
    });
    expect(job).toMatchObject({ name: XTEE_FETCH_JOB, attempts: 1, maxAttempts: 1 });
    const stored = await asOwner(db, (t) =>
      t.one<{ p: string }>(engine === 'postgres' ? 'SELECT data::text AS p FROM pgboss.job WHERE id = $1' : 'SELECT payload::text AS p FROM core_job WHERE id = $1', [jobId]),
    );
    expect(JSON.parse(stored!.p)).toEqual({ kov: A, fetchId: id, actor: { kind: 'person', id: null, name: 'Mari Maasikas' } });
    expect(stored!.p).not.toMatch(/\d{11}/);

    // a fetch that fails is the fetch's outcome (shown on the register page), not a failed job
    mock.faultFor.add(A);
    const failed = await startXteeFetch(db, app.jobs, cfgOn(), { kov: A, on: '2026-12-01', actor });
    expect((await failed.done).state).toBe('failed');
    expect(await waitFor('the job to complete', async () => (await app.jobs.get(failed.jobId))?.state === 'completed')).toBe(true);
    expect((await app.jobs.failed()).map((j) => j.id)).not.toContain(failed.jobId);
  });

  it('the job of a fetch that has ended does nothing; of one that waited too long, marks it interrupted; with X-tee switched off meanwhile, fails it with the reason', async () => {
    const queueOnly = { send: async () => 'not-queued' }; // the row without a job: the handler is called by hand
    const ctx = { id: 'by-hand', name: XTEE_FETCH_JOB, attempt: 1, maxAttempts: 1, db, config: app.config, log: app.log, signal: new AbortController().signal };
    const n = mock.requests.length;

    const off = await startXteeFetch(db, queueOnly, cfgOn(), { kov: A, on: '2026-12-01', actor });
    xteeEnv({ XTEE_SECURITY_SERVER_URL: undefined });
    await runXteeFetchJob({ kov: A, fetchId: off.id, actor }, ctx);
    expect(await fetchStatus(db, A, off.id)).toMatchObject({ state: 'failed', message: 'X-tee is not configured on this server' });
    xteeEnv();
    await runXteeFetchJob({ kov: A, fetchId: off.id, actor }, ctx); // ended: nothing happens
    expect(await fetchStatus(db, A, off.id)).toMatchObject({ state: 'failed', message: 'X-tee is not configured on this server' });

    const late = await startXteeFetch(db, queueOnly, cfgOn(), { kov: A, on: '2026-12-01', actor });
    await asOwner(db, (t) => t.query(`UPDATE residents_fetch SET updated_at = core_now() - interval '1 hour' WHERE id = $1`, [late.id]));
    await runXteeFetchJob({ kov: A, fetchId: late.id, actor }, ctx);
    const row = await asOwner(db, (t) => t.one<{ state: string }>('SELECT state FROM residents_fetch WHERE id = $1', [late.id]));
    expect(row!.state).toBe('interrupted');
    expect(mock.requests.length).toBe(n); // X-tee was never asked
  });
});
