// Bulk group operations for the verifiable mix (mix.ts, docs/voting-board-v2.md):
// - msm: Σ sᵢ·Pᵢ over many points (multi-scalar multiplication);
// - combineRows: for many rows of a few points, the same linear combination of each row;
// - hashToPoint: a point from 64 hashed bytes (crypto_core_ristretto255_from_hash, RFC 9496 §4.3.4).
//
// With the native addon (native/ristretto) msm runs Pippenger's bucket method and combineRows a
// double-and-add, both in C over points decoded once; without it (or with a build from before the
// mix) the same results come from libsodium one multiplication at a time, which is slow but plain.
// Both paths are compared in msm.test.ts. msm and combineRows are VARIABLE TIME in the scalars on
// the addon's path: they are meant for public values (see docs/voting-board-v2.md "Side channels").
import sodium from 'libsodium-wrappers-sumo';
import {
  L,
  POINT_BYTES,
  SCALAR_BYTES,
  identity,
  mul,
  mulBase,
  mulBaseInt,
  pointAdd,
  scalarFromBigInt,
  type Point,
  type Scalar,
} from './group.js';
import { nativeRistretto } from './native.js';

/** Which path msm/combineRows take in this thread. */
export function msmBackend(): 'native' | 'libsodium' {
  const n = nativeRistretto();
  return n?.msm && n.rows ? 'native' : 'libsodium';
}

function scalarAt(scalars: Uint8Array, i: number): Scalar {
  return scalars.subarray(i * SCALAR_BYTES, (i + 1) * SCALAR_BYTES);
}

/**
 * Σ scalars[i]·points[i]: points are n × 32 bytes (ristretto255 encodings), scalars n × 32 bytes
 * (little-endian, each below L). Throws if a point does not decode or a scalar is not below L.
 */
export function msm(points: Uint8Array, scalars: Uint8Array, opts: { native?: boolean } = {}): Point {
  if (points.length % POINT_BYTES !== 0 || points.length !== scalars.length) {
    throw new Error('msm needs as many 32-byte scalars as 32-byte points');
  }
  if (points.length === 0) return identity();
  const n = nativeRistretto();
  if (n?.msm && opts.native !== false) return n.msm(points, scalars);
  let acc = identity();
  for (let i = 0; i < points.length / POINT_BYTES; i++) {
    acc = pointAdd(acc, mul(scalarAt(scalars, i).slice(), points.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES).slice()));
  }
  return acc;
}

/**
 * For n rows of `width` points (n·width·32 bytes, row after row) and `width` scalars: the n points
 * Σₜ scalars[t]·row[t], as n × 32 bytes. Small scalars and small negative ones (above L/2) are cheap
 * on the addon's path. Throws if a point does not decode.
 */
export function combineRows(points: Uint8Array, width: number, scalars: readonly Scalar[], opts: { native?: boolean } = {}): Uint8Array {
  if (!Number.isSafeInteger(width) || width < 1 || width > 64 || scalars.length !== width) throw new Error('combineRows needs 1 … 64 scalars, one per column');
  if (points.length % (width * POINT_BYTES) !== 0) throw new Error('combineRows needs whole rows of points');
  const n = nativeRistretto();
  const flat = new Uint8Array(width * SCALAR_BYTES);
  scalars.forEach((s, t) => flat.set(s, t * SCALAR_BYTES));
  if (points.length === 0) return new Uint8Array(0);
  if (n?.rows && opts.native !== false) return n.rows(points, width, flat);
  const rows = points.length / (width * POINT_BYTES);
  const out = new Uint8Array(rows * POINT_BYTES);
  for (let j = 0; j < rows; j++) {
    let acc = identity();
    for (let t = 0; t < width; t++) {
      const at = (j * width + t) * POINT_BYTES;
      acc = pointAdd(acc, mul(scalars[t]!, points.slice(at, at + POINT_BYTES)));
    }
    out.set(acc, j * POINT_BYTES);
  }
  return out;
}

/** Fixed-base tables of the points this thread combines with comb() (G, h, the election key). */
const tables = new Map<string, Uint8Array>();
function tableOf(fixedTable: (p: Uint8Array) => Uint8Array, P: Point): Uint8Array {
  const k = Buffer.from(P).toString('hex');
  let t = tables.get(k);
  if (!t) {
    t = fixedTable(P);
    if (tables.size >= 8) tables.delete(tables.keys().next().value!);
    tables.set(k, t);
  }
  return t;
}

/**
 * For n rows: aⱼ·P + bⱼ·Q + Rⱼ as n × 32 bytes (Q with b, and R, optional). a and b may be SECRET
 * (randomness, nonces): both paths are constant time in them (the addon's fixed-base table walks,
 * threaded; else libsodium's multiplications one at a time). R is public. Throws if R does not decode.
 */
export function comb(P: Point, a: Uint8Array, Q: Point | null = null, b: Uint8Array | null = null, R: Uint8Array | null = null, opts: { native?: boolean } = {}): Uint8Array {
  if (a.length % SCALAR_BYTES !== 0 || (b && b.length !== a.length) || (R && R.length !== a.length) || (Q === null) !== (b === null)) {
    throw new Error('comb needs one scalar a (and b with Q, and R) per row');
  }
  const n = nativeRistretto();
  if (n?.comb && n.fixedTable && opts.native !== false) return n.comb(tableOf(n.fixedTable, P), a, Q ? tableOf(n.fixedTable, Q) : null, b, R);
  const rows = a.length / SCALAR_BYTES;
  const out = new Uint8Array(rows * POINT_BYTES);
  const isG = Buffer.from(P).equals(mulBaseInt(1));
  for (let j = 0; j < rows; j++) {
    let acc = isG ? mulBase(scalarAt(a, j).slice()) : mul(scalarAt(a, j).slice(), P);
    if (Q && b) acc = pointAdd(acc, mul(scalarAt(b, j).slice(), Q));
    if (R) acc = pointAdd(acc, R.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES));
    out.set(acc, j * POINT_BYTES);
  }
  return out;
}

/** crypto_core_ristretto255_from_hash: the point of 64 uniformly random (hashed) bytes. */
export function hashToPoint(h64: Uint8Array): Point {
  if (h64.length !== 64) throw new Error('hashToPoint needs 64 bytes');
  const so = nativeRistretto()?.sodium;
  if (so?.loaded && so.fromHash) {
    const out = new Uint8Array(POINT_BYTES);
    if (so.fromHash(out, h64) !== 0) throw new Error('crypto_core_ristretto255_from_hash failed');
    return out;
  }
  return sodium.crypto_core_ristretto255_from_hash(h64);
}

// ---------------------------------------------------------------- scalars in bulk (BigInt)
//
// The verifier builds hundreds of thousands of coefficients (products of random weights and proof
// scalars). libsodium's scalar calls allocate per call; BigInt arithmetic mod L is simpler here.

/** A 32-byte little-endian scalar as a BigInt. */
export function toBig(s: Uint8Array, offset = 0): bigint {
  const v = new DataView(s.buffer, s.byteOffset + offset, 32);
  return v.getBigUint64(0, true) | (v.getBigUint64(8, true) << 64n) | (v.getBigUint64(16, true) << 128n) | (v.getBigUint64(24, true) << 192n);
}

const M64 = (1n << 64n) - 1n;

/** Writes x mod L as 32 bytes little-endian into out at offset. */
export function putBig(out: Uint8Array, offset: number, x: bigint): void {
  let v = x % L;
  if (v < 0n) v += L;
  const d = new DataView(out.buffer, out.byteOffset + offset, 32);
  d.setBigUint64(0, v & M64, true);
  d.setBigUint64(8, (v >> 64n) & M64, true);
  d.setBigUint64(16, (v >> 128n) & M64, true);
  d.setBigUint64(24, v >> 192n, true);
}

/** x mod L as a scalar. */
export function bigToScalar(x: bigint): Scalar {
  return scalarFromBigInt(x);
}
