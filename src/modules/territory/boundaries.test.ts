// Settlement unit boundaries (PGlite, and PostgreSQL with TEST_DATABASE_URL): a GeoJSON file in
// WGS84 (Tallinn) and one in L-EST97 with a crs member (Tartu) are imported, projected to L-EST97,
// simplified and stored for their own KOV only (RLS), with an audit entry; each kind of bad file is
// refused with its feature named, in et/en/ru, and writes nothing; the CLI imports and reports in
// the chosen language with sysexits codes.
import fs from 'node:fs';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { LOCALES, registerMessages, translate } from '../../kernel/i18n.js';
import { asOwner, engine, runCommand, testConfig, testDb } from '../../../test/helpers.js';
import { LEST97, WGS84, parseBoundaries, simplifyRing } from './boundaries.js';
import { REPO_ROOT, tempDir } from './fixtures.js';
import { importBoundaries, loadDemoTerritory, manifest, unitBoundaries } from './index.js';
import { territoryMessages } from './messages.js';

const TALLINN = '0784';
const TARTU = '0793';
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/boundaries');
const tallinnText = fs.readFileSync(path.join(FIXTURES, 'tallinn-wgs84.geojson'), 'utf8');
const tartuText = fs.readFileSync(path.join(FIXTURES, 'tartu-lest97.geojson'), 'utf8');
const ACTOR: Actor = { kind: 'operator', id: null, name: 'test operator' };

registerMessages(territoryMessages);

let db: Db;

beforeAll(async () => {
  db = await testDb();
  await loadDemoTerritory(db);
});
afterAll(async () => {
  await db?.close();
});

const stored = (kov: string) => db.tx((t) => unitBoundaries(t, kov), { kov });

function feature(props: Record<string, unknown>, geometry: unknown) {
  return { type: 'Feature', properties: props, geometry };
}
const square = (x: number, y: number, d: number) => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe(`settlement unit boundaries (${engine})`, () => {
  it('imports WGS84 polygons and multipolygons, projected to L-EST97 and simplified, for the KOV only', async () => {
    const r = await importBoundaries(db, TALLINN, tallinnText, { fileName: 'tallinn-wgs84.geojson', actor: ACTOR });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.crs).toBe(WGS84);
    expect(r.units).toBe(6);
    expect(r.missing.map((u) => u.code).sort()).toEqual(['0524', '0596']); // Nõmme and Pirita have no boundary in the file
    // the midpoints on straight edges are dropped (the one 1 m off the line too, under the 10 m tolerance)
    expect(r.pointsIn).toBe(7 * 9 + 9);
    expect(r.pointsOut).toBe(7 * 5 + 5);

    const rows = await stored(TALLINN);
    expect(rows.map((b) => b.code).sort()).toEqual(['0176', '0298', '0339', '0387', '0482', '0614']);
    const kesklinn = rows.find((b) => b.code === '0298')!;
    expect(kesklinn.name).toBe('Kesklinna linnaosa');
    expect(kesklinn.polygons).toHaveLength(1);
    expect(kesklinn.polygons[0]).toHaveLength(2); // outer ring and its hole
    // the first corner, 24.72 E 59.415 N, in L-EST97 metres as proj4 gives it, rounded to the metre
    const [x, y] = proj4(WGS84, LEST97, [24.72, 59.415]);
    expect(kesklinn.polygons[0]![0]![0]).toEqual([Math.round(x), Math.round(y)]);
    expect(x).toBeGreaterThan(540_000);
    expect(y).toBeGreaterThan(6_580_000);
    expect(rows.find((b) => b.code === '0482')!.polygons).toHaveLength(2); // the MultiPolygon's two parts

    // another KOV sees none of them (row-level security by KOV)
    expect(await stored(TARTU)).toEqual([]);
    const audit = await asOwner(db, (t) => t.query<{ action: string; actor_name: string }>("SELECT action, actor_name FROM core_audit WHERE kov_code = $1 AND action = 'territory.boundaries.import'", [TALLINN]));
    expect(audit).toEqual([{ action: 'territory.boundaries.import', actor_name: 'test operator' }]);
  });

  it('imports L-EST97 with a crs member and AKOOD codes, and a re-import replaces the KOV’s boundaries', async () => {
    const first = await importBoundaries(db, TARTU, tartuText, { fileName: 'tartu-lest97.geojson', actor: ACTOR });
    expect(first.ok).toBe(true);
    expect(first.crs).toBe(LEST97);
    expect(first.units).toBe(3);
    expect(first.replaced).toBe(0);
    const doc = JSON.parse(tartuText) as { features: { geometry: { coordinates: number[][][] } }[] };
    const corner = doc.features[0]!.geometry.coordinates[0]![0]!;
    const tartu = (await stored(TARTU)).find((b) => b.code === '8151')!;
    expect(tartu.polygons[0]![0]![0]).toEqual([Math.round(corner[0]!), Math.round(corner[1]!)]);

    const only = JSON.stringify({ ...JSON.parse(tartuText), features: [doc.features[0]] });
    const again = await importBoundaries(db, TARTU, only, { fileName: 'only-tartu.geojson', actor: ACTOR });
    expect(again.replaced).toBe(3);
    expect((await stored(TARTU)).map((b) => b.code)).toEqual(['8151']);
  });

  it('refuses each kind of bad file, names the feature, and writes nothing', async () => {
    const before = await stored(TALLINN);
    const poly = (x = 24.7, y = 59.42) => ({ type: 'Polygon', coordinates: [square(x, y, 0.01)] });
    const cases: [string, string, string[]][] = [
      ['not json', '{"type": "FeatureCollection", ', ['territory.boundaries.error.notJson']],
      ['csv', 'code,name\n0298,Kesklinn\n', ['territory.boundaries.error.notJson']],
      ['a single feature', JSON.stringify(feature({ ehak: '0298' }, poly())), ['territory.boundaries.error.notCollection']],
      ['no features', collection(), ['territory.boundaries.error.empty']],
      ['other crs', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, features: [feature({ ehak: '0298' }, poly())] }), ['territory.boundaries.error.crsUnknown']],
      ['a point', collection(feature({ ehak: '0298' }, { type: 'Point', coordinates: [24.7, 59.4] })), ['territory.boundaries.error.geometryType']],
      ['no geometry', collection(feature({ ehak: '0298' }, null)), ['territory.boundaries.error.geometryType']],
      ['no code', collection(feature({ nimi: 'Kesklinn' }, poly())), ['territory.boundaries.error.codeMissing']],
      ['another KOV’s unit', collection(feature({ ehak: '8151' }, poly())), ['territory.boundaries.error.codeUnknown']],
      ['a code twice', collection(feature({ ehak: '0298' }, poly()), feature({ ehak: '0298' }, poly(24.8))), ['territory.boundaries.error.codeDuplicate']],
      ['an open ring', collection(feature({ ehak: '0298' }, { type: 'Polygon', coordinates: [square(24.7, 59.42, 0.01).slice(0, 4).concat([[24.71, 59.5]])] })), ['territory.boundaries.error.ringOpen']],
      ['a short ring', collection(feature({ ehak: '0298' }, { type: 'Polygon', coordinates: [[[24.7, 59.4], [24.8, 59.4], [24.7, 59.4]]] })), ['territory.boundaries.error.ring']],
      ['text coordinates', collection(feature({ ehak: '0298' }, { type: 'Polygon', coordinates: [[['24.7', '59.4'], [24.8, 59.4], [24.8, 59.5], ['24.7', '59.4']]] })), ['territory.boundaries.error.ring']],
      ['Web Mercator metres', collection(feature({ ehak: '0298' }, { type: 'Polygon', coordinates: [square(2_755_000, 8_440_000, 1000)] })), ['territory.boundaries.error.crsGuess']],
      [
        'WGS84 outside Estonia',
        JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }, features: [feature({ ehak: '0298' }, poly(13.4, 52.5))] }),
        ['territory.boundaries.error.outside'],
      ],
    ];
    for (const [name, text, reasons] of cases) {
      const r = await importBoundaries(db, TALLINN, text, { fileName: `${name}.geojson`, actor: ACTOR });
      expect(r.ok, name).toBe(false);
      expect(r.problems.map((p) => p.reason), name).toEqual(reasons);
    }
    const dup = await importBoundaries(db, TALLINN, cases[9]![1], { fileName: 'dup.geojson', actor: ACTOR });
    expect(dup.problems[0]).toEqual({ feature: 2, reason: 'territory.boundaries.error.codeDuplicate', vars: { n: 2, code: '0298', first: 1 } });
    expect(await stored(TALLINN)).toEqual(before);

    expect((await importBoundaries(db, '9999', tallinnText, { fileName: 'x', actor: ACTOR })).problems[0]!.reason).toBe('territory.boundaries.error.kovUnknown');
  });

  it('has every problem in et, en and ru, with its values filled in', () => {
    const keys = Object.keys(territoryMessages).filter((k) => k.startsWith('territory.boundaries.'));
    expect(keys.length).toBeGreaterThan(15);
    const vars = { n: 3, code: '0298', first: 1, type: 'Point', names: 'ehak', crs: 'EPSG:4326', kov: '0784', mb: 50, file: 'f.geojson', units: 6, pointsIn: 72, pointsOut: 40, replaced: 0 };
    for (const k of keys)
      for (const l of LOCALES) {
        const s = translate(l, k, vars);
        expect(s, `${k} ${l}`).not.toMatch(/\{\w+\}/);
        expect(s.length).toBeGreaterThan(3);
      }
    expect(translate('et', 'territory.boundaries.error.geometryType', vars)).toBe('Objekti 3 geomeetria on Point; lubatud on Polygon ja MultiPolygon.');
    expect(translate('ru', 'territory.boundaries.error.codeUnknown', vars)).toContain('0298');
  });

  it('the CLI imports a file and lists a bad file’s problems in the chosen language', async () => {
    const config = testConfig();
    const ok = await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${path.join(FIXTURES, 'tallinn-wgs84.geojson')} --lang et`);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Omavalitsuse 0784 asustusüksuste piirid imporditud: 6 üksust (EPSG:4326)');
    expect(ok.out).toContain('Nõmme linnaosa (0524)');

    const dir = tempDir();
    const bad = path.join(dir, 'bad.geojson');
    fs.writeFileSync(bad, collection(feature({ ehak: '0298' }, { type: 'LineString', coordinates: [[24.7, 59.4], [24.8, 59.4]] }), feature({ ehak: '8151' }, { type: 'Polygon', coordinates: [square(24.7, 59.42, 0.01)] })));
    const et = await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${bad} --lang et`);
    expect(et.code).toBe(65);
    expect(et.err).toContain('jäi importimata: leiti 2 viga');
    expect(et.err).toContain('Objekti 1 geomeetria on LineString');
    expect(et.err).toContain('Objekti 2 EHAK-kood 8151 ei ole selle omavalitsuse asustusüksus');
    const ru = await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${bad} --lang ru`);
    expect(ru.err).toContain('Геометрия объекта 1 — LineString');
    const en = await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${bad}`);
    expect(en.err).toContain('Feature 1 has a LineString geometry');
    expect((await stored(TALLINN)).length).toBe(6);

    expect((await runCommand(manifest.commands!, config, db, `territory boundaries import ${bad}`)).code).toBe(64);
    expect((await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${bad} --lang de`)).code).toBe(64);
    expect((await runCommand(manifest.commands!, config, db, `territory boundaries import --kov ${TALLINN} ${path.join(dir, 'none.geojson')}`)).code).toBe(66);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('boundary geometry (pure)', () => {
  it('simplifies a ring within the tolerance and keeps it closed', () => {
    const ring: [number, number][] = [];
    for (let i = 0; i <= 100; i++) ring.push([i * 10, i % 2 ? 3 : 0]); // a wiggly bottom edge, 3 m wiggles
    ring.push([1000, 1000], [0, 1000], [0, 0]);
    const s = simplifyRing(ring, 10);
    expect(s).toEqual([
      [0, 0],
      [1000, 0],
      [1000, 1000],
      [0, 1000],
      [0, 0],
    ]);
    expect(simplifyRing(ring, 0)).toHaveLength(ring.length);
    expect(simplifyRing(ring, 2).length).toBeGreaterThan(50);
  });

  it('tells the CRS from the coordinates when the file does not say', () => {
    const units = new Map([['0298', 'Kesklinn']]);
    const wgs = parseBoundaries(collection(feature({ ehak: '0298' }, { type: 'Polygon', coordinates: [square(24.7, 59.42, 0.01)] })), units);
    expect(wgs.crs).toBe(WGS84);
    const lest = parseBoundaries(collection(feature({ code: 298 }, { type: 'Polygon', coordinates: [square(542_000, 6_589_000, 500)] })), new Map([['298', 'x']]));
    expect(lest.problems.map((p) => p.reason)).toEqual(['territory.boundaries.error.codeUnknown']); // codes are four digits
    const lest2 = parseBoundaries(collection(feature({ AKOOD: '0298' }, { type: 'Polygon', coordinates: [square(542_000, 6_589_000, 500)] })), units);
    expect(lest2.crs).toBe(LEST97);
    expect(lest2.boundaries[0]!.polygons[0]![0]![0]).toEqual([542_000, 6_589_000]);
  });
});
