// The EHAK importer against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL),
// reading the reference files in place from ../shared/data/ehak.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { engine, testDb, asOwner } from '../../../test/helpers.js';
import { typeFromName } from './parse.js';
import type { ImportResult } from './service.js';
import { importEhak } from './service.js';
import { EHAK_2025V5, LANDBOARD_2018, SELF_UNIT_TOWNS, snapshot, tempDir, unitCounts } from './fixtures.js';

let db: Db;
let tmp: string;

beforeAll(async () => {
  db = await testDb();
  tmp = tempDir();
});
afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const units = (version: string, where: string, params: unknown[] = []) =>
  asOwner(db, (t) =>
    t.query<{ code: string; name: string; type: string | null; self_unit: boolean; municipality_code: string; county_code: string }>(
      `SELECT code, name, type, self_unit, municipality_code, county_code FROM territory_unit WHERE version = $1 AND ${where} ORDER BY code`,
      [version, ...params],
    ),
  );
const currentVersion = () => asOwner(db, (t) => t.query<{ version: string }>('SELECT version FROM territory_version WHERE is_current'));
const tenant = (code: string) =>
  asOwner(db, (t) => t.one<{ name: string; kind: string; county_code: string; ehak_version: string; active: boolean }>('SELECT * FROM core_tenant WHERE kov_code = $1', [code]));

describe(`EHAK import of the Statistics Estonia export (${engine})`, () => {
  let first: ImportResult;

  it('imports ehak_2025v5.csv: 15 counties, 78 KOVs, 4,707 settlement units from the file, plus 8 self units', async () => {
    const progress: string[] = [];
    const t0 = performance.now();
    first = await importEhak(db, EHAK_2025V5, { onProgress: (p) => progress.push(`${p.phase} ${p.rows}/${p.total}`) });
    const ms = performance.now() - t0;
    console.warn(`[territory] import of ehak_2025v5.csv on ${engine}: ${ms.toFixed(0)} ms`);
    expect(first.problems).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.format).toBe('ehak');
    expect(first.counts).toEqual({ version: '2025v5', counties: 15, municipalities: 78, settlementUnits: 4707, selfUnits: 8 });
    expect(first.current).toBe(true);
    expect(first.tenants).toEqual({ added: 78, updated: 0, deactivated: [] });
    expect(progress).toContain('read 3000/4800');
    expect(progress.at(-1)).toBe('write 4808/4808');

    expect(await unitCounts(db, '2025v5')).toEqual({ '1': 15, '2': 78, '3': 4707, self: 8 });
    const v = await asOwner(db, (t) => t.one('SELECT * FROM territory_version WHERE version = $1', ['2025v5']));
    expect(v).toMatchObject({ source_kind: 'ehak', file_name: 'ehak_2025v5.csv', counties: 15, municipalities: 78, settlement_units: 4707, self_units: 8, is_current: true });
  });

  it('keeps codes as 4-digit strings and derives municipality and county for every unit', async () => {
    const [harju] = await units('2025v5', 'level = 1 AND code = $2', ['0037']);
    expect(harju).toMatchObject({ code: '0037', name: 'Harju maakond', type: 'maakond', county_code: '0037' });
    const [reinse] = await units('2025v5', 'code = $2', ['6922']);
    expect(reinse).toMatchObject({ name: 'Reinse', type: null, county_code: '0068' });
    const types = await asOwner(db, (t) =>
      t.query<{ type: string | null; n: number }>(
        `SELECT type, count(*)::int AS n FROM territory_unit WHERE version = '2025v5' AND level = 3 AND NOT self_unit GROUP BY type ORDER BY type`,
      ),
    );
    expect(Object.fromEntries(types.map((r) => [r.type ?? 'none', r.n]))).toEqual({ alev: 13, alevik: 185, küla: 4458, linn: 37, linnaosa: 13, none: 1 });
  });

  it('has Tallinn with its 8 linnaosad and Kohtla-Järve with 5', async () => {
    const tallinn = await units('2025v5', 'level = 3 AND municipality_code = $2', ['0784']);
    expect(tallinn).toHaveLength(8);
    expect(tallinn.every((u) => u.type === 'linnaosa' && !u.self_unit)).toBe(true);
    expect(tallinn.map((u) => u.name)).toContain('Põhja-Tallinna linnaosa');
    const kj = await units('2025v5', 'level = 3 AND municipality_code = $2', ['0321']);
    expect(kj).toHaveLength(5);
    expect(kj.every((u) => u.type === 'linnaosa')).toBe(true);
  });

  it('stores each of the 8 towns without settlement units as its own settlement unit', async () => {
    const selfRows = await units('2025v5', 'self_unit');
    expect(selfRows.map((u) => u.code).sort()).toEqual([...SELF_UNIT_TOWNS].sort());
    for (const code of SELF_UNIT_TOWNS) {
      const below = await units('2025v5', 'level = 3 AND municipality_code = $2', [code]);
      expect(below).toHaveLength(1);
      expect(below[0]).toMatchObject({ code, type: 'linn', self_unit: true, municipality_code: code });
    }
    const [narva] = await units('2025v5', 'level = 3 AND code = $2', ['0511']);
    expect(narva).toMatchObject({ name: 'Narva linn', county_code: '0045' });
  });

  it('creates the 78 KOVs as tenants with kind, county and classifier version', async () => {
    const n = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_tenant WHERE active'));
    expect(n?.n).toBe(78);
    expect(await tenant('0784')).toMatchObject({ name: 'Tallinn', kind: 'linn', county_code: '0037', ehak_version: '2025v5', active: true });
    expect(await tenant('0890')).toMatchObject({ name: 'Viimsi vald', kind: 'vald', county_code: '0037' });
    expect(await tenant('0250')).toMatchObject({ name: 'Jõhvi vald', county_code: '0045' });
  });

  it('re-imports the same version idempotently: rows replaced in one transaction, counts unchanged', async () => {
    const before = await snapshot(db);
    const again = await importEhak(db, EHAK_2025V5);
    expect(again.ok).toBe(true);
    expect(again.counts).toEqual(first.counts);
    expect(again.tenants).toEqual({ added: 0, updated: 78, deactivated: [] });
    const after = await snapshot(db);
    expect(after.units).toEqual(before.units);
    expect(after.tenants).toEqual(before.tenants);
    expect(after.versions).toHaveLength(1);
    expect(await currentVersion()).toEqual([{ version: '2025v5' }]);
  });

  it('reads the minimal official columns (code,name,parent,level) to the same classifier', async () => {
    const lines = fs.readFileSync(EHAK_2025V5, 'utf8').trim().split(/\r?\n/).slice(1);
    const minimal = ['Value;Label-et-EE;Parent;Level', ...lines.map((l) => {
      const [code, name, level, , parent] = l.split(',');
      return [code, name, parent, level].join(';');
    })];
    const file = path.join(tmp, 'EHAK-veebifail.csv');
    fs.writeFileSync(file, `\uFEFF${minimal.join('\r\n')}\r\n`);
    const r = await importEhak(db, file, { version: '2025v5-minimal', makeCurrent: false });
    expect(r.problems).toEqual([]);
    expect(r.counts).toEqual({ version: '2025v5-minimal', counties: 15, municipalities: 78, settlementUnits: 4707, selfUnits: 8 });
    expect(r.current).toBe(false);
    expect(r.tenants).toBeNull();
    const cmp = await asOwner(db, (t) =>
      t.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           (SELECT code, level, name, type, parent_code, municipality_code, county_code, self_unit FROM territory_unit WHERE version = '2025v5'
            EXCEPT SELECT code, level, name, type, parent_code, municipality_code, county_code, self_unit FROM territory_unit WHERE version = '2025v5-minimal')
           UNION ALL
           (SELECT code, level, name, type, parent_code, municipality_code, county_code, self_unit FROM territory_unit WHERE version = '2025v5-minimal'
            EXCEPT SELECT code, level, name, type, parent_code, municipality_code, county_code, self_unit FROM territory_unit WHERE version = '2025v5')
         ) d`,
      ),
    );
    expect(cmp?.n).toBe(0);
    expect(await currentVersion()).toEqual([{ version: '2025v5' }]);
  });

  it('derives settlement types from names as SOURCE.md describes', () => {
    expect(typeFromName('Lõunaküla / Storbyn', 3)).toBe('küla');
    expect(typeFromName('Järvekülä', 3)).toBe('küla');
    expect(typeFromName('Pirita linnaosa', 3)).toBe('linnaosa');
    expect(typeFromName('Haabneeme alevik', 3)).toBe('alevik');
    expect(typeFromName('Aegviidu alev', 3)).toBe('alev');
    expect(typeFromName('Tartu linn', 3)).toBe('linn');
    expect(typeFromName('Reinse', 3)).toBeNull();
    expect(typeFromName('Tallinn', 2)).toBe('linn');
    expect(typeFromName('Viimsi vald', 2)).toBe('vald');
  });

  it('lets the app role read the classifier but not write it', async () => {
    const n = await db.tx((t) => t.one<{ n: number }>(`SELECT count(*)::int AS n FROM territory_unit WHERE version = '2025v5'`));
    expect(n?.n).toBe(4808);
    await expect(
      db.tx((t) => t.query(`INSERT INTO territory_unit (version, code, level, name, county_code) VALUES ('2025v5', '9998', 1, 'X', '9998')`)),
    ).rejects.toThrow(/permission denied/);
    await expect(db.tx((t) => t.query(`UPDATE territory_version SET is_current = false`))).rejects.toThrow(/permission denied/);
    await expect(db.tx((t) => t.query(`DELETE FROM territory_unit`))).rejects.toThrow(/permission denied/);
  });
});

describe(`EHAK import: broken files are rejected whole (${engine})`, () => {
  const HEADER = 'code,name,level,type,parent_code,municipality_code,county_code';
  const GOOD = ['0037,Harju maakond,1,maakond,,,0037', '0784,Tallinn,2,linn,0037,0784,0037', '0176,Haabersti linnaosa,3,linnaosa,0784,0784,0037'];
  const write = (name: string, lines: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  it('accepts the small well-formed file these cases start from', async () => {
    const r = await importEhak(db, write('ehak_2099v1.csv', [HEADER, ...GOOD]), { makeCurrent: false });
    expect(r.problems).toEqual([]);
    expect(r.counts).toEqual({ version: '2099v1', counties: 1, municipalities: 1, settlementUnits: 1, selfUnits: 0 });
    await asOwner(db, (t) => t.query(`DELETE FROM territory_version WHERE version = '2099v1'`));
  });

  const cases: { name: string; lines: string[]; code: string; line: number; text: RegExp }[] = [
    { name: 'bad code', lines: [HEADER, ...GOOD, '17a6,Kesklinna linnaosa,3,linnaosa,0784,0784,0037'], code: 'bad-code', line: 5, text: /17a6/ },
    { name: 'duplicate code', lines: [HEADER, ...GOOD, '0176,Haabersti linnaosa,3,linnaosa,0784,0784,0037'], code: 'duplicate', line: 5, text: /first on line 4/ },
    { name: 'unknown parent', lines: [HEADER, ...GOOD, '0298,Kesklinna linnaosa,3,linnaosa,0999,0999,0037'], code: 'unknown-parent', line: 5, text: /0999/ },
    { name: 'missing parent', lines: [HEADER, ...GOOD, '0198,Harku vald,2,vald,,0198,0037'], code: 'missing-parent', line: 5, text: /no parent/ },
    { name: 'unknown level', lines: [HEADER, ...GOOD, '0298,Kesklinna linnaosa,4,linnaosa,0784,0784,0037'], code: 'bad-level', line: 5, text: /level "4"/ },
    { name: 'wrong column count', lines: [HEADER, ...GOOD, '0298,Kesklinna linnaosa,3,linnaosa,0784,0784'], code: 'column-count', line: 5, text: /expected 7 columns, found 6/ },
    { name: 'parent at the wrong level', lines: [HEADER, ...GOOD, '0298,Kesklinna linnaosa,3,linnaosa,0037,0037,0037'], code: 'parent-level', line: 5, text: /level 1, expected 2/ },
    { name: 'wrong type for the level', lines: [HEADER, ...GOOD, '0198,Harku vald,2,küla,0037,0198,0037'], code: 'bad-type', line: 5, text: /küla/ },
    { name: 'county that contradicts the parent chain', lines: [HEADER, ...GOOD, '0298,Kesklinna linnaosa,3,linnaosa,0784,0784,0079'], code: 'inconsistent', line: 5, text: /county_code 0079/ },
    { name: 'unclosed quote', lines: [HEADER, ...GOOD, '0298,"Kesklinna linnaosa,3,linnaosa,0784,0784,0037'], code: 'csv-syntax', line: 5, text: /never closed/ },
    { name: 'header without the needed columns', lines: ['kood;nimi', '0037;Harju maakond'], code: 'header', line: 1, text: /parent and level/ },
  ];

  for (const c of cases) {
    it(`rejects a file with a ${c.name}, naming the line, and writes nothing`, async () => {
      const before = await snapshot(db);
      const r = await importEhak(db, write(`ehak_2099v2.csv`, c.lines));
      expect(r.ok).toBe(false);
      expect(r.counts).toBeNull();
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ file: 'ehak_2099v2.csv', code: c.code, line: c.line });
      expect(r.problems[0]!.message).toMatch(c.text);
      expect(await snapshot(db)).toEqual(before);
    });
  }

  it('lists every problem of a file with many, in line order, and leaves the current version in place', async () => {
    const before = await snapshot(db);
    const r = await importEhak(
      db,
      write('ehak_2025v5-broken.csv', [
        HEADER,
        ...GOOD,
        '0298,Kesklinna linnaosa,3,linnaosa,0999,0999,0037', // 5 unknown parent
        '17a6,Kristiine linnaosa,3,linnaosa,0784,0784,0037', // 6 bad code
        '0176,Haabersti linnaosa,3,linnaosa,0784,0784,0037', // 7 duplicate
        '0387,Lasnamäe linnaosa,7,linnaosa,0784,0784,0037', // 8 bad level
        '0482,Mustamäe linnaosa,3,linnaosa', // 9 column count
        '0524,Nõmme linnaosa,3,linnaosa,0037,0037,0037', // 10 parent at the wrong level
        '0141,Anija vald,2,vald,,0141,0037', // 11 missing parent
      ]),
      { version: '2025v5' },
    );
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [5, 'unknown-parent'],
      [6, 'bad-code'],
      [7, 'duplicate'],
      [8, 'bad-level'],
      [9, 'column-count'],
      [10, 'parent-level'],
      [11, 'missing-parent'],
    ]);
    const after = await snapshot(db);
    expect(after).toEqual(before);
    expect(await currentVersion()).toEqual([{ version: '2025v5' }]);
    expect(await unitCounts(db, '2025v5')).toEqual({ '1': 15, '2': 78, '3': 4707, self: 8 });
  });

  it('rejects a missing file, an empty file and a name without a version', async () => {
    const missing = await importEhak(db, path.join(tmp, 'no-such.csv'), { version: 'x1' });
    expect(missing.problems[0]).toMatchObject({ code: 'not-found', line: 0 });
    const empty = await importEhak(db, write('ehak_2099v3.csv', []));
    expect(empty.problems.map((p) => p.code)).toContain('empty');
    const noVersion = await importEhak(db, write('classifier.csv', [HEADER, ...GOOD]));
    expect(noVersion.problems).toEqual([expect.objectContaining({ code: 'version', line: 0 })]);
    const badVersion = await importEhak(db, write('classifier.csv', [HEADER, ...GOOD]), { version: 'bad version!' });
    expect(badVersion.problems[0]?.code).toBe('version');
    expect(await currentVersion()).toEqual([{ version: '2025v5' }]);
  });
});

describe(`EHAK import of the Land Board 2018 folder (${engine})`, () => {
  it('imports buildig-20180901: 79 KOVs incl. Toila 0803, types from TYYP, the 8 towns as their own units', async () => {
    const r = await importEhak(db, LANDBOARD_2018);
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('landboard');
    // asustusyksus.csv has 4,711 rows: 4,703 settlement units and the 8 towns listed as themselves.
    expect(r.counts).toEqual({ version: '2018-09-01', counties: 15, municipalities: 79, settlementUnits: 4703, selfUnits: 8 });
    expect(r.current).toBe(true);
    expect(await unitCounts(db, '2018-09-01')).toEqual({ '1': 15, '2': 79, '3': 4703, self: 8 });

    const [toila] = await units('2018-09-01', 'level = 2 AND code = $2', ['0803']);
    expect(toila).toMatchObject({ name: 'Toila vald', type: 'vald', county_code: '0045' });
    const types = await asOwner(db, (t) =>
      t.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM territory_unit WHERE version = '2018-09-01' AND level = 3 GROUP BY type`),
    );
    expect(Object.fromEntries(types.map((x) => [x.type, x.n]))).toEqual({
      alev: 12,
      alevik: 188,
      küla: 4453,
      linn: 8,
      linnaosa: 13,
      'vallasisene linn': 37,
    });
    const self = await units('2018-09-01', 'self_unit');
    expect(self.map((u) => u.code)).toEqual(['0296', '0424', '0446', '0511', '0663', '0735', '0897', '0919']);
    expect(self.every((u) => u.type === 'linn')).toBe(true);
    expect(await units('2018-09-01', 'level = 3 AND municipality_code = $2 AND type = $3', ['0784', 'linnaosa'])).toHaveLength(8);
    expect(await units('2018-09-01', 'level = 3 AND municipality_code = $2 AND type = $3', ['0321', 'linnaosa'])).toHaveLength(5);
  });

  it('makes the 2018 KOVs the tenants: Toila and the old codes active, the 2025 codes deactivated (not deleted)', async () => {
    expect(await tenant('0803')).toMatchObject({ name: 'Toila vald', active: true, ehak_version: '2018-09-01' });
    expect(await tenant('0726')).toMatchObject({ name: 'Saue vald', active: true });
    expect(await tenant('0725')).toMatchObject({ name: 'Saue vald', active: false, ehak_version: '2025v5' });
    const n = await asOwner(db, (t) => t.one<{ active: number; all: number }>('SELECT count(*) FILTER (WHERE active)::int AS active, count(*)::int AS "all" FROM core_tenant'));
    expect(n).toEqual({ active: 79, all: 90 });
  });

  it('going back to 2025v5 deactivates Toila 0803 and the other codes that disappeared', async () => {
    const r = await importEhak(db, EHAK_2025V5);
    expect(r.tenants?.deactivated).toEqual(['0142', '0251', '0304', '0503', '0514', '0638', '0718', '0726', '0735', '0803', '0809', '0855']);
    expect(await tenant('0803')).toMatchObject({ active: false, ehak_version: '2018-09-01' });
    expect(await tenant('0725')).toMatchObject({ active: true, ehak_version: '2025v5' });
    const n = await asOwner(db, (t) => t.one<{ active: number }>('SELECT count(*) FILTER (WHERE active)::int AS active FROM core_tenant'));
    expect(n?.active).toBe(78);
    // Both versions are kept; the codes of 2018 stay tied to their version.
    expect(await unitCounts(db, '2018-09-01')).toEqual({ '1': 15, '2': 79, '3': 4703, self: 8 });
  });

  it('accepts the folder given by its asustusyksus.csv, with an explicit version', async () => {
    const r = await importEhak(db, path.join(LANDBOARD_2018, 'asustusyksus.csv'), { version: 'landboard-2018', makeCurrent: false });
    expect(r.ok).toBe(true);
    expect(r.counts?.municipalities).toBe(79);
    expect(await currentVersion()).toEqual([{ version: '2025v5' }]);
  });

  it('rejects a broken Land Board folder with file and line, writing nothing', async () => {
    const dir = path.join(tmp, 'landboard-20990101');
    fs.mkdirSync(dir);
    for (const f of ['maakond.csv', 'omavalitsus.csv', 'asustusyksus_tyyp.csv']) fs.copyFileSync(path.join(LANDBOARD_2018, f), path.join(dir, f));
    fs.writeFileSync(
      path.join(dir, 'asustusyksus.csv'),
      [
        'ANIMI,AKOOD,TYYP,ONIMI,OKOOD,MNIMI,MKOOD,AREA',
        'Aa küla,1004,8,Lüganuse vald,0442,Ida-Viru maakond,0045,1',
        'Bad küla,10x4,8,Lüganuse vald,0442,Ida-Viru maakond,0045,1',
        'Orphan küla,1005,8,Nowhere vald,0999,Ida-Viru maakond,0045,1',
        'Odd küla,1006,2,Lüganuse vald,0442,Ida-Viru maakond,0045,1',
        'Wrong county küla,1007,8,Lüganuse vald,0442,Harju maakond,0037,1',
        'Aa küla,1004,8,Lüganuse vald,0442,Ida-Viru maakond,0045,1',
      ].join('\n'),
    );
    const before = await snapshot(db);
    const r = await importEhak(db, dir);
    expect(r.ok).toBe(false);
    expect(r.version).toBe('2099-01-01');
    expect(r.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['asustusyksus.csv', 3, 'bad-code'],
      ['asustusyksus.csv', 4, 'unknown-parent'],
      ['asustusyksus.csv', 5, 'bad-type'],
      ['asustusyksus.csv', 6, 'inconsistent'],
      ['asustusyksus.csv', 7, 'duplicate'],
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});
