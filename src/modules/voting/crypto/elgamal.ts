// Exponential ElGamal over ristretto255 (VOTING.md "Ballots"): (A, B) = (r·G, m·G + r·Y).
//
// Byte layout of a ballot (the same order the tracker hashes): for every question q, then every
// option o, the 32-byte A then the 32-byte B. A "chunk" is several such ballots back to back; its
// sum (sumCiphertextBytes) is the unit of work a worker thread does in a large tally.
import {
  POINT_BYTES,
  identity,
  isValidPoint,
  mul,
  mulBase,
  mulBaseInt,
  pointAdd,
  pointSub,
  SCALAR_BYTES,
  rawSodium,
  scalarRandom,
  secretScalarAt,
  secretScalarsInto,
  toHex,
  type Point,
  type Scalar,
} from './group.js';
import sodium from 'libsodium-wrappers-sumo';
import { nativeRistretto, nativeUnavailableReason } from './native.js';

export interface Ciphertext {
  A: Point;
  B: Point;
}

/** A ballot's ciphertexts: [question][option]. */
export type BallotCiphertexts = Ciphertext[][];

/** Bytes of one ciphertext (A ‖ B). */
export const CIPHERTEXT_BYTES = 2 * POINT_BYTES;

let G: Point | null = null;
function base(): Point {
  G ??= mulBaseInt(1);
  return G;
}

/**
 * Encrypts a count m ≥ 0 (a public number: tests and tally checks encrypt known totals) under Y with
 * the scalar r (fresh unless given). NOT for ballots: its cost depends on m. A resident's choices go
 * through encryptBallotToBytes, whose paths take the same steps for 0 and 1.
 */
export function encryptCount(Y: Point, m: number, r: Scalar = scalarRandom()): Ciphertext {
  if (!Number.isSafeInteger(m) || m < 0) throw new Error(`cannot encrypt ${m}: a small non-negative integer is needed`);
  return { A: mulBase(r), B: pointAdd(mulBaseInt(m), mul(r, Y)) };
}

/**
 * Encrypts a ballot: choices[q][o] ∈ {0, 1}, one fresh r per ciphertext. The shape of `choices` is
 * the shape of the vote (every question, every option, in order).
 */
export function encryptBallot(Y: Point, choices: readonly (readonly number[])[], opts: EncryptOptions = {}): BallotCiphertexts {
  return ballotFromBytes(
    encryptBallotToBytes(Y, choices, opts),
    choices.map((row) => row.length),
  );
}

/** How a ballot is encrypted in this thread: the addon's fixed-base tables, or the JavaScript fallback. */
export type BallotEncryptionPath = 'addon' | 'fallback';

export function ballotEncryptionPath(): BallotEncryptionPath {
  return nativeRistretto()?.encrypt ? 'addon' : 'fallback';
}

export interface EncryptOptions {
  /**
   * 'refuse': without the addon's encryption, throw EncryptionRefusedError instead of using the
   * JavaScript fallback (VALLAMAJA_ENCRYPT_FALLBACK=refuse, production's default). Default 'allow'.
   */
  fallback?: 'allow' | 'refuse';
}

/** Thrown by encryptBallotToBytes when the fallback is refused and the addon cannot encrypt. */
export class EncryptionRefusedError extends Error {
  constructor() {
    super(`ballot encryption is refused: the native addon cannot encrypt (${nativeUnavailableReason() ?? 'its table of G could not be built'}) and VALLAMAJA_ENCRYPT_FALLBACK=refuse`);
    this.name = 'EncryptionRefusedError';
  }
}

/**
 * encryptBallot's answer as ballotToBytes lays it out (A₀₀ ‖ B₀₀ ‖ A₀₁ ‖ …). With the native addon
 * the multiplications by G and by Y use fixed-base tables (one per election key, kept per thread);
 * otherwise libsodium's own multiplications (encryptBitsFallback). Both take the same steps for a 0
 * and a 1, and both wipe the scalars r (and the 0/1 copy of the choices) after use.
 */
export function encryptBallotToBytes(Y: Point, choices: readonly (readonly number[])[], opts: EncryptOptions = {}): Uint8Array {
  const flat = choices.flat();
  const m = new Uint8Array(flat.length);
  try {
    for (let k = 0; k < flat.length; k++) {
      const v = flat[k]!;
      // one comparison that 0 and 1 both pass the same way (it refuses 2, −1, 0.5, NaN, '1' …)
      if (v !== (v & 1)) throw new Error(`a ballot holds 0 or 1 per option, not ${String(v)}`);
      m[k] = v & 1;
    }
    if (m.length === 0) return new Uint8Array(0);
    const accel = nativeRistretto();
    if (accel?.encrypt) return encryptBitsAddon(accel, Y, m);
    if (opts.fallback === 'refuse') throw new EncryptionRefusedError();
    return encryptBitsFallback(Y, m);
  } finally {
    sodium.memzero(m);
    flat.fill(0);
  }
}

/** The addon's path: fresh scalars (secretScalarsInto), the key's table, wiped afterwards. */
function encryptBitsAddon(accel: NonNullable<ReturnType<typeof nativeRistretto>>, Y: Point, m: Uint8Array): Uint8Array {
  const r = new Uint8Array(SCALAR_BYTES * m.length);
  try {
    secretScalarsInto(r);
    return accel.encrypt!(keyTable(accel, Y), Y, r, m);
  } finally {
    sodium.memzero(r); // the randomness would reveal the choices: do not leave it in memory
  }
}

// The fallback's scratch in libsodium's memory (bytes): the random bytes, r, Y, m·G, r·Y, A, B.
const F_WIDE = 0;
const F_R = 64;
const F_Y = 96;
const F_MG = 128;
const F_RY = 160;
const F_A = 192;
const F_B = 224;
const F_BYTES = 256;

/**
 * The JavaScript fallback (no addon, or its table failed): for every bit m, A = r·G and
 * B = r·Y + m·G with libsodium's constant-time scalar multiplications and addition. m·G is G's
 * encoding masked with −m (the identity encodes as 32 zero bytes), so a 0 and a 1 take the same
 * steps: the same libsodium calls on the same lengths, no branch on m and no index chosen by m
 * (test: elgamal.ct.test.ts). r is drawn, used and wiped inside libsodium's memory; the scratch is
 * wiped before it is freed.
 */
function encryptBitsFallback(Y: Point, m: Uint8Array): Uint8Array {
  const r = rawSodium();
  const g = base();
  const n = m.length;
  const out = new Uint8Array(n * CIPHERTEXT_BYTES);
  const buf = r._malloc(F_BYTES);
  let rc = 0;
  try {
    r.HEAPU8.set(Y, buf + F_Y);
    for (let k = 0; k < n; k++) {
      secretScalarAt(r, buf + F_R, buf + F_WIDE);
      rc |= r._crypto_scalarmult_ristretto255_base(buf + F_A, buf + F_R);
      rc |= r._crypto_scalarmult_ristretto255(buf + F_RY, buf + F_R, buf + F_Y);
      const heap = r.HEAPU8;
      const mask = -(m[k]! & 1) & 0xff;
      for (let i = 0; i < POINT_BYTES; i++) heap[buf + F_MG + i] = g[i]! & mask;
      rc |= r._crypto_core_ristretto255_add(buf + F_B, buf + F_RY, buf + F_MG);
      out.set(heap.subarray(buf + F_A, buf + F_A + POINT_BYTES), k * CIPHERTEXT_BYTES);
      out.set(heap.subarray(buf + F_B, buf + F_B + POINT_BYTES), k * CIPHERTEXT_BYTES + POINT_BYTES);
      sodium.memzero(heap.subarray(buf + F_R, buf + F_R + SCALAR_BYTES));
    }
  } finally {
    sodium.memzero(r.HEAPU8.subarray(buf, buf + F_BYTES));
    r._free(buf);
  }
  // libsodium answers −1 only for an invalid Y (or Y = identity): not a valid election key
  if (rc !== 0) throw new Error('not a valid ristretto255 point');
  return out;
}

/**
 * Encryptions of 0 with the given scalars (n × 32 bytes, each in 1 … L − 1): n × (r·G ‖ r·Y), the
 * re-encryption terms of the mix (mix.ts), which keeps r for its proof. The addon's constant-time
 * fixed-base tables when present, else libsodium's constant-time multiplications. The caller wipes r.
 */
export function encryptZerosWith(Y: Point, r: Uint8Array): Uint8Array {
  if (r.length === 0 || r.length % SCALAR_BYTES !== 0) throw new Error('r must be whole 32-byte scalars');
  const n = r.length / SCALAR_BYTES;
  const m = new Uint8Array(n);
  const accel = nativeRistretto();
  if (accel?.encrypt) return accel.encrypt(keyTable(accel, Y), Y, r, m);
  const out = new Uint8Array(n * CIPHERTEXT_BYTES);
  for (let k = 0; k < n; k++) {
    const rk = r.subarray(k * SCALAR_BYTES, (k + 1) * SCALAR_BYTES);
    out.set(mulBase(rk), k * CIPHERTEXT_BYTES);
    out.set(mul(rk, Y), k * CIPHERTEXT_BYTES + POINT_BYTES);
  }
  return out;
}

/** Fixed-base tables of the election keys this thread encrypts under (a few at a time). */
const keyTables = new Map<string, Uint8Array>();
const KEY_TABLES = 8;
function keyTable(accel: NonNullable<ReturnType<typeof nativeRistretto>>, Y: Point): Uint8Array {
  const k = toHex(Y);
  let t = keyTables.get(k);
  if (!t) {
    t = accel.fixedTable!(Y);
    if (keyTables.size >= KEY_TABLES) keyTables.delete(keyTables.keys().next().value!);
    keyTables.set(k, t);
  }
  return t;
}

/** Homomorphic addition: Enc(m1) + Enc(m2) = Enc(m1 + m2). */
export function addCiphertexts(c1: Ciphertext, c2: Ciphertext): Ciphertext {
  return { A: pointAdd(c1.A, c2.A), B: pointAdd(c1.B, c2.B) };
}

/** Σ of many ciphertexts (the identity pair for none). */
export function sumCiphertexts(cs: readonly Ciphertext[]): Ciphertext {
  const bytes = new Uint8Array(cs.length * CIPHERTEXT_BYTES);
  cs.forEach((c, i) => {
    bytes.set(c.A, i * CIPHERTEXT_BYTES);
    bytes.set(c.B, i * CIPHERTEXT_BYTES + POINT_BYTES);
  });
  const s = sumCiphertextBytes(bytes, 1);
  return { A: s.slice(0, POINT_BYTES), B: s.slice(POINT_BYTES) };
}

/** The ballot's bytes: A₀₀ ‖ B₀₀ ‖ A₀₁ ‖ B₀₁ ‖ … (question then option order). */
export function ballotToBytes(ballot: BallotCiphertexts): Uint8Array {
  const width = ballot.reduce((n, row) => n + row.length, 0);
  const out = new Uint8Array(width * CIPHERTEXT_BYTES);
  let o = 0;
  for (const row of ballot) {
    for (const c of row) {
      if (c.A.length !== POINT_BYTES || c.B.length !== POINT_BYTES) throw new Error('a point is 32 bytes');
      out.set(c.A, o);
      out.set(c.B, o + POINT_BYTES);
      o += CIPHERTEXT_BYTES;
    }
  }
  return out;
}

/** The inverse of ballotToBytes for a vote whose questions have shape[q] options. */
export function ballotFromBytes(bytes: Uint8Array, shape: readonly number[]): BallotCiphertexts {
  const width = shape.reduce((a, b) => a + b, 0);
  if (bytes.length !== width * CIPHERTEXT_BYTES) throw new Error(`a ballot of this vote is ${width * CIPHERTEXT_BYTES} bytes`);
  let o = 0;
  return shape.map((n) =>
    Array.from({ length: n }, () => {
      const c = { A: bytes.slice(o, o + POINT_BYTES), B: bytes.slice(o + POINT_BYTES, o + CIPHERTEXT_BYTES) };
      o += CIPHERTEXT_BYTES;
      return c;
    }),
  );
}

/** How many ballots sumCiphertextBytes copies into libsodium's memory at a time. */
const BLOCK_BALLOTS = 1024;

/**
 * Sums a chunk of ballots given as raw bytes: `bytes` is count × width ciphertexts, each A ‖ B
 * (ballotToBytes of every ballot, concatenated); the answer is width ciphertexts (width × 64 bytes),
 * the position-wise sums. Chunk answers combine by calling this again on their concatenation, so a
 * large tally splits its ballots over worker threads (each worker: `await ready()`, then this).
 * Throws, naming the ballot, on an invalid point. Uses the native addon (native.ts) when it is built,
 * libsodium otherwise; both answer the same bytes. Needs `ready()`.
 */
export function sumCiphertextBytes(bytes: Uint8Array, width: number): Uint8Array {
  if (!Number.isSafeInteger(width) || width < 1) throw new Error('width must be a positive integer');
  const stride = width * CIPHERTEXT_BYTES;
  if (bytes.length % stride !== 0) throw new Error(`chunk length ${bytes.length} is not a multiple of ${stride}`);
  const accel = nativeRistretto();
  return accel ? accel.sum(bytes, width) : sumCiphertextBytesSodium(bytes, width);
}

/**
 * sumCiphertextBytes with libsodium only (crypto_core_ristretto255_add: decode, add, encode per
 * addition): the path without the native addon, and the reference the addon is tested against.
 */
export function sumCiphertextBytesSodium(bytes: Uint8Array, width: number): Uint8Array {
  if (!Number.isSafeInteger(width) || width < 1) throw new Error('width must be a positive integer');
  const stride = width * CIPHERTEXT_BYTES;
  if (bytes.length % stride !== 0) throw new Error(`chunk length ${bytes.length} is not a multiple of ${stride}`);
  const count = bytes.length / stride;
  const r = rawSodium();
  const acc = r._malloc(stride);
  const buf = r._malloc(Math.max(1, Math.min(count, BLOCK_BALLOTS)) * stride);
  try {
    r.HEAPU8.fill(0, acc, acc + stride); // identity everywhere
    const points = 2 * width;
    for (let start = 0; start < count; start += BLOCK_BALLOTS) {
      const n = Math.min(BLOCK_BALLOTS, count - start);
      r.HEAPU8.set(bytes.subarray(start * stride, (start + n) * stride), buf);
      for (let b = 0; b < n; b++) {
        const at = buf + b * stride;
        for (let k = 0; k < points; k++) {
          const p = acc + k * POINT_BYTES;
          if (r._crypto_core_ristretto255_add(p, p, at + k * POINT_BYTES) !== 0) {
            throw new Error(`invalid point in ballot ${start + b} of the chunk (ciphertext ${k >> 1}, ${k & 1 ? 'B' : 'A'})`);
          }
        }
      }
    }
    return r.HEAPU8.slice(acc, acc + stride);
  } finally {
    r._free(buf);
    r._free(acc);
  }
}

/** Position-wise sums of many ballots of the same shape. */
export function sumBallots(ballots: readonly BallotCiphertexts[], shape: readonly number[]): BallotCiphertexts {
  const width = shape.reduce((a, b) => a + b, 0);
  const stride = width * CIPHERTEXT_BYTES;
  const bytes = new Uint8Array(ballots.length * stride);
  ballots.forEach((b, i) => {
    const one = ballotToBytes(b);
    if (one.length !== stride) throw new Error(`ballot ${i} does not have the vote's shape`);
    bytes.set(one, i * stride);
  });
  return ballotFromBytes(sumCiphertextBytes(bytes, width), shape);
}

// ---------------------------------------------------------------- decryption (tests, tally)

interface BabySteps {
  size: number;
  table: Map<string, number>;
  /** size·G */
  giant: Point;
}
let baby: BabySteps | null = null;

function babySteps(size: number): BabySteps {
  if (baby && baby.size >= size) return baby;
  const table = new Map<string, number>();
  const G1 = base();
  let P = identity();
  for (let j = 0; j < size; j++) {
    table.set(toHex(P), j);
    P = pointAdd(P, G1);
  }
  baby = { size, table, giant: P };
  return baby;
}

/**
 * The m in 0…max with m·G = M, or null if there is none: baby-step giant-step with a cached table
 * of ⌈√(max+1)⌉ baby steps (a count up to 1,000,000 needs at most ≈1,000 additions and 1,000
 * subtractions). Throws on an invalid point.
 */
export function discreteLog(M: Point, max: number): number | null {
  if (!Number.isSafeInteger(max) || max < 0) throw new Error('max must be a non-negative integer');
  if (!isValidPoint(M)) throw new Error('not a valid ristretto255 point');
  const { size, table, giant } = babySteps(Math.max(16, Math.ceil(Math.sqrt(max + 1))));
  let cur = M;
  for (let g = 0; g * size <= max; g++) {
    const j = table.get(toHex(cur));
    if (j !== undefined) {
      const m = g * size + j;
      return m <= max ? m : null;
    }
    cur = pointSub(cur, giant);
  }
  return null;
}

/** Decrypts with the whole secret x (tests only: the platform never holds x): m with m·G = B − x·A. */
export function decrypt(x: Scalar, c: Ciphertext, max: number): number | null {
  return discreteLog(pointSub(c.B, mul(x, c.A)), max);
}
