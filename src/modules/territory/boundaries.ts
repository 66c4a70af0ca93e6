// Settlement unit boundaries from GeoJSON (pure: read, check, project, simplify). A KOV imports a
// FeatureCollection whose features are its settlement units (EHAK code in a property), each a
// Polygon or MultiPolygon in WGS84 (longitude, latitude; GeoJSON's own CRS) or in L-EST97
// (EPSG:3301, metres). The CRS is taken from a legacy `crs` member when the file has one, otherwise
// told from the coordinates' range. Everything is stored in L-EST97 — planar metres, so a map is
// drawn without projecting again — simplified (Douglas–Peucker, default 10 m) and rounded to whole
// metres. Every problem names its feature (1-based) and is a message key with et/en/ru texts; any
// problem rejects the whole file (nothing is written).
import proj4 from 'proj4';

export const LEST97 = 'EPSG:3301';
export const WGS84 = 'EPSG:4326';
proj4.defs(
  LEST97,
  '+proj=lcc +lat_1=59.33333333333334 +lat_2=58 +lat_0=57.51755393055556 +lon_0=24 +x_0=500000 +y_0=6375000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
);
const toLest = proj4(WGS84, LEST97);

/** Files larger than this are refused before parsing. */
export const MAX_BOUNDARY_BYTES = 50 * 1024 * 1024;
export const DEFAULT_TOLERANCE_M = 10;

/** Property names that may hold a feature's EHAK code (Land Board's settlement unit layer: AKOOD). */
export const CODE_PROPERTIES = ['ehak', 'EHAK', 'ehak_code', 'EHAK_KOOD', 'ehak_kood', 'AKOOD', 'akood', 'code', 'kood', 'KOOD'];

/** Where a file may lie: Estonia with a margin, in each CRS. */
const WGS84_BOX = { minX: 21, maxX: 28.5, minY: 57.3, maxY: 59.9 };
const LEST97_BOX = { minX: 300_000, maxX: 800_000, minY: 6_300_000, maxY: 6_700_000 };

export type Crs = typeof WGS84 | typeof LEST97;
export type Ring = [number, number][];

export interface BoundaryProblem {
  /** 1-based feature number, or null for the file as a whole. */
  feature: number | null;
  /** Message key (territory.boundaries.error.*). */
  reason: string;
  vars?: Record<string, string | number>;
}

export interface ParsedBoundary {
  code: string;
  name: string;
  /** Polygons (outer ring, then holes) in L-EST97 metres, simplified. */
  polygons: Ring[][];
  points: number;
}

export interface ParsedBoundaries {
  crs: Crs | null;
  boundaries: ParsedBoundary[];
  problems: BoundaryProblem[];
  /** Points before and after simplification. */
  pointsIn: number;
  pointsOut: number;
}

const CRS_NAMES: Record<string, Crs> = {
  'EPSG:4326': WGS84,
  'urn:ogc:def:crs:EPSG::4326': WGS84,
  'urn:ogc:def:crs:OGC:1.3:CRS84': WGS84,
  'urn:ogc:def:crs:OGC::CRS84': WGS84,
  'CRS84': WGS84,
  'EPSG:3301': LEST97,
  'urn:ogc:def:crs:EPSG::3301': LEST97,
};

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function crsOf(doc: Record<string, unknown>): Crs | null | 'unknown' {
  const c = doc.crs;
  if (c === undefined || c === null) return null;
  const name = isObj(c) && isObj(c.properties) && typeof c.properties.name === 'string' ? c.properties.name.trim() : '';
  return CRS_NAMES[name] ?? CRS_NAMES[name.toUpperCase()] ?? 'unknown';
}

function codeOf(props: Record<string, unknown>): string | null {
  for (const k of CODE_PROPERTIES) {
    const v = props[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  }
  return null;
}

/** A ring's positions as numbers, or the reason it is not one. */
function readRing(r: unknown): Ring | 'ring' | 'ringOpen' {
  if (!Array.isArray(r) || r.length < 4) return 'ring';
  const out: Ring = [];
  for (const p of r) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return 'ring';
    out.push([p[0], p[1]]);
  }
  const a = out[0]!;
  const b = out[out.length - 1]!;
  if (a[0] !== b[0] || a[1] !== b[1]) return 'ringOpen';
  return out;
}

/** Perpendicular distance of p from the segment a–b. */
function segDist(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return Math.sqrt(x * x + y * y);
}

/** Douglas–Peucker on a closed ring (iterative), rounded to whole metres; at least 4 positions kept. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const n = ring.length;
  if (n <= 4 || tolerance <= 0) return ring.map(([x, y]) => [Math.round(x), Math.round(y)]);
  // Split the closed ring at the point farthest from the first, so both halves are open lines.
  let far = 1;
  let best = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = Math.hypot(ring[i]![0] - ring[0]![0], ring[i]![1] - ring[0]![1]);
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = keep[far] = keep[n - 1] = 1;
  const stack: [number, number][] = [
    [0, far],
    [far, n - 1],
  ];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let idx = -1;
    let max = tolerance;
    for (let i = s + 1; i < e; i++) {
      const d = segDist(ring[i]!, ring[s]!, ring[e]!);
      if (d > max) {
        max = d;
        idx = i;
      }
    }
    if (idx > 0) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  const out: Ring = [];
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const p: [number, number] = [Math.round(ring[i]![0]), Math.round(ring[i]![1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length < 4) return ring.map(([x, y]) => [Math.round(x), Math.round(y)]);
  return out;
}

function inBox(rings: Ring[], box: typeof WGS84_BOX): boolean {
  return rings.every((r) => r.every(([x, y]) => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY));
}

/**
 * Reads a GeoJSON text against the KOV's settlement units (code → name). Returns the boundaries in
 * L-EST97, or the problems (then nothing should be stored).
 */
export function parseBoundaries(text: string, units: ReadonlyMap<string, string>, opts: { tolerance?: number } = {}): ParsedBoundaries {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE_M;
  const problems: BoundaryProblem[] = [];
  const fail = (reason: string, vars?: BoundaryProblem['vars']): ParsedBoundaries => ({ crs: null, boundaries: [], problems: [{ feature: null, reason, vars }], pointsIn: 0, pointsOut: 0 });
  if (Buffer.byteLength(text) > MAX_BOUNDARY_BYTES) return fail('territory.boundaries.error.tooLarge', { mb: MAX_BOUNDARY_BYTES / 1024 / 1024 });
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail('territory.boundaries.error.notJson');
  }
  if (!isObj(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) return fail('territory.boundaries.error.notCollection');
  const declared = crsOf(doc);
  if (declared === 'unknown') return fail('territory.boundaries.error.crsUnknown');
  if (!doc.features.length) return fail('territory.boundaries.error.empty');

  // First pass: shapes and codes in the file's own coordinates.
  const read: { n: number; code: string; polygons: Ring[][] }[] = [];
  const seen = new Map<string, number>();
  doc.features.forEach((f: unknown, i: number) => {
    const n = i + 1;
    if (!isObj(f) || f.type !== 'Feature') {
      problems.push({ feature: n, reason: 'territory.boundaries.error.notFeature', vars: { n } });
      return;
    }
    const props = isObj(f.properties) ? f.properties : {};
    const code = codeOf(props);
    if (!code) problems.push({ feature: n, reason: 'territory.boundaries.error.codeMissing', vars: { n, names: CODE_PROPERTIES.slice(0, 3).join(', ') } });
    else if (!/^[0-9]{4}$/.test(code) || !units.has(code)) problems.push({ feature: n, reason: 'territory.boundaries.error.codeUnknown', vars: { n, code: code.slice(0, 20) } });
    else if (seen.has(code)) problems.push({ feature: n, reason: 'territory.boundaries.error.codeDuplicate', vars: { n, code, first: seen.get(code)! } });
    else seen.set(code, n);
    const g = f.geometry;
    const type = isObj(g) && typeof g.type === 'string' ? g.type : 'null';
    if (!isObj(g) || (type !== 'Polygon' && type !== 'MultiPolygon')) {
      problems.push({ feature: n, reason: 'territory.boundaries.error.geometryType', vars: { n, type: type.slice(0, 30) } });
      return;
    }
    const raw = type === 'Polygon' ? [g.coordinates] : g.coordinates;
    if (!Array.isArray(raw) || !raw.length) {
      problems.push({ feature: n, reason: 'territory.boundaries.error.ring', vars: { n } });
      return;
    }
    const polygons: Ring[][] = [];
    for (const poly of raw) {
      if (!Array.isArray(poly) || !poly.length) {
        problems.push({ feature: n, reason: 'territory.boundaries.error.ring', vars: { n } });
        return;
      }
      const rings: Ring[] = [];
      for (const r of poly) {
        const ring = readRing(r);
        if (typeof ring === 'string') {
          problems.push({ feature: n, reason: `territory.boundaries.error.${ring}`, vars: { n } });
          return;
        }
        rings.push(ring);
      }
      polygons.push(rings);
    }
    if (code && seen.get(code) === n) read.push({ n, code, polygons });
  });

  // The CRS: declared, or told from where all coordinates lie.
  let crs: Crs | null = declared;
  const allRings = read.flatMap((r) => r.polygons.flat());
  if (!crs && allRings.length) {
    if (inBox(allRings, WGS84_BOX)) crs = WGS84;
    else if (inBox(allRings, LEST97_BOX)) crs = LEST97;
    else problems.push({ feature: null, reason: 'territory.boundaries.error.crsGuess' });
  }
  if (crs) {
    for (const r of read) {
      if (!inBox(r.polygons.flat(), crs === WGS84 ? WGS84_BOX : LEST97_BOX)) {
        problems.push({ feature: r.n, reason: 'territory.boundaries.error.outside', vars: { n: r.n, crs } });
      }
    }
  }
  if (problems.length) return { crs, boundaries: [], problems: problems.sort((a, b) => (a.feature ?? 0) - (b.feature ?? 0)), pointsIn: 0, pointsOut: 0 };

  let pointsIn = 0;
  let pointsOut = 0;
  const boundaries = read.map((r): ParsedBoundary => {
    const polygons = r.polygons.map((p) =>
      p.map((ring) => {
        pointsIn += ring.length;
        const planar: Ring = crs === WGS84 ? ring.map((pt) => toLest.forward(pt) as [number, number]) : ring;
        const s = simplifyRing(planar, tolerance);
        pointsOut += s.length;
        return s;
      }),
    );
    return { code: r.code, name: units.get(r.code)!, polygons, points: polygons.flat().reduce((s, x) => s + x.length, 0) };
  });
  return { crs, boundaries, problems: [], pointsIn, pointsOut };
}
