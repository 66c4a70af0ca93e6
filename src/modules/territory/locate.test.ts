// Locating a point in the imported settlement unit boundaries: the pure point-in-polygon test
// (holes, multipolygons) and locatePoint across KOVs against the database.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { engine, testDb } from '../../../test/helpers.js';
import { REPO_ROOT } from './fixtures.js';
import { importBoundaries, loadDemoTerritory, locatePoint } from './index.js';
import { pointInPolygons } from './read.js';

const ring = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('point in polygon (pure)', () => {
  const withHole = [[ring(0, 0, 10, 10), ring(4, 4, 6, 6)]];
  it('inside the outer ring and outside its holes', () => {
    expect(pointInPolygons(1, 1, withHole)).toBe(true);
    expect(pointInPolygons(5, 5, withHole)).toBe(false); // in the hole
    expect(pointInPolygons(6.5, 5, withHole)).toBe(true);
    expect(pointInPolygons(11, 5, withHole)).toBe(false);
    expect(pointInPolygons(-0.1, 5, withHole)).toBe(false);
  });
  it('any polygon of a multipolygon; concave rings', () => {
    const multi = [[ring(0, 0, 1, 1)], [ring(5, 5, 6, 6)]];
    expect(pointInPolygons(5.5, 5.5, multi)).toBe(true);
    expect(pointInPolygons(3, 3, multi)).toBe(false);
    // an L shape: the notch (top right) is outside
    const l: [number, number][] = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10], [0, 0]];
    expect(pointInPolygons(2, 8, [[l]])).toBe(true);
    expect(pointInPolygons(8, 8, [[l]])).toBe(false);
    expect(pointInPolygons(8, 2, [[l]])).toBe(true);
    expect(pointInPolygons(1, 1, [])).toBe(false);
  });
});

describe(`locatePoint across KOVs (${engine})`, () => {
  let db: Db;
  const ACTOR: Actor = { kind: 'operator', id: null, name: 'test operator' };
  beforeAll(async () => {
    db = await testDb();
    await loadDemoTerritory(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  it('nothing is located before any KOV imports boundaries; then the unit holding the point, not its holes', async () => {
    expect(await locatePoint(db, 59.42, 24.73)).toBeNull();
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
    const r = await importBoundaries(db, '0784', text, { fileName: 'tallinn.geojson', actor: ACTOR });
    expect(r.ok).toBe(true);
    expect(await locatePoint(db, 59.42, 24.73)).toEqual({ kov: '0784', unit: '0298' }); // Kesklinn
    expect(await locatePoint(db, 59.44, 24.85)).toEqual({ kov: '0784', unit: '0387' }); // Lasnamäe
    expect(await locatePoint(db, 59.43, 24.75)).toBeNull(); // the hole in Kesklinn
    expect(await locatePoint(db, 58.38, 26.72)).toBeNull(); // Tartu: no boundaries imported
  });
});
