// A verifiable re-encryption mix for ballots of K slots (docs/voting-board-v2.md, board format 2).
//
// Each counted ballot is K exponential-ElGamal ciphertexts (A, B) = (r·G, m·G + r·Y), one per slot,
// m the idea number (0 = empty slot). The mix re-encrypts every slot with fresh randomness and
// permutes the ballots; a Terelius–Wikström proof of shuffle shows that the outputs are the inputs,
// re-encrypted and permuted, without saying how. The proof follows the pseudo-code of Haenni,
// Locher, Koenig and Dubuis, "Pseudo-code algorithms for verifiable re-encryption mix-nets"
// (FC 2017 workshops, Algorithms 4.4–4.6 GenShuffleProof / CheckShuffleProof), in additive notation,
// with their a/b swapped to this protocol's (A, B) = (r·G, m·G + r·Y), and widened to K slots as
// Verificatum and Belenios do: one permutation commitment and one commitment chain for the whole
// ballot, and one t₄ pair and one s₄ per slot (each slot has its own re-encryption randomness).
//
// Then every slot of every mixed ballot is decrypted by k committee members, each share with its
// Chaum–Pedersen proof (proofs.ts, the same proof and challenge as the homomorphic tally), and the
// decrypted m·G is decoded to the idea number by table lookup.
//
// Byte layouts are those of elgamal.ts: a list of N ballots is N × K × (A ‖ B), 64 bytes per slot.
//
// The verifier (verifyShuffle, verifyDecryptions, verifyMixSection) checks the many equations of the
// proofs with random linear combinations (the small-exponent batch test of Bellare, Garay and Rabin):
// one multi-scalar multiplication (msm.ts) instead of millions of single multiplications; a false
// equation survives with probability at most 2⁻¹²⁸ per check.
import { createHash, randomFillSync } from 'node:crypto';
import { lagrange, publicShare, verifyShare } from './feldman.js';
import {
  L,
  POINT_BYTES,
  SCALAR_BYTES,
  bytesEqual,
  concatBytes,
  fromHex,
  isIdentity,
  isValidPoint,
  mul,
  mulBase,
  mulBaseInt,
  pointAdd,
  pointSub,
  secretScalarsInto,
  scalarFromBigInt,
  scalarRandom,
  toHex,
  utf8,
  type Point,
  type Scalar,
} from './group.js';
import { comb, combineRows, hashToPoint, msm, putBig, toBig } from './msm.js';
import { CP_DOMAIN, cpChallenge, proveCpCommitted } from './proofs.js';
import { nativeRistretto } from './native.js';
import { shuffle } from './board.js';

export const MIX_FORMAT = 'vallamaja-mix/2';
export const GENERATOR_DOMAIN = 'vallamaja/mix/generator/v2\n';
export const STATEMENT_DOMAIN = 'vallamaja/mix/statement/v2\n';
export const U_DOMAIN = 'vallamaja/mix/u/v2\n';
export const CHALLENGE_DOMAIN = 'vallamaja/mix/c/v2\n';
export const SLOT_BYTES = 2 * POINT_BYTES;

export const BALLOT_V2_DOMAIN = 'vallamaja/ballot/v2\n';
export const BOARD_V2_DOMAIN = 'vallamaja/board/v2\n';

/** A format-2 ballot's tracker: sha256hex("vallamaja/ballot/v2\n" ‖ voteId ‖ "\n" ‖ A₀ ‖ B₀ ‖ … ‖ B_{K−1}). */
export function slotTracker(voteId: string, ballot: Uint8Array): string {
  if (ballot.length === 0 || ballot.length % SLOT_BYTES !== 0) throw new Error('a ballot is K × 64 bytes');
  return createHash('sha256').update(utf8(BALLOT_V2_DOMAIN)).update(utf8(voteId)).update(utf8('\n')).update(ballot).digest('hex');
}

/** `prev` of entry 1 on a format-2 board: sha256hex("vallamaja/board/v2\n" ‖ voteId). */
export function chainStartV2(voteId: string): string {
  return createHash('sha256').update(utf8(BOARD_V2_DOMAIN)).update(utf8(voteId)).digest('hex');
}

// ---------------------------------------------------------------- small helpers

function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

function ballotsIn(bytes: Uint8Array, K: number): number {
  if (!Number.isSafeInteger(K) || K < 1) throw new Error('a ballot has at least one slot');
  if (bytes.length % (K * SLOT_BYTES) !== 0) throw new Error(`a list of ballots is a multiple of ${K * SLOT_BYTES} bytes`);
  return bytes.length / (K * SLOT_BYTES);
}

/** Point `part` (0 = A, 1 = B) of slot k of every ballot: N × 32 bytes. */
export function column(ballots: Uint8Array, K: number, k: number, part: 0 | 1): Uint8Array {
  const N = ballots.length / (K * SLOT_BYTES);
  const out = new Uint8Array(N * POINT_BYTES);
  const src = Buffer.from(ballots.buffer, ballots.byteOffset, ballots.byteLength); // a view: copy() without a subarray per point
  for (let i = 0; i < N; i++) {
    const at = (i * K + k) * SLOT_BYTES + part * POINT_BYTES;
    src.copy(out, i * POINT_BYTES, at, at + POINT_BYTES);
  }
  return out;
}

function pointAt(bytes: Uint8Array, i: number): Point {
  return bytes.slice(i * POINT_BYTES, (i + 1) * POINT_BYTES);
}

/** 32n bytes of n random scalars below 2¹²⁸ (the batch test's weights; never zero in practice). */
function weights(n: number): Uint8Array {
  const out = new Uint8Array(n * SCALAR_BYTES);
  const r = randomFillSync(new Uint8Array(16 * n));
  for (let i = 0; i < n; i++) out.set(r.subarray(16 * i, 16 * i + 16), i * SCALAR_BYTES);
  return out;
}

function ones(n: number): Uint8Array {
  const out = new Uint8Array(n * SCALAR_BYTES);
  for (let i = 0; i < n; i++) out[i * SCALAR_BYTES] = 1;
  return out;
}

function isCanonicalAt(bytes: Uint8Array, i: number): boolean {
  // L = 2²⁵² + δ with δ < 2¹²⁵: a top byte below 0x10 means below 2²⁵² < L (the usual case, no BigInt)
  if (i * SCALAR_BYTES + SCALAR_BYTES > bytes.length) return false;
  if (bytes[i * SCALAR_BYTES + 31]! < 0x10) return true;
  return toBig(bytes, i * SCALAR_BYTES) < L;
}

const G = (): Point => mulBaseInt(1);

// ---------------------------------------------------------------- generators and challenges

/**
 * The independent generators of the permutation commitment: h (the chain's start, index 0) and
 * h₀ … h_{N−1} (indices 1 … N): hashToPoint(SHA-512(GENERATOR_DOMAIN ‖ voteId ‖ "\n" ‖ index as
 * 4 bytes big-endian)). Nobody knows a discrete logarithm between them (RFC 9496 §4.3.4 maps a
 * hash to the group; Elligator's output is uniform enough that such a relation is as hard to find
 * as any discrete logarithm).
 */
export function generators(voteId: string, N: number): { h: Point; hs: Uint8Array } {
  const prefix = concatBytes(utf8(GENERATOR_DOMAIN), utf8(voteId), utf8('\n'));
  const gen = (index: number): Point => hashToPoint(new Uint8Array(createHash('sha512').update(prefix).update(u32be(index)).digest()));
  const accel = nativeRistretto();
  if (accel?.hashPoints) return { h: gen(0), hs: accel.hashPoints(prefix, 1, N) }; // the same, in C on threads
  const hs = new Uint8Array(N * POINT_BYTES);
  for (let i = 0; i < N; i++) hs.set(gen(i + 1), i * POINT_BYTES);
  return { h: gen(0), hs };
}

/**
 * ρ = SHA-512(STATEMENT_DOMAIN ‖ voteId ‖ "\n" ‖ Y ‖ N (4 bytes BE) ‖ K (4 bytes BE) ‖ inputs ‖
 * outputs ‖ c₀ ‖ … ‖ c_{N−1}): everything the challenges depend on, hashed once.
 */
export function statementHash(voteId: string, Y: Point, K: number, inputs: Uint8Array, outputs: Uint8Array, commitments: Uint8Array): Uint8Array {
  const N = inputs.length / (K * SLOT_BYTES);
  return new Uint8Array(
    createHash('sha512')
      .update(utf8(STATEMENT_DOMAIN))
      .update(utf8(voteId))
      .update(utf8('\n'))
      .update(Y)
      .update(u32be(N))
      .update(u32be(K))
      .update(inputs)
      .update(outputs)
      .update(commitments)
      .digest(),
  );
}

/** uᵢ = H(U_DOMAIN ‖ ρ ‖ i (4 bytes BE)), i = 0 … N−1, as BigInts. */
export function shuffleChallenges(rho: Uint8Array, N: number): bigint[] {
  const prefix = concatBytes(utf8(U_DOMAIN), rho);
  const out = new Array<bigint>(N);
  for (let i = 0; i < N; i++) {
    const d = new Uint8Array(createHash('sha512').update(prefix).update(u32be(i)).digest());
    out[i] = (toBig(d, 0) | (toBig(d, 32) << 256n)) % L;
  }
  return out;
}

/** c = H(CHALLENGE_DOMAIN ‖ ρ ‖ ĉ₀ … ĉ_{N−1} ‖ t₁ ‖ t₂ ‖ t₃ ‖ t₄A₀ ‖ t₄B₀ ‖ … ‖ t̂₀ … t̂_{N−1}). */
function proofChallenge(rho: Uint8Array, p: Pick<ShuffleProof, 'chain' | 't1' | 't2' | 't3' | 't4' | 'tHat'>): bigint {
  const d = new Uint8Array(
    createHash('sha512')
      .update(utf8(CHALLENGE_DOMAIN))
      .update(rho)
      .update(p.chain)
      .update(p.t1)
      .update(p.t2)
      .update(p.t3)
      .update(p.t4)
      .update(p.tHat)
      .digest(),
  );
  return (toBig(d, 0) | (toBig(d, 32) << 256n)) % L;
}

// ---------------------------------------------------------------- the shuffle and its proof

/** The proof of shuffle (commitments t, responses s; the challenge c is recomputed, never stored). */
export interface ShuffleProof {
  /** permutation commitment c₀ … c_{N−1} (N × 32 bytes) */
  commitments: Uint8Array;
  /** commitment chain ĉ₀ … ĉ_{N−1} (N × 32 bytes) */
  chain: Uint8Array;
  t1: Point;
  t2: Point;
  t3: Point;
  /** per slot k: t₄A_k ‖ t₄B_k (K × 64 bytes) */
  t4: Uint8Array;
  /** t̂₀ … t̂_{N−1} (N × 32 bytes) */
  tHat: Uint8Array;
  s1: Scalar;
  s2: Scalar;
  s3: Scalar;
  /** s₄ per slot (K × 32 bytes) */
  s4: Uint8Array;
  /** ŝ₀ … ŝ_{N−1} */
  sHat: Uint8Array;
  /** s′₀ … s′_{N−1} */
  sPrime: Uint8Array;
}

export interface MixResult {
  outputs: Uint8Array;
  proof: ShuffleProof;
}

export interface MixProgress {
  (stage: string, done: number, total: number): void;
}

/**
 * Mixes N ballots of K slots under the election key Y: output i is input π(i) with every slot
 * re-encrypted (A + r′·G, B + r′·Y), π a uniformly random permutation; and proves it. The secrets
 * (π, r′, the commitments' randomness) are dropped on return; byte arrays holding them are wiped.
 */
export function mixBallots(voteId: string, Y: Point, K: number, inputs: Uint8Array, progress?: MixProgress): MixResult {
  const N = ballotsIn(inputs, K);
  if (N < 1) throw new Error('there is nothing to mix');
  const say = progress ?? (() => undefined);
  const pi = shuffle(Array.from({ length: N }, (_, i) => i));
  const piInv = new Array<number>(N);
  pi.forEach((j, i) => (piInv[j] = i));

  // re-encryption: output slot (i, k) = input slot (π(i), k) + (r′ᵢₖ·G, r′ᵢₖ·Y), column by column
  // (comb: constant time in r′, on the addon's threads)
  const rPrime = new Uint8Array(N * K * SCALAR_BYTES);
  secretScalarsInto(rPrime);
  const srcA = new Uint8Array(N * K * POINT_BYTES);
  const srcB = new Uint8Array(N * K * POINT_BYTES);
  const inBuf = Buffer.from(inputs.buffer, inputs.byteOffset, inputs.byteLength); // copy() without a subarray per point
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) {
      const src = (pi[i]! * K + k) * SLOT_BYTES;
      const at = (i * K + k) * POINT_BYTES;
      inBuf.copy(srcA, at, src, src + POINT_BYTES);
      inBuf.copy(srcB, at, src + POINT_BYTES, src + SLOT_BYTES);
    }
  }
  const g = G();
  const view = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const outA = view(comb(g, rPrime, null, null, srcA));
  const outB = view(comb(Y, rPrime, null, null, srcB));
  const outputs = new Uint8Array(N * K * SLOT_BYTES);
  for (let j = 0; j < N * K; j++) {
    outA.copy(outputs, j * SLOT_BYTES, j * POINT_BYTES, (j + 1) * POINT_BYTES);
    outB.copy(outputs, j * SLOT_BYTES + POINT_BYTES, j * POINT_BYTES, (j + 1) * POINT_BYTES);
  }
  srcA.fill(0);
  srcB.fill(0);
  say('re-encrypted', N, N);

  // permutation commitment: c_{π(i)} = r_{π(i)}·G + hᵢ
  const { h, hs } = generators(voteId, N);
  const r = new Uint8Array(N * SCALAR_BYTES);
  const hPerm = new Uint8Array(N * POINT_BYTES);
  for (let j = 0; j < N; j++) {
    r.set(scalarRandom(), j * SCALAR_BYTES);
    hPerm.set(hs.subarray(piInv[j]! * POINT_BYTES, (piInv[j]! + 1) * POINT_BYTES), j * POINT_BYTES);
  }
  const commitments = comb(g, r, null, null, hPerm);
  hPerm.fill(0);
  say('committed', N, N);

  const rho = statementHash(voteId, Y, K, inputs, outputs, commitments);
  const u = shuffleChallenges(rho, N);
  const uP = pi.map((j) => u[j]!); // u′ᵢ = u_{π(i)}

  // commitment chain: ĉ₋₁ = h, ĉᵢ = r̂ᵢ·G + u′ᵢ·ĉ_{i−1}. Unrolled, ĉᵢ = R̂ᵢ·G + Uᵢ·h with
  // Uᵢ = u′₀·…·u′ᵢ and R̂ᵢ = r̂ᵢ + u′ᵢ·R̂_{i−1} (R̂₋₁ = 0): each link is two fixed-base multiplications
  // independent of the others, so the links are computed in parallel. The R̂ᵢ are drawn uniformly
  // at random and r̂ᵢ = R̂ᵢ − u′ᵢ·R̂_{i−1} derived: a bijection of uniform vectors, so the r̂ᵢ are
  // uniform and independent exactly as when drawn directly, and the chain's bytes are those the
  // sequential formula gives for them.
  const RHat = new Uint8Array(N * SCALAR_BYTES);
  const U = new Uint8Array(N * SCALAR_BYTES);
  const RHatBig = new Array<bigint>(N);
  const UBig = new Array<bigint>(N);
  let uRun = 1n;
  for (let i = 0; i < N; i++) {
    const x = scalarRandom();
    RHat.set(x, i * SCALAR_BYTES);
    RHatBig[i] = toBig(x);
    x.fill(0);
    uRun = (uRun * uP[i]!) % L;
    UBig[i] = uRun;
    putBig(U, i * SCALAR_BYTES, uRun);
  }
  const chain = comb(g, RHat, h, U);
  U.fill(0); // the products of the u′ᵢ say π
  const rHat = new Array<bigint>(N);
  for (let i = 0; i < N; i++) rHat[i] = (((RHatBig[i]! - uP[i]! * (i === 0 ? 0n : RHatBig[i - 1]!)) % L) + L) % L;
  say('chain', N, N);

  // r̄ = Σ r_j, r̂ = Σ r̂ᵢ·vᵢ (v_{N−1} = 1, vᵢ = u′_{i+1}·v_{i+1}), r̃ = Σ r_j·u_j, r′_k = Σ r′ᵢₖ·u′ᵢ
  let rBar = 0n;
  let rTilde = 0n;
  for (let j = 0; j < N; j++) {
    const rj = toBig(r, j * SCALAR_BYTES);
    rBar += rj;
    rTilde = (rTilde + rj * u[j]!) % L;
  }
  let rHatSum = 0n;
  let v = 1n;
  for (let i = N - 1; i >= 0; i--) {
    rHatSum = (rHatSum + rHat[i]! * v) % L;
    v = (v * uP[i]!) % L;
  }
  const rPrimeK = new Array<bigint>(K).fill(0n);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) rPrimeK[k] = (rPrimeK[k]! + toBig(rPrime, (i * K + k) * SCALAR_BYTES) * uP[i]!) % L;
  }
  rPrime.fill(0);

  // commitments of the proof
  const w1 = scalarRandom();
  const w2 = scalarRandom();
  const w3 = scalarRandom();
  const w4 = Array.from({ length: K }, () => scalarRandom());
  const wHat = Array.from({ length: N }, () => scalarRandom());
  const wPrime = new Uint8Array(N * SCALAR_BYTES);
  for (let i = 0; i < N; i++) wPrime.set(scalarRandom(), i * SCALAR_BYTES);
  const t1 = mulBase(w1);
  const t2 = mulBase(w2);
  const t3 = pointAdd(mulBase(w3), msm(hs, wPrime));
  const t4 = new Uint8Array(K * SLOT_BYTES);
  for (let k = 0; k < K; k++) {
    t4.set(pointSub(msm(column(outputs, K, k, 0), wPrime), mulBase(w4[k]!)), k * SLOT_BYTES);
    t4.set(pointSub(msm(column(outputs, K, k, 1), wPrime), mul(w4[k]!, Y)), k * SLOT_BYTES + POINT_BYTES);
    say('t4', k + 1, K);
  }
  // t̂ᵢ = ŵᵢ·G + w′ᵢ·ĉ_{i−1} = (ŵᵢ + w′ᵢ·R̂_{i−1})·G + (w′ᵢ·U_{i−1})·h (R̂₋₁ = 0, U₋₁ = 1), in parallel
  const tA = new Uint8Array(N * SCALAR_BYTES);
  const tB = new Uint8Array(N * SCALAR_BYTES);
  for (let i = 0; i < N; i++) {
    const wp = toBig(wPrime, i * SCALAR_BYTES);
    putBig(tA, i * SCALAR_BYTES, toBig(wHat[i]!) + wp * (i === 0 ? 0n : RHatBig[i - 1]!));
    putBig(tB, i * SCALAR_BYTES, wp * (i === 0 ? 1n : UBig[i - 1]!));
  }
  const tHat = comb(g, tA, h, tB);
  tA.fill(0);
  tB.fill(0);
  RHat.fill(0);
  say('t-hat', N, N);

  const c = proofChallenge(rho, { chain, t1, t2, t3, t4, tHat });
  const resp = (w: Scalar, x: bigint): Scalar => scalarFromBigInt(toBig(w) + c * x);
  const s4 = new Uint8Array(K * SCALAR_BYTES);
  for (let k = 0; k < K; k++) s4.set(resp(w4[k]!, rPrimeK[k]!), k * SCALAR_BYTES);
  const sHat = new Uint8Array(N * SCALAR_BYTES);
  const sPrime = new Uint8Array(N * SCALAR_BYTES);
  for (let i = 0; i < N; i++) {
    sHat.set(resp(wHat[i]!, rHat[i]!), i * SCALAR_BYTES);
    putBig(sPrime, i * SCALAR_BYTES, toBig(wPrime, i * SCALAR_BYTES) + c * uP[i]!);
  }
  const proof: ShuffleProof = {
    commitments,
    chain,
    t1,
    t2,
    t3,
    t4,
    tHat,
    s1: resp(w1, rBar),
    s2: resp(w2, rHatSum),
    s3: resp(w3, rTilde),
    s4,
    sHat,
    sPrime,
  };
  // wipe what can be wiped (BigInts cannot; they are dropped with this frame)
  for (const s of [w1, w2, w3, ...w4, ...wHat, r]) s.fill(0);
  wPrime.fill(0);
  pi.fill(0);
  piInv.fill(0);
  say('proved', N, N);
  return { outputs, proof };
}

export interface CheckOutcome {
  ok: boolean;
  detail: string;
}

const pass = (detail: string): CheckOutcome => ({ ok: true, detail });
const fail = (detail: string): CheckOutcome => ({ ok: false, detail });

/**
 * Checks a proof of shuffle (Haenni et al. CheckShuffleProof, K slots): every equation, the t̂ chain
 * by a random linear combination. Never throws; says what failed.
 */
export function verifyShuffle(voteId: string, Y: Point, K: number, inputs: Uint8Array, outputs: Uint8Array, proof: ShuffleProof): CheckOutcome {
  try {
    const N = ballotsIn(inputs, K);
    if (N < 1) return fail('there are no counted ballots to mix');
    if (outputs.length !== inputs.length) return fail(`the mix has ${ballotsIn(outputs, K)} ballots for ${N} counted ballots`);
    const pts = [proof.commitments, proof.chain, proof.tHat];
    if (pts.some((p) => p.length !== N * POINT_BYTES)) return fail('the proof does not have one commitment, chain link and t̂ per ballot');
    if (proof.t4.length !== K * SLOT_BYTES || proof.s4.length !== K * SCALAR_BYTES) return fail('the proof does not have one t₄ and s₄ per slot');
    if (proof.sHat.length !== N * SCALAR_BYTES || proof.sPrime.length !== N * SCALAR_BYTES) return fail('the proof does not have one ŝ and s′ per ballot');
    for (const s of [proof.s1, proof.s2, proof.s3]) if (s.length !== SCALAR_BYTES || !isCanonicalAt(s, 0)) return fail('a response is not a scalar below L');
    for (let i = 0; i < N; i++) {
      if (!isCanonicalAt(proof.sHat, i) || !isCanonicalAt(proof.sPrime, i)) return fail(`response ${i} is not a scalar below L`);
    }
    for (let k = 0; k < K; k++) if (!isCanonicalAt(proof.s4, k)) return fail(`s₄ of slot ${k} is not a scalar below L`);
    for (const p of [Y, proof.t1, proof.t2, proof.t3]) if (!isValidPoint(p)) return fail('a point of the proof does not decode');

    const { h, hs } = generators(voteId, N);
    const rho = statementHash(voteId, Y, K, inputs, outputs, proof.commitments);
    const u = shuffleChallenges(rho, N);
    const c = proofChallenge(rho, proof);
    const cS = scalarFromBigInt(c);
    const uBytes = new Uint8Array(N * SCALAR_BYTES);
    let uProd = 1n;
    for (let i = 0; i < N; i++) {
      putBig(uBytes, i * SCALAR_BYTES, u[i]!);
      uProd = (uProd * u[i]!) % L;
    }
    const g = G();
    const eq = (a: Point, b: Point): boolean => bytesEqual(a, b);

    // t₁ = s₁·G − c·c̄, c̄ = Σ c_j − Σ hᵢ
    const all1 = ones(N);
    const cBar = pointSub(msm(proof.commitments, all1), msm(hs, all1));
    if (!eq(proof.t1, pointSub(mulBase(proof.s1), mul(cS, cBar)))) return fail('t₁ does not hold: the commitments are not to a permutation');
    // t₂ = s₂·G − c·ĉ, ĉ = ĉ_{N−1} − (Π uᵢ)·h
    const cHat = pointSub(pointAt(proof.chain, N - 1), mul(scalarFromBigInt(uProd), h));
    if (!eq(proof.t2, pointSub(mulBase(proof.s2), mul(cS, cHat)))) return fail('t₂ does not hold: the chain does not end in Π uᵢ');
    // t₃ = s₃·G + Σ s′ᵢ·hᵢ − c·Σ u_j·c_j
    const cTilde = msm(proof.commitments, uBytes);
    if (!eq(proof.t3, pointSub(pointAdd(mulBase(proof.s3), msm(hs, proof.sPrime)), mul(cS, cTilde)))) {
      return fail('t₃ does not hold: the committed permutation does not match the responses');
    }
    // t₄ per slot: A: −s₄·G + Σ s′ᵢ·A′ᵢ − c·Σ u_j·A_j; B: −s₄·Y + Σ s′ᵢ·B′ᵢ − c·Σ u_j·B_j
    for (let k = 0; k < K; k++) {
      const s4 = proof.s4.slice(k * SCALAR_BYTES, (k + 1) * SCALAR_BYTES);
      for (const part of [0, 1] as const) {
        const tilde = msm(column(inputs, K, k, part), uBytes);
        const out = msm(column(outputs, K, k, part), proof.sPrime);
        const key = part === 0 ? mulBase(s4) : mul(s4, Y);
        const expect = pointSub(pointSub(out, key), mul(cS, tilde));
        const at = k * SLOT_BYTES + part * POINT_BYTES;
        if (!eq(proof.t4.subarray(at, at + POINT_BYTES), expect)) {
          return fail(`t₄ of slot ${k + 1} (${part === 0 ? 'A' : 'B'}) does not hold: the outputs are not a re-encryption of the counted ballots`);
        }
      }
    }
    // t̂ᵢ = ŝᵢ·G + s′ᵢ·ĉ_{i−1} − c·ĉᵢ for all i, by a random combination with weights βᵢ:
    //   Σ βᵢ·(ŝᵢ·G + s′ᵢ·ĉ_{i−1} − c·ĉᵢ − t̂ᵢ) = identity
    const beta = weights(N);
    const points = new Uint8Array((2 * N + 2) * POINT_BYTES);
    const scal = new Uint8Array((2 * N + 2) * SCALAR_BYTES);
    let gCoef = 0n;
    for (let i = 0; i < N; i++) {
      const b = toBig(beta, i * SCALAR_BYTES);
      gCoef += b * toBig(proof.sHat, i * SCALAR_BYTES);
      // ĉᵢ appears as −c·βᵢ and, for i < N−1, as the predecessor of i+1 with β_{i+1}·s′_{i+1}
      let coef = -c * b;
      if (i + 1 < N) coef += toBig(beta, (i + 1) * SCALAR_BYTES) * toBig(proof.sPrime, (i + 1) * SCALAR_BYTES);
      points.set(proof.chain.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES), i * POINT_BYTES);
      putBig(scal, i * SCALAR_BYTES, coef);
      points.set(proof.tHat.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES), (N + i) * POINT_BYTES);
      putBig(scal, (N + i) * SCALAR_BYTES, -b);
    }
    points.set(g, 2 * N * POINT_BYTES);
    putBig(scal, 2 * N * SCALAR_BYTES, gCoef);
    points.set(h, (2 * N + 1) * POINT_BYTES);
    putBig(scal, (2 * N + 1) * SCALAR_BYTES, toBig(beta, 0) * toBig(proof.sPrime, 0));
    if (!isIdentity(msm(points, scal))) return fail('the chain t̂ does not hold: the commitment chain is not to the permuted challenges');
    return pass(`${N} ballots of ${K} slots: the outputs are the counted ballots, re-encrypted and permuted`);
  } catch (e) {
    return fail(`not checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------- decryption of the mixed ballots

/** Member i's partial decryption of every slot of every mixed ballot, with the proofs' commitments. */
export interface MixDecryption {
  member: number;
  /** Dᵢ = sᵢ·A per slot, N × K × 32 bytes in ballot then slot order */
  shares: Uint8Array;
  /** the proofs: t₁, t₂ (points) and s (scalar) per slot, each N × K × 32 bytes */
  t1: Uint8Array;
  t2: Uint8Array;
  s: Uint8Array;
}

/**
 * Member i decrypts her part of every slot: Dᵢ = sᵢ·A with the Chaum–Pedersen proof of proofs.ts
 * (challenge H("vallamaja/cp/v1\n" ‖ voteId ‖ Yᵢ ‖ A ‖ Dᵢ ‖ t₁ ‖ t₂)). The share is first checked
 * against the published commitments, as in the homomorphic tally (board.ts makeDecryption).
 */
export function decryptMixed(
  voteId: string,
  member: number,
  share: Scalar,
  commitments: readonly Point[],
  outputs: Uint8Array,
  K: number,
  progress?: MixProgress,
): MixDecryption {
  if (!verifyShare(member, share, commitments)) throw new Error(`the share of member ${member} does not match its public commitment`);
  const n = ballotsIn(outputs, K) * K;
  const Yi = publicShare(member, commitments);
  const shares = new Uint8Array(n * POINT_BYTES);
  const t1 = new Uint8Array(n * POINT_BYTES);
  const t2 = new Uint8Array(n * POINT_BYTES);
  const s = new Uint8Array(n * SCALAR_BYTES);
  const accel = nativeRistretto();
  if (accel?.cpProve) {
    // in C: the same proofs (proveCpCommitted), the nonces drawn and wiped there, constant time in
    // the share and the nonces; in chunks so progress can be shown
    const prefix = concatBytes(utf8(CP_DOMAIN), utf8(voteId), Yi);
    const CHUNK = 20_000;
    for (let from = 0; from < n; from += CHUNK) {
      const m = Math.min(CHUNK, n - from);
      const out = accel.cpProve(prefix, share, outputs.subarray(from * SLOT_BYTES, (from + m) * SLOT_BYTES), SLOT_BYTES);
      shares.set(out.subarray(0, m * POINT_BYTES), from * POINT_BYTES);
      t1.set(out.subarray(m * POINT_BYTES, 2 * m * POINT_BYTES), from * POINT_BYTES);
      t2.set(out.subarray(2 * m * POINT_BYTES, 3 * m * POINT_BYTES), from * POINT_BYTES);
      s.set(out.subarray(3 * m * POINT_BYTES, 4 * m * POINT_BYTES), from * SCALAR_BYTES);
      if (progress && from + m < n) progress(`decryption by member ${member}`, from + m, n);
    }
    return { member, shares, t1, t2, s };
  }
  for (let j = 0; j < n; j++) {
    const A = outputs.slice(j * SLOT_BYTES, j * SLOT_BYTES + POINT_BYTES);
    const p = proveCpCommitted(voteId, share, Yi, A);
    shares.set(p.D, j * POINT_BYTES);
    t1.set(p.t1, j * POINT_BYTES);
    t2.set(p.t2, j * POINT_BYTES);
    s.set(p.s, j * SCALAR_BYTES);
    if (progress && j % 20_000 === 19_999) progress(`decryption by member ${member}`, j + 1, n);
  }
  return { member, shares, t1, t2, s };
}

/** λᵢ·Δ as integers, with Δ the least common multiple of the denominators: Σ (Δλᵢ)·sᵢ = Δ·x. */
function scaledLagrange(S: readonly number[]): { delta: bigint; coef: bigint[] } {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const nums = S.map((i) => S.reduce((p, j) => (j === i ? p : p * BigInt(j)), 1n));
  const dens = S.map((i) => S.reduce((p, j) => (j === i ? p : p * BigInt(j - i)), 1n));
  let delta = 1n;
  for (const d of dens) {
    const a = d < 0n ? -d : d;
    delta = (delta * a) / gcd(delta, a);
  }
  return { delta, coef: S.map((_, t) => (nums[t]! * delta) / dens[t]!) };
}

function checkMembers(decryptions: readonly MixDecryption[], threshold: number, members: number): string | null {
  const S = decryptions.map((d) => d.member);
  if (S.some((m) => !Number.isSafeInteger(m) || m < 1 || m > members)) return `a member number is outside 1…${members}`;
  if (new Set(S).size !== S.length) return 'a member decrypted twice';
  if (S.length < threshold) return `${S.length} decryptions, ${threshold} are needed`;
  return null;
}

/**
 * The idea numbers of the mixed ballots from k or more members' decryptions: Δ·M = Δ·B − Σ (Δλᵢ)·Dᵢ
 * (small integers, so cheap) is looked up in a table of (Δ·m)·G for m = 0 … maxIdea. Throws naming
 * the ballot and slot whose plaintext is not such a number. Does not check the proofs
 * (verifyDecryptions does).
 */
export function decodeMixed(outputs: Uint8Array, K: number, decryptions: readonly MixDecryption[], maxIdea: number): Int32Array {
  const N = ballotsIn(outputs, K);
  const n = N * K;
  if (decryptions.length < 1) throw new Error('no decryptions');
  const S = decryptions.map((d) => d.member);
  const { delta, coef } = scaledLagrange(S);
  const w = 1 + S.length;
  const rows = new Uint8Array(n * w * POINT_BYTES);
  for (let j = 0; j < n; j++) {
    rows.set(outputs.subarray(j * SLOT_BYTES + POINT_BYTES, (j + 1) * SLOT_BYTES), j * w * POINT_BYTES);
    decryptions.forEach((d, t) => rows.set(d.shares.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES), (j * w + 1 + t) * POINT_BYTES));
  }
  const M = combineRows(rows, w, [scalarFromBigInt(delta), ...coef.map((x) => scalarFromBigInt(-x))]);
  const table = new Map<string, number>();
  const step = mul(scalarFromBigInt(delta), G());
  let P: Point = new Uint8Array(POINT_BYTES);
  for (let m = 0; m <= maxIdea; m++) {
    table.set(toHex(P), m);
    P = pointAdd(P, step);
  }
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const m = table.get(toHex(M.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES)));
    if (m === undefined) throw new Error(`ballot ${Math.floor(j / K) + 1}, slot ${(j % K) + 1} does not decrypt to an idea number 0…${maxIdea}`);
    out[j] = m;
  }
  return out;
}

/**
 * Checks the decryptions and the decoded ballots together: every member distinct, within 1…members,
 * at least `threshold` of them; every Chaum–Pedersen proof (s·G = t₁ + c·Yᵢ and s·A = t₂ + c·Dᵢ)
 * and, for every slot, B − Σ λᵢ·Dᵢ = m·G for the decoded m — all by one random linear combination.
 * Never throws.
 */
export function verifyDecryptions(
  voteId: string,
  key: { threshold: number; members: number; commitments: readonly Point[] },
  outputs: Uint8Array,
  K: number,
  decryptions: readonly MixDecryption[],
  ballots: Int32Array,
  maxIdea: number,
): CheckOutcome {
  try {
    const N = ballotsIn(outputs, K);
    const n = N * K;
    const bad = checkMembers(decryptions, key.threshold, key.members);
    if (bad) return fail(bad);
    if (ballots.length !== n) return fail(`the decoded ballots have ${ballots.length} slots, the mix has ${n}`);
    for (let j = 0; j < n; j++) {
      const m = ballots[j]!;
      if (!Number.isSafeInteger(m) || m < 0 || m > maxIdea) return fail(`ballot ${Math.floor(j / K) + 1}, slot ${(j % K) + 1}: ${m} is not an idea number 0…${maxIdea}`);
    }
    for (const d of decryptions) {
      if ([d.shares, d.t1, d.t2].some((x) => x.length !== n * POINT_BYTES) || d.s.length !== n * SCALAR_BYTES) {
        return fail(`member ${d.member} did not decrypt every slot of every mixed ballot`);
      }
      for (let j = 0; j < n; j++) if (!isCanonicalAt(d.s, j)) return fail(`member ${d.member}: response ${j} is not a scalar below L`);
    }
    const S = decryptions.map((d) => d.member);
    const lambda = S.map((i) => toBig(lagrange(i, S)));
    const Yis = S.map((i) => publicShare(i, key.commitments));
    const s = S.length;
    const accel = nativeRistretto();
    const ok = `${n} slots decrypted by members ${S.join(', ')}; every proof holds and every decoded number is the plaintext`;
    if (accel?.cpBatch) {
      // the same batch equation, weights and layout as below, computed in C on the addon's threads
      const cat = (pick: (d: MixDecryption) => Uint8Array): Uint8Array => concatBytes(...decryptions.map(pick));
      const lambdas = new Uint8Array(s * SCALAR_BYTES);
      lambda.forEach((x, m) => putBig(lambdas, m * SCALAR_BYTES, x));
      const sum = accel.cpBatch(
        concatBytes(utf8(CP_DOMAIN), utf8(voteId)),
        concatBytes(...Yis),
        lambdas,
        outputs,
        new Uint8Array(Uint32Array.from(ballots).buffer),
        cat((d) => d.shares),
        cat((d) => d.t1),
        cat((d) => d.t2),
        cat((d) => d.s),
      );
      if (isIdentity(sum)) return pass(ok);
      return fail(diagnoseDecryptions(voteId, outputs, K, decryptions, ballots, Yis, lambda));
    }
    // points: A_j, B_j (2n), then per member Dᵢⱼ, t₁ᵢⱼ, t₂ᵢⱼ (3sn), then G and the Yᵢ
    const total = 2 * n + 3 * s * n + 1 + s;
    const points = new Uint8Array(total * POINT_BYTES);
    const scal = new Uint8Array(total * SCALAR_BYTES);
    const rho1 = weights(s * n);
    const rho2 = weights(s * n);
    const tau = weights(n);
    const aCoef = new Array<bigint>(n).fill(0n);
    const yCoef = new Array<bigint>(s).fill(0n);
    let gCoef = 0n;
    for (let j = 0; j < n; j++) {
      const A = outputs.subarray(j * SLOT_BYTES, j * SLOT_BYTES + POINT_BYTES);
      points.set(A, j * POINT_BYTES);
      points.set(outputs.subarray(j * SLOT_BYTES + POINT_BYTES, (j + 1) * SLOT_BYTES), (n + j) * POINT_BYTES);
      const t = toBig(tau, j * SCALAR_BYTES);
      putBig(scal, (n + j) * SCALAR_BYTES, t); // B_j: τⱼ
      gCoef -= t * BigInt(ballots[j]!);
    }
    decryptions.forEach((d, m) => {
      // the challenges c = H(CP_DOMAIN ‖ voteId ‖ Yᵢ ‖ A ‖ Dᵢ ‖ t₁ ‖ t₂), in C on the addon's threads when it can
      const chal = accel?.cpChallenges ? accel.cpChallenges(concatBytes(utf8(CP_DOMAIN), utf8(voteId), Yis[m]!), outputs, SLOT_BYTES, d.shares, d.t1, d.t2) : null;
      for (let j = 0; j < n; j++) {
        const D = d.shares.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES);
        const t1 = d.t1.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES);
        const t2 = d.t2.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES);
        const c = chal ? toBig(chal, j * SCALAR_BYTES) : toBig(cpChallenge(voteId, Yis[m]!, outputs.slice(j * SLOT_BYTES, j * SLOT_BYTES + POINT_BYTES), D.slice(), t1.slice(), t2.slice()));
        const sj = toBig(d.s, j * SCALAR_BYTES);
        const r1 = toBig(rho1, (m * n + j) * SCALAR_BYTES);
        const r2 = toBig(rho2, (m * n + j) * SCALAR_BYTES);
        // ρ₁·(s·G − c·Yᵢ − t₁) + ρ₂·(s·A − c·Dᵢ − t₂) − τⱼ·λᵢ·Dᵢ
        gCoef += r1 * sj;
        yCoef[m] = yCoef[m]! - r1 * c;
        aCoef[j] = aCoef[j]! + r2 * sj;
        const base = 2 * n + 3 * (m * n + j);
        points.set(D, base * POINT_BYTES);
        putBig(scal, base * SCALAR_BYTES, -(r2 * c) - toBig(tau, j * SCALAR_BYTES) * lambda[m]!);
        points.set(t1, (base + 1) * POINT_BYTES);
        putBig(scal, (base + 1) * SCALAR_BYTES, -r1);
        points.set(t2, (base + 2) * POINT_BYTES);
        putBig(scal, (base + 2) * SCALAR_BYTES, -r2);
      }
    });
    for (let j = 0; j < n; j++) putBig(scal, j * SCALAR_BYTES, aCoef[j]! % L);
    const gAt = 2 * n + 3 * s * n;
    points.set(G(), gAt * POINT_BYTES);
    putBig(scal, gAt * SCALAR_BYTES, gCoef % L);
    Yis.forEach((Yi, m) => {
      points.set(Yi, (gAt + 1 + m) * POINT_BYTES);
      putBig(scal, (gAt + 1 + m) * SCALAR_BYTES, yCoef[m]! % L);
    });
    if (isIdentity(msm(points, scal))) return pass(ok);
    return fail(diagnoseDecryptions(voteId, outputs, K, decryptions, ballots, Yis, lambda));
  } catch (e) {
    return fail(`not checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** After a failed batch: finds the first slot whose proof or plaintext is wrong (one by one; slow, rare). */
function diagnoseDecryptions(
  voteId: string,
  outputs: Uint8Array,
  K: number,
  decryptions: readonly MixDecryption[],
  ballots: Int32Array,
  Yis: readonly Point[],
  lambda: readonly bigint[],
): string {
  const n = ballots.length;
  const where = (j: number): string => `ballot ${Math.floor(j / K) + 1}, slot ${(j % K) + 1}`;
  for (let j = 0; j < n; j++) {
    const A = outputs.slice(j * SLOT_BYTES, j * SLOT_BYTES + POINT_BYTES);
    let M: Point = outputs.slice(j * SLOT_BYTES + POINT_BYTES, (j + 1) * SLOT_BYTES);
    for (let m = 0; m < decryptions.length; m++) {
      const d = decryptions[m]!;
      const D = d.shares.slice(j * POINT_BYTES, (j + 1) * POINT_BYTES);
      const t1 = d.t1.slice(j * POINT_BYTES, (j + 1) * POINT_BYTES);
      const t2 = d.t2.slice(j * POINT_BYTES, (j + 1) * POINT_BYTES);
      const sj = d.s.slice(j * SCALAR_BYTES, (j + 1) * SCALAR_BYTES);
      const c = cpChallenge(voteId, Yis[m]!, A, D, t1, t2);
      const ok1 = bytesEqual(mulBase(sj), pointAdd(t1, mul(c, Yis[m]!)));
      const ok2 = bytesEqual(mul(sj, A), pointAdd(t2, mul(c, D)));
      if (!ok1 || !ok2) return `${where(j)}: the proof of member ${d.member} does not hold`;
      M = pointSub(M, mul(scalarFromBigInt(lambda[m]!), D));
    }
    if (!bytesEqual(M, mulBase(scalarFromBigInt(BigInt(ballots[j]!))))) return `${where(j)}: the decrypted value is not ${ballots[j]}`;
  }
  return 'the decryptions do not hold';
}

// ---------------------------------------------------------------- the board section (format 2)

export type Hex = string;

/** The `mix` section of a version-2 board (docs/voting-board-v2.md), as JSON. */
export interface MixSectionJson {
  format: typeof MIX_FORMAT;
  slots: number;
  ideas: number;
  outputs: [Hex, Hex][][];
  proof: {
    commitments: Hex[];
    chain: Hex[];
    t: { t1: Hex; t2: Hex; t3: Hex; t4: [Hex, Hex][]; tHat: Hex[] };
    s: { s1: Hex; s2: Hex; s3: Hex; s4: Hex[]; sHat: Hex[]; sPrime: Hex[] };
  };
  decryptions: { member: number; shares: Hex[][]; proofs: { t1: Hex; t2: Hex; s: Hex }[][] }[];
  ballots: number[][];
}

function hexList(bytes: Uint8Array, size = POINT_BYTES): Hex[] {
  const out: Hex[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(toHex(bytes.subarray(i, i + size)));
  return out;
}

function ballotsToJson(bytes: Uint8Array, K: number): [Hex, Hex][][] {
  const pts = hexList(bytes);
  const out: [Hex, Hex][][] = [];
  for (let i = 0; i < pts.length; i += 2 * K) {
    const row: [Hex, Hex][] = [];
    for (let k = 0; k < K; k++) row.push([pts[i + 2 * k]!, pts[i + 2 * k + 1]!]);
    out.push(row);
  }
  return out;
}

/** Builds the board's `mix` section from the mix, the decryptions and the decoded ballots. */
export function mixSectionToJson(K: number, ideas: number, mix: MixResult, decryptions: readonly MixDecryption[], ballots: Int32Array): MixSectionJson {
  const p = mix.proof;
  const perBallot = <T>(xs: T[]): T[][] => Array.from({ length: xs.length / K }, (_, i) => xs.slice(i * K, (i + 1) * K));
  const t4 = hexList(p.t4);
  return {
    format: MIX_FORMAT,
    slots: K,
    ideas,
    outputs: ballotsToJson(mix.outputs, K),
    proof: {
      commitments: hexList(p.commitments),
      chain: hexList(p.chain),
      t: { t1: toHex(p.t1), t2: toHex(p.t2), t3: toHex(p.t3), t4: Array.from({ length: K }, (_, k) => [t4[2 * k]!, t4[2 * k + 1]!] as [Hex, Hex]), tHat: hexList(p.tHat) },
      s: { s1: toHex(p.s1), s2: toHex(p.s2), s3: toHex(p.s3), s4: hexList(p.s4), sHat: hexList(p.sHat), sPrime: hexList(p.sPrime) },
    },
    decryptions: decryptions.map((d) => {
      const t1 = hexList(d.t1);
      const t2 = hexList(d.t2);
      const s = hexList(d.s);
      return {
        member: d.member,
        shares: perBallot(hexList(d.shares)),
        proofs: perBallot(t1.map((_, j) => ({ t1: t1[j]!, t2: t2[j]!, s: s[j]! }))),
      };
    }),
    ballots: perBallot(Array.from(ballots)),
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Strict parsing: exactly the listed fields, 64 lowercase hex digits everywhere, the right counts. */
function parseSection(j: unknown, N: number): { K: number; ideas: number; outputs: Uint8Array; proof: ShuffleProof; decryptions: MixDecryption[]; ballots: Int32Array } {
  const obj = (x: unknown, keys: string[], what: string): Record<string, unknown> => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error(`${what} is not an object`);
    const have = Object.keys(x).sort().join(',');
    if (have !== [...keys].sort().join(',')) throw new Error(`${what} must have exactly the fields ${keys.join(', ')}`);
    return x as Record<string, unknown>;
  };
  const arr = (x: unknown, len: number | null, what: string): unknown[] => {
    if (!Array.isArray(x) || (len !== null && x.length !== len)) throw new Error(`${what} must be a list${len === null ? '' : ` of ${len}`}`);
    return x;
  };
  const hex = (x: unknown, what: string): string => {
    if (typeof x !== 'string' || !HEX64.test(x)) throw new Error(`${what} is not 64 lowercase hex digits`);
    return x;
  };
  const bytesOf = (xs: unknown[], what: string): Uint8Array => fromHex(xs.map((x, i) => hex(x, `${what}[${i}]`)).join(''));
  const s = obj(j, ['format', 'slots', 'ideas', 'outputs', 'proof', 'decryptions', 'ballots'], 'the mix section');
  if (s.format !== MIX_FORMAT) throw new Error(`the mix section's format is not ${MIX_FORMAT}`);
  const K = s.slots;
  const ideas = s.ideas;
  if (typeof K !== 'number' || !Number.isSafeInteger(K) || K < 1 || K > 64) throw new Error('slots must be an integer 1…64');
  if (typeof ideas !== 'number' || !Number.isSafeInteger(ideas) || ideas < 1 || ideas > 100_000) throw new Error('ideas must be an integer 1…100000');
  const outRows = arr(s.outputs, null, 'outputs');
  const outputs = bytesOf(
    outRows.flatMap((row, i) => arr(row, K, `outputs[${i}]`).flatMap((ct, k) => arr(ct, 2, `outputs[${i}][${k}]`))),
    'outputs',
  );
  const p = obj(s.proof, ['commitments', 'chain', 't', 's'], 'proof');
  const t = obj(p.t, ['t1', 't2', 't3', 't4', 'tHat'], 'proof.t');
  const sc = obj(p.s, ['s1', 's2', 's3', 's4', 'sHat', 'sPrime'], 'proof.s');
  const proof: ShuffleProof = {
    commitments: bytesOf(arr(p.commitments, N, 'proof.commitments'), 'proof.commitments'),
    chain: bytesOf(arr(p.chain, N, 'proof.chain'), 'proof.chain'),
    t1: fromHex(hex(t.t1, 't1')),
    t2: fromHex(hex(t.t2, 't2')),
    t3: fromHex(hex(t.t3, 't3')),
    t4: bytesOf(
      arr(t.t4, K, 'proof.t.t4').flatMap((x, k) => arr(x, 2, `proof.t.t4[${k}]`)),
      'proof.t.t4',
    ),
    tHat: bytesOf(arr(t.tHat, N, 'proof.t.tHat'), 'proof.t.tHat'),
    s1: fromHex(hex(sc.s1, 's1')),
    s2: fromHex(hex(sc.s2, 's2')),
    s3: fromHex(hex(sc.s3, 's3')),
    s4: bytesOf(arr(sc.s4, K, 'proof.s.s4'), 'proof.s.s4'),
    sHat: bytesOf(arr(sc.sHat, N, 'proof.s.sHat'), 'proof.s.sHat'),
    sPrime: bytesOf(arr(sc.sPrime, N, 'proof.s.sPrime'), 'proof.s.sPrime'),
  };
  const outN = outputs.length / (K * SLOT_BYTES);
  const decryptions = arr(s.decryptions, null, 'decryptions').map((x, m) => {
    const d = obj(x, ['member', 'shares', 'proofs'], `decryptions[${m}]`);
    if (typeof d.member !== 'number' || !Number.isSafeInteger(d.member)) throw new Error(`decryptions[${m}].member is not an integer`);
    const shares = arr(d.shares, outN, `decryptions[${m}].shares`).flatMap((row, i) => arr(row, K, `decryptions[${m}].shares[${i}]`));
    const proofs = arr(d.proofs, outN, `decryptions[${m}].proofs`)
      .flatMap((row, i) => arr(row, K, `decryptions[${m}].proofs[${i}]`))
      .map((q, j) => obj(q, ['t1', 't2', 's'], `decryptions[${m}].proofs (slot ${j})`));
    return {
      member: d.member,
      shares: bytesOf(shares, `decryptions[${m}].shares`),
      t1: bytesOf(proofs.map((q) => q.t1), `decryptions[${m}] t1`),
      t2: bytesOf(proofs.map((q) => q.t2), `decryptions[${m}] t2`),
      s: bytesOf(proofs.map((q) => q.s), `decryptions[${m}] s`),
    };
  });
  const rows = arr(s.ballots, outN, 'ballots').flatMap((row, i) => arr(row, K, `ballots[${i}]`));
  const ballots = Int32Array.from(
    rows.map((m, j) => {
      if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 0 || m > ideas) throw new Error(`ballots: slot ${j} is not an idea number 0…${ideas}`);
      return m;
    }),
  );
  return { K, ideas, outputs, proof, decryptions, ballots };
}

export interface MixSectionContext {
  voteId: string;
  key: { Y: Point; threshold: number; members: number; commitments: readonly Point[] };
  /** the counted ballots' slots in board order: N × K × 64 bytes */
  inputs: Uint8Array;
  slots: number;
  /** the number of ideas I on the ballot (idea numbers 1…I, 0 = empty slot) */
  ideas: number;
}

export type MixCheckName = 'format' | 'shuffle' | 'decryptions';

export interface MixCheck {
  name: MixCheckName;
  ok: boolean;
  detail: string;
}

export interface MixReport {
  ok: boolean;
  checks: MixCheck[];
  /** the decoded ballots (idea numbers per slot), when every check passed */
  ballots?: number[][];
}

/**
 * Verifies a version-2 board's `mix` section against the counted ballots (pure; never throws):
 * `format` (strict shape, counts, hex), `shuffle` (the outputs are exactly the counted ballots,
 * re-encrypted and permuted), `decryptions` (k or more members, every proof, every decoded number).
 * A check that cannot run because an earlier one failed is reported as failed with "not checked".
 */
export function verifyMixSection(ctx: MixSectionContext, section: unknown): MixReport {
  const checks: MixCheck[] = [];
  const add = (name: MixCheckName, o: CheckOutcome): boolean => {
    checks.push({ name, ok: o.ok, detail: o.detail });
    return o.ok;
  };
  let parsed: ReturnType<typeof parseSection>;
  try {
    const N = ballotsIn(ctx.inputs, ctx.slots);
    parsed = parseSection(section, N);
    if (parsed.K !== ctx.slots) throw new Error(`the mix has ${parsed.K} slots, the ballots ${ctx.slots}`);
    if (parsed.ideas !== ctx.ideas) throw new Error(`the mix names ${parsed.ideas} ideas, the vote ${ctx.ideas}`);
    add('format', pass('the section has the fields and counts of format 2'));
  } catch (e) {
    add('format', fail(e instanceof Error ? e.message : String(e)));
    add('shuffle', fail('not checked: the section is unreadable'));
    add('decryptions', fail('not checked: the section is unreadable'));
    return { ok: false, checks };
  }
  const shuffled = add('shuffle', verifyShuffle(ctx.voteId, ctx.key.Y, ctx.slots, ctx.inputs, parsed.outputs, parsed.proof));
  if (!shuffled) {
    add('decryptions', fail('not checked: the mixed ballots are not the counted ones'));
    return { ok: false, checks };
  }
  const decrypted = add('decryptions', verifyDecryptions(ctx.voteId, ctx.key, parsed.outputs, ctx.slots, parsed.decryptions, parsed.ballots, ctx.ideas));
  if (!decrypted) return { ok: false, checks };
  const K = ctx.slots;
  const ballots = Array.from({ length: parsed.ballots.length / K }, (_, i) => Array.from(parsed.ballots.subarray(i * K, (i + 1) * K)));
  return { ok: true, checks, ballots };
}
