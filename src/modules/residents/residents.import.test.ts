// The register import and the eligibility rules against a real database (PGlite, and PostgreSQL
// when TEST_DATABASE_URL is set): good files, bad rows with line numbers and both operator choices,
// no plaintext ID code anywhere, atomic re-import (concurrent count on PostgreSQL), every rule with
// hand-computed counts, extra lists, the generator.
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, isValidIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { engine, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { loadDemoTerritory } from '../territory/index.js';
import { generateRegister } from './generate.js';
import { CSV_HEADER, importRegister, sourceOf } from './import.js';
import { bornOnOrBefore, countEligible, findResident, importExtraList, snapshotEligible } from './service.js';

const K = '0784'; // Tallinn, county 0037
const KEY = testConfig().idcodeHmacKey;
const OP: Actor = { kind: 'operator', id: null, name: 'test operator' };

// Hand-made people (birth dates in the codes).
const P1 = withCheckDigit('5101201001'); // 2010-12-01: exactly 16 on 2026-12-01
const P2 = withCheckDigit('6101202002'); // 2010-12-02: 15 on 2026-12-01
const P3 = withCheckDigit('3800505003'); // 1980-05-05
const P4 = '47502124911'; // 1975-02-12
const P5 = withCheckDigit('6080229004'); // 2008-02-29 (leap day)
const P6 = '39002102761'; // 1990-02-10
const X = withCheckDigit('5000101005'); // 2000-01-01: not a resident (extra list only)

const header = CSV_HEADER.join(',');
const row = (code: string, unit: string, since: string, names = 'Mari,Maasikas', kov = K, county = '0037') => `${code},${names},${county},${kov},${unit},${since}`;
const GOOD = [
  header,
  row(P1, '0176', '2020-01-01'),
  row(P2, '0176', '2026-06-01', 'Liis,"Lepp, noorem"'),
  row(P3, '0298', '01.01.2026'),
  row(P4, '0387', '2010-03-15'),
  row(P5, '0387', '2025-12-31', 'Jelena,Ivanova'),
  row(P6, '0298', '2026-01-02'),
].join('\r\n');

let db: Db;

const counts = async (rules: Parameters<typeof countEligible>[2]) => {
  const c = await countEligible(db, K, rules);
  return { total: c.total, by: Object.fromEntries(c.byUnit.map((u) => [u.code ?? 'none', u.count])) };
};

beforeAll(async () => {
  db = await testDb();
  await loadDemoTerritory(db);
});
afterAll(async () => {
  await db.close();
});

describe(`residents register import (${engine})`, () => {
  it('imports a good file: rows, status, names and look-up by hash', async () => {
    const r = await importRegister(db, KEY, sourceOf(GOOD), { kov: K, actor: OP, fileName: 'good.csv' });
    expect(r).toMatchObject({ ok: true, status: 'imported', rowsRead: 6, rowsImported: 6, rowsBad: 0, problems: [] });
    const p2 = await findResident(db, K, hashIdcode(KEY, P2));
    expect(p2).toMatchObject({ givenName: 'Liis', familyName: 'Lepp, noorem', unitCode: '0176', birthDate: '2010-12-02', residenceSince: '2026-06-01' });
    expect(await findResident(db, K, hashIdcode(KEY, X))).toBeNull();
    // another KOV sees nothing of it: not by the query's filter, and not without one (RLS)
    expect(await findResident(db, '0793', hashIdcode(KEY, P2))).toBeNull();
    const seen = async (kov: string) =>
      db.tx(async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM residents_person'))!.n, { kov });
    expect(await seen(K)).toBe(6);
    expect(await seen('0793')).toBe(0);
    const audit = await asOwner(db, (t) => t.query<{ action: string }>(`SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'residents.%'`, [K]));
    expect(audit.map((a) => a.action)).toEqual(['residents.import']);
  });

  it('stores no plaintext ID code anywhere in the database', async () => {
    const tables = await asOwner(db, (t) =>
      t.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`),
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await asOwner(db, (t) => t.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM "${table_name}" x`));
      dump += rows.map((r) => r.j).join('\n');
    }
    expect(dump).toContain(hashIdcode(KEY, P1));
    for (const code of [P1, P2, P3, P4, P5, P6]) expect(dump).not.toContain(code);
  });

  it('counts by each rule, with hand-computed answers', async () => {
    expect(await counts({})).toEqual({ total: 6, by: { '0176': 2, '0298': 2, '0387': 2 } });
    // min age 16 on 2026-12-01: P1 turns 16 that very day (in), P2 a day later (out)
    expect((await counts({ minAge: 16, on: '2026-12-01' })).total).toBe(5);
    expect((await counts({ minAge: 16, on: '2026-11-30' })).total).toBe(4);
    // born 29 Feb 2008: 18 on 1 March 2026, not on 28 February
    expect((await counts({ minAge: 18, on: '2026-02-28' })).total).toBe(3);
    expect((await counts({ minAge: 18, on: '2026-03-01' })).total).toBe(4);
    expect(bornOnOrBefore('2026-02-28', 18)).toBe('2008-02-28');
    expect(bornOnOrBefore('2028-02-29', 16)).toBe('2012-02-29');
    expect(bornOnOrBefore('2028-02-29', 17)).toBe('2011-02-28');
    // units
    expect(await counts({ units: ['0176'] })).toEqual({ total: 2, by: { '0176': 2 } });
    expect(await counts({ units: ['0298', '0387'] })).toEqual({ total: 4, by: { '0298': 2, '0387': 2 } });
    // resident since: started on or before 2026-01-01 (P3 on the day itself)
    expect(await counts({ residentSince: '2026-01-01' })).toEqual({ total: 4, by: { '0176': 1, '0298': 1, '0387': 2 } });
    // together
    expect((await counts({ units: ['0298', '0387'], minAge: 18, on: '2026-03-01', residentSince: '2026-01-01' })).total).toBe(3);
  });

  it('adds an extra list: members are eligible by age alone, counted once', async () => {
    const list = `isikukood\n${P2}\n${X}\n${P3}\n${P3}\n12345\n`;
    const rejected = await importExtraList(db, KEY, { kov: K, name: 'üliõpilased', text: list, actor: OP });
    expect(rejected.ok).toBe(false);
    expect(rejected.problems.map((p) => p.line)).toEqual([5, 6]);
    const ok = await importExtraList(db, KEY, { kov: K, name: 'üliõpilased', text: list, acceptGoodRows: true, actor: OP });
    expect(ok).toMatchObject({ ok: true, members: 3 });
    // register part: P1 (P2 is 15). List: P2 too young; X (26, not a resident) in; P3 (resident of 0298) in.
    expect(await counts({ units: ['0176'], minAge: 16, on: '2026-12-01', extraLists: ['üliõpilased'] })).toEqual({
      total: 3,
      by: { '0176': 1, '0298': 1, none: 1 },
    });
    // a list member who is eligible anyway is not counted twice
    expect((await counts({ extraLists: ['üliõpilased'] })).total).toBe(7);
    await expect(countEligible(db, K, { extraLists: ['nope'] })).rejects.toMatchObject({ status: 400, fields: [{ field: 'extraLists' }] });
    await expect(countEligible(db, K, { units: ['1675'] })).rejects.toMatchObject({ status: 400, fields: [{ field: 'units' }] });
    await expect(countEligible(db, K, { minAge: 16, on: '2026-13-01' })).rejects.toMatchObject({ status: 400, fields: [{ field: 'on' }] });
    const snap = await db.tx((t) => snapshotEligible(t, K, { units: ['0176'], minAge: 16, on: '2026-12-01', extraLists: ['üliõpilased'] }), { kov: K });
    expect(snap).toHaveLength(3);
    expect(snap).toContainEqual({ idcodeHash: hashIdcode(KEY, X), unitCode: null, birthDate: '2000-01-01' });
    expect(snap).toContainEqual({ idcodeHash: hashIdcode(KEY, P1), unitCode: '0176', birthDate: '2010-12-01' });
    await expect(db.tx((t) => snapshotEligible(t, K, {}), { kov: '0793' })).rejects.toThrow(/bound to 0793/);
  });

  const BAD = [
    header,
    row(P1, '0176', '2020-01-01'), // 2 good
    row(P3.slice(0, 10) + String((Number(P3[10]) + 1) % 10), '0298', '2026-01-01'), // 3 bad check digit
    row(P4, '9999', '2010-03-15'), // 4 unknown EHAK code
    row(P5, '1675', '2025-12-31'), // 5 Haabneeme: a unit of Viimsi, not of Tallinn
    row(P1, '0298', '2021-01-01'), // 6 duplicate of line 2
    row(P6, '0298', '2026-01-02'), // 7 good
  ].join('\n');

  it('rejects a file with bad rows by default: every bad line reported, the old register stays', async () => {
    const r = await importRegister(db, KEY, sourceOf(BAD), { kov: K, actor: OP, fileName: 'bad.csv' });
    expect(r.ok).toBe(false);
    expect(r.status).toBe('rejected');
    expect(r.rowsImported).toBe(0);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'idcode'],
      [4, 'unknown-ehak'],
      [5, 'outside-kov'],
      [6, 'duplicate'],
    ]);
    expect(r.problems[3]!.message).toContain('line 2');
    expect((await counts({})).total).toBe(6);
    const batches = await asOwner(db, (t) => t.query<{ status: string; rows_bad: number }>(`SELECT status, rows_bad FROM residents_batch WHERE kov_code = $1 ORDER BY started_at`, [K]));
    expect(batches.map((b) => b.status)).toEqual(['current', 'failed']);
  });

  it('with accept-good-rows imports the good rows, keeps the report, and replaces the register', async () => {
    const r = await importRegister(db, KEY, sourceOf(BAD), { kov: K, actor: OP, acceptGoodRows: true });
    expect(r).toMatchObject({ ok: true, rowsRead: 6, rowsImported: 2, rowsBad: 4 });
    expect(await counts({})).toEqual({ total: 2, by: { '0176': 1, '0298': 1 } });
    const kept = await asOwner(db, (t) =>
      t.one<{ problems: unknown }>(`SELECT problems FROM residents_batch WHERE kov_code = $1 AND status = 'current'`, [K]),
    );
    const problems = (typeof kept!.problems === 'string' ? JSON.parse(kept!.problems) : kept!.problems) as { line: number }[];
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    // the old batch's rows are gone
    const n = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM residents_person WHERE kov_code = $1', [K]));
    expect(n!.n).toBe(2);
  });

  it('rejects a file without the header, and an empty file', async () => {
    const r = await importRegister(db, KEY, sourceOf(`${row(P1, '0176', '2020-01-01')}\n`), { kov: K, actor: OP, acceptGoodRows: true });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ line: 1, code: 'header' });
    const e = await importRegister(db, KEY, sourceOf(''), { kov: K, actor: OP, acceptGoodRows: true });
    expect(e.ok).toBe(false);
    expect((await counts({})).total).toBe(2);
  });

  it('a failing import (the source breaks mid-way) leaves the old register current', async () => {
    async function* broken() {
      yield Buffer.from(`${GOOD}\n`);
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('disk read error');
    }
    await expect(importRegister(db, KEY, Readable.from(broken()), { kov: K, actor: OP })).rejects.toThrow('disk read error');
    expect((await counts({})).total).toBe(2);
    const last = await asOwner(db, (t) => t.one<{ status: string }>(`SELECT status FROM residents_batch WHERE kov_code = $1 ORDER BY started_at DESC LIMIT 1`, [K]));
    expect(last!.status).toBe('failed');
    // and the next import works
    const ok = await importRegister(db, KEY, sourceOf(GOOD), { kov: K, actor: OP });
    expect(ok.rowsImported).toBe(6);
    expect((await counts({})).total).toBe(6);
  });

  it('the generator writes valid, unique codes of the KOV that import cleanly', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const g = await generateRegister(db, out, { kov: K, count: 5000, seed: 7, today: '2026-11-23' });
    out.end();
    expect(g).toEqual({ rows: 5000, units: 8 });
    const text = Buffer.concat(chunks).toString('utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(header);
    const codes = lines.slice(1).map((l) => l.split(',')[0]!);
    expect(new Set(codes).size).toBe(5000);
    expect(codes.every(isValidIdcode)).toBe(true);
    const adults = lines.slice(1).filter((l) => Number(l.slice(1, 3)) >= 0).length;
    expect(adults).toBe(5000);
    const r = await importRegister(db, KEY, sourceOf(text), { kov: K, actor: OP });
    expect(r).toMatchObject({ ok: true, rowsImported: 5000, rowsBad: 0 });
    const c = await countEligible(db, K, { minAge: 18, on: '2026-11-23' });
    // a realistic pyramid: roughly four in five are adults
    expect(c.total / 5000).toBeGreaterThan(0.7);
    expect(c.total / 5000).toBeLessThan(0.9);
    expect(c.byUnit).toHaveLength(8);
    await expect(generateRegister(db, new PassThrough(), { kov: '9999', count: 10 })).rejects.toThrow(/not in the current EHAK/);
  });

  it.runIf(engine === 'postgres')('during a re-import the old register still answers counts (concurrently, PostgreSQL)', async () => {
    const before = (await counts({})).total;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await generateRegister(db, out, { kov: K, count: 20_000, seed: 99 });
    out.end();
    const seen: number[] = [];
    const r = await importRegister(db, KEY, sourceOf(Buffer.concat(chunks)), {
      kov: K,
      actor: OP,
      progressEvery: 4000,
      // a slow import: each progress step waits for a count on another connection
      onProgress: async (p) => {
        if (p.rows < 20_000) seen.push((await countEligible(db, K, {})).total);
      },
    });
    expect(r.rowsImported).toBe(20_000);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.every((n) => n === before)).toBe(true);
    expect((await counts({})).total).toBe(20_000);
  });
});
