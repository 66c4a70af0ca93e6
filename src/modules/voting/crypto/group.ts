// The ristretto255 group and its scalars, as /work/shared/VOTING.md "Group and encodings" fixes them.
//
// Points are their 32-byte ristretto255 encodings; scalars are 32 bytes little-endian, reduced mod L.
// The identity point encodes as 32 zero bytes. libsodium refuses a zero scalar and an identity
// result in scalar multiplication, so every operation here handles those cases explicitly.
//
// Point operations run in the system's native libsodium when the native addon has loaded it
// (native.ts: the same C functions, about twice the speed), else they call libsodium's WebAssembly
// exports directly (through `sodium.libsodium`, which
// libsodium-wrappers exposes) with one scratch buffer allocated once: the same C functions as the
// wrappers, without a malloc/copy/free per call. Results are cross-checked against the wrappers in
// the tests.
import { createHash, randomFillSync } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { nativeRistretto, type NativeSodium } from './native.js';

export type Point = Uint8Array;
export type Scalar = Uint8Array;

export const POINT_BYTES = 32;
export const SCALAR_BYTES = 32;
/** The group order. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The raw Emscripten module inside libsodium-wrappers (not in its typings). */
export interface RawSodium {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _crypto_core_ristretto255_add(r: number, p: number, q: number): number;
  _crypto_core_ristretto255_sub(r: number, p: number, q: number): number;
  _crypto_core_ristretto255_is_valid_point(p: number): number;
  _crypto_scalarmult_ristretto255(q: number, n: number, p: number): number;
  _crypto_scalarmult_ristretto255_base(q: number, n: number): number;
  _crypto_core_ristretto255_scalar_reduce(r: number, s: number): void;
}

let raw: RawSodium | null = null;
/** The system's libsodium through the native addon, when it is there. */
let fast: NativeSodium | null = null;
let scratch = 0; // 3 × 32 bytes: out, in1, in2
let readyPromise: Promise<void> | null = null;

/** Loads libsodium (once). Every other function here needs it to have resolved. */
export function ready(): Promise<void> {
  readyPromise ??= sodium.ready.then(() => {
    const r = (sodium as unknown as { libsodium?: Partial<RawSodium> }).libsodium;
    const needed: (keyof RawSodium)[] = [
      '_malloc',
      '_free',
      '_crypto_core_ristretto255_add',
      '_crypto_core_ristretto255_sub',
      '_crypto_core_ristretto255_is_valid_point',
      '_crypto_scalarmult_ristretto255',
      '_crypto_scalarmult_ristretto255_base',
      '_crypto_core_ristretto255_scalar_reduce',
    ];
    if (!r || !r.HEAPU8 || needed.some((k) => typeof r[k] !== 'function')) {
      throw new Error('libsodium-wrappers-sumo does not expose its ristretto255 core (sodium.libsodium)');
    }
    raw = r as RawSodium;
    scratch = raw._malloc(3 * POINT_BYTES);
    const n = nativeRistretto();
    fast = n?.sodium.loaded ? n.sodium : null;
  });
  return readyPromise;
}

function lib(): RawSodium {
  if (!raw) throw new Error('voting crypto: await ready() first');
  return raw;
}

/** For the chunked summation in elgamal.ts: the raw module and a way to allocate in it. */
export function rawSodium(): RawSodium {
  return lib();
}

/** Which libsodium runs the point operations: 'native' (the system's, through the addon) or 'wasm'. */
export function pointBackend(): 'native' | 'wasm' {
  lib();
  return fast ? 'native' : 'wasm';
}

// ---------------------------------------------------------------- bytes, hex, hashes

const HEX64 = /^[0-9a-f]{64}$/;
const HEX_ANY = /^(?:[0-9a-f]{2})*$/;
const enc = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Lowercase hex of any bytes. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Strict decoding of lowercase hex of any even length. Throws on anything else. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX_ANY.test(hex)) throw new Error('not lowercase hex');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** True for a string of exactly 64 lowercase hex digits (a point, a scalar or a SHA-256 digest in JSON). */
export function isHex32(x: unknown): x is string {
  return typeof x === 'string' && HEX64.test(x);
}

/** Decodes 64 lowercase hex digits to 32 bytes. Throws on wrong length, upper case or other characters. */
export function fromHex32(hex: string): Uint8Array {
  if (!isHex32(hex)) throw new Error('expected 64 lowercase hex digits');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function sha256(x: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(x).digest());
}

/** `sha256hex(x)`: lowercase hex of SHA-256 of the bytes x. */
export function sha256hex(x: Uint8Array): string {
  return createHash('sha256').update(x).digest('hex');
}

/** `H(x)`: SHA-512 of the bytes x, reduced mod L (crypto_core_ristretto255_scalar_reduce). */
export function H(x: Uint8Array): Scalar {
  const digest = new Uint8Array(createHash('sha512').update(x).digest());
  return sodium.crypto_core_ristretto255_scalar_reduce(digest);
}

// ---------------------------------------------------------------- scalars

export function scalarToBigInt(s: Scalar): bigint {
  let v = 0n;
  for (let i = s.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(s[i]!);
  return v;
}

/** Any integer (negative too) reduced mod L, as a 32-byte little-endian scalar. */
export function scalarFromBigInt(v: bigint): Scalar {
  let x = v % L;
  if (x < 0n) x += L;
  const out = new Uint8Array(SCALAR_BYTES);
  for (let i = 0; i < SCALAR_BYTES; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** A small (safe) integer, possibly negative, as a scalar mod L. */
export function scalarFromInt(n: number): Scalar {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return scalarFromBigInt(BigInt(n));
}

/** True if s is 32 bytes and its little-endian value is below L (the only encoding a board may use). */
export function isCanonicalScalar(s: Uint8Array): boolean {
  return s.length === SCALAR_BYTES && scalarToBigInt(s) < L;
}

export function isZeroScalar(s: Scalar): boolean {
  for (const b of s) if (b !== 0) return false;
  return true;
}

function checkScalar(s: Scalar): void {
  if (!isCanonicalScalar(s)) throw new Error('scalar is not 32 bytes reduced mod L');
}

/**
 * A uniformly random non-zero scalar: 64 bytes from node:crypto reduced mod L (bias below 2⁻²⁵⁰).
 * (libsodium's own crypto_core_ristretto255_scalar_random draws its randomness through a JS
 * callback four bytes at a time and costs ≈ 0.3 ms; this costs a few µs.)
 */
export function scalarRandom(): Scalar {
  for (;;) {
    const wide = random64();
    const s = sodium.crypto_core_ristretto255_scalar_reduce(wide);
    wide.fill(0);
    if (!isZeroScalar(s)) return s;
  }
}

// Randomness is drawn from node:crypto a few kB at a time (one call per 64 scalars instead of one
// per scalar); every 64 bytes are handed out once and wiped once used.
const RANDOM_BLOCK = 64 * 64;
let randomBlock = new Uint8Array(0);
let randomAt = 0;
function random64(): Uint8Array {
  if (randomAt + 64 > randomBlock.length) {
    randomBlock = randomFillSync(new Uint8Array(RANDOM_BLOCK));
    randomAt = 0;
  }
  randomAt += 64;
  return randomBlock.subarray(randomAt - 64, randomAt);
}

/**
 * Draws a uniformly random scalar in 1 … L − 1 into libsodium's memory at `at` (32 bytes), for the
 * encryption's secret path: 64 random bytes from node:crypto are copied to `wide` (64 bytes of
 * libsodium's memory, wiped here) and reduced there; the random bytes in JS are wiped too. The
 * caller wipes `at` when done (elgamal.ts). The loop repeats only for r = 0 (probability 2⁻²⁵²),
 * tested with an OR over all bytes, not byte by byte.
 */
export function secretScalarAt(r: RawSodium, at: number, wide: number): void {
  for (;;) {
    const w = random64();
    r.HEAPU8.set(w, wide);
    sodium.memzero(w);
    r._crypto_core_ristretto255_scalar_reduce(at, wide);
    const heap = r.HEAPU8;
    sodium.memzero(heap.subarray(wide, wide + 64));
    let nz = 0;
    for (let i = 0; i < SCALAR_BYTES; i++) nz |= heap[at + i]!;
    if (nz !== 0) return;
  }
}

/**
 * Fills `out` (a multiple of 32 bytes) with uniformly random scalars in 1 … L − 1 for the
 * encryption's secret path (secretScalarAt, through a scratch of libsodium's memory that is wiped
 * afterwards). The caller wipes `out` (sodium.memzero) when done.
 */
export function secretScalarsInto(out: Uint8Array): void {
  if (out.length % SCALAR_BYTES !== 0) throw new Error('a multiple of 32 bytes is needed');
  const r = lib();
  const buf = r._malloc(96);
  try {
    for (let o = 0; o < out.length; o += SCALAR_BYTES) {
      secretScalarAt(r, buf, buf + 32);
      out.set(r.HEAPU8.subarray(buf, buf + SCALAR_BYTES), o);
    }
  } finally {
    sodium.memzero(r.HEAPU8.subarray(buf, buf + 96));
    r._free(buf);
  }
}

export function scalarAdd(a: Scalar, b: Scalar): Scalar {
  return sodium.crypto_core_ristretto255_scalar_add(a, b);
}

export function scalarSub(a: Scalar, b: Scalar): Scalar {
  return sodium.crypto_core_ristretto255_scalar_sub(a, b);
}

export function scalarMul(a: Scalar, b: Scalar): Scalar {
  return sodium.crypto_core_ristretto255_scalar_mul(a, b);
}

export function scalarNegate(a: Scalar): Scalar {
  return sodium.crypto_core_ristretto255_scalar_negate(a);
}

/** 1/a mod L. Throws for a = 0. */
export function scalarInvert(a: Scalar): Scalar {
  if (isZeroScalar(a)) throw new Error('cannot invert the zero scalar');
  return sodium.crypto_core_ristretto255_scalar_invert(a);
}

/** Decodes a scalar from JSON hex; throws unless 64 lowercase hex digits of a value below L. */
export function scalarFromHex(hex: string): Scalar {
  const s = fromHex32(hex);
  checkScalar(s);
  return s;
}

export function scalarToHex(s: Scalar): string {
  checkScalar(s);
  return toHex(s);
}

// ---------------------------------------------------------------- points

/** The identity element (encodes as 32 zero bytes). A fresh array each call. */
export function identity(): Point {
  return new Uint8Array(POINT_BYTES);
}

export function isIdentity(p: Point): boolean {
  if (p.length !== POINT_BYTES) return false;
  for (const b of p) if (b !== 0) return false;
  return true;
}

/**
 * True if p is a canonical ristretto255 encoding (crypto_core_ristretto255_is_valid_point).
 * The identity (32 zero bytes) is a valid encoding and is accepted.
 */
export function isValidPoint(p: Uint8Array): boolean {
  if (!(p instanceof Uint8Array) || p.length !== POINT_BYTES) return false;
  if (fast) return fast.isValidPoint(p) === 1;
  const r = lib();
  r.HEAPU8.set(p, scratch + 32);
  return r._crypto_core_ristretto255_is_valid_point(scratch + 32) === 1;
}

/** Decodes a point from JSON hex; throws unless it is 64 lowercase hex digits of a valid encoding. */
export function pointFromHex(hex: string): Point {
  const p = fromHex32(hex);
  if (!isValidPoint(p)) throw new Error('not a valid ristretto255 point');
  return p;
}

export function pointToHex(p: Point): string {
  if (p.length !== POINT_BYTES) throw new Error('a point is 32 bytes');
  return toHex(p);
}

function out(r: RawSodium): Point {
  return r.HEAPU8.slice(scratch, scratch + POINT_BYTES);
}

function binary(fn: 'add' | 'sub', p: Point, q: Point): Point {
  if (p.length !== POINT_BYTES || q.length !== POINT_BYTES) throw new Error('a point is 32 bytes');
  if (fast) {
    const o = new Uint8Array(POINT_BYTES);
    if ((fn === 'add' ? fast.add(o, p, q) : fast.sub(o, p, q)) !== 0) throw new Error('not a valid ristretto255 point');
    return o;
  }
  const r = lib();
  const heap = r.HEAPU8;
  heap.set(p, scratch + 32);
  heap.set(q, scratch + 64);
  const rc =
    fn === 'add'
      ? r._crypto_core_ristretto255_add(scratch, scratch + 32, scratch + 64)
      : r._crypto_core_ristretto255_sub(scratch, scratch + 32, scratch + 64);
  if (rc !== 0) throw new Error('not a valid ristretto255 point');
  return out(r);
}

/** p + q (either may be the identity). Throws on an invalid encoding. */
export function pointAdd(p: Point, q: Point): Point {
  return binary('add', p, q);
}

/** p − q (either may be the identity). Throws on an invalid encoding. */
export function pointSub(p: Point, q: Point): Point {
  return binary('sub', p, q);
}

/** −p. */
export function pointNegate(p: Point): Point {
  return binary('sub', identity(), p);
}

/** s·G. s = 0 gives the identity. */
export function mulBase(s: Scalar): Point {
  checkScalar(s);
  if (isZeroScalar(s)) return identity();
  if (fast) {
    const o = new Uint8Array(POINT_BYTES);
    if (fast.scalarmultBase(o, s) !== 0) throw new Error('scalar multiplication failed');
    return o;
  }
  const r = lib();
  r.HEAPU8.set(s, scratch + 32);
  // With a canonical non-zero scalar the result cannot be the identity (G has prime order L).
  if (r._crypto_scalarmult_ristretto255_base(scratch, scratch + 32) !== 0) throw new Error('scalar multiplication failed');
  return out(r);
}

/** s·P. s = 0 or P = identity give the identity. Throws on an invalid encoding of P. */
export function mul(s: Scalar, p: Point): Point {
  checkScalar(s);
  if (p.length !== POINT_BYTES) throw new Error('a point is 32 bytes');
  if (isZeroScalar(s) || isIdentity(p)) {
    if (!isValidPoint(p)) throw new Error('not a valid ristretto255 point');
    return identity();
  }
  if (fast) {
    const o = new Uint8Array(POINT_BYTES);
    if (fast.scalarmult(o, s, p) !== 0) throw new Error('not a valid ristretto255 point');
    return o;
  }
  const r = lib();
  const heap = r.HEAPU8;
  heap.set(s, scratch + 32);
  heap.set(p, scratch + 64);
  if (r._crypto_scalarmult_ristretto255(scratch, scratch + 32, scratch + 64) !== 0) {
    // −1 means: P did not decode, or the result is the identity. The group has prime order, so with
    // s ≠ 0 mod L and P ≠ identity the latter cannot happen; it is an invalid P.
    throw new Error('not a valid ristretto255 point');
  }
  return out(r);
}

/** n·G for a small non-negative integer n (0 gives the identity). */
export function mulBaseInt(n: number): Point {
  return mulBase(scalarFromInt(n));
}
