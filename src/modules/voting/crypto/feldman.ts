// Feldman verifiable secret sharing of the election key (VOTING.md "Election key and committee").
//
// f(z) = a₀ + a₁z + … + a_{k−1}z^{k−1} over Z_L; x = a₀; Y = x·G; member i (1…n) gets sᵢ = f(i);
// published are Cⱼ = aⱼ·G, so Y = C₀ and Yᵢ = Σⱼ iʲ·Cⱼ = sᵢ·G.
import {
  bytesEqual,
  isCanonicalScalar,
  isValidPoint,
  mul,
  mulBase,
  pointAdd,
  pointSub,
  scalarAdd,
  scalarFromInt,
  scalarInvert,
  scalarMul,
  scalarRandom,
  type Point,
  type Scalar,
} from './group.js';

export interface Dealing {
  threshold: number;
  members: number;
  /** x = a₀ (only for tests: the platform forgets it at once). */
  secret: Scalar;
  /** Cⱼ = aⱼ·G, j = 0…k−1. */
  commitments: Point[];
  /** shares[i − 1] = sᵢ = f(i), i = 1…n. */
  shares: Scalar[];
  /** Y = C₀. */
  Y: Point;
}

function checkKN(k: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('members must be a positive integer');
  if (!Number.isSafeInteger(k) || k < 1 || k > n) throw new Error('threshold must be an integer 1…members');
}

/** Member numbers are positive safe integers (far below L, so distinct members differ mod L). */
function checkMember(i: number): void {
  if (!Number.isSafeInteger(i) || i < 1) throw new Error(`member number must be a positive integer, not ${i}`);
}

/** f(i) by Horner's rule. */
export function evalPolynomial(coefficients: readonly Scalar[], i: number): Scalar {
  const z = scalarFromInt(i);
  let acc = scalarFromInt(0);
  for (let j = coefficients.length - 1; j >= 0; j--) acc = scalarAdd(scalarMul(acc, z), coefficients[j]!);
  return acc;
}

/** Deals a fresh key: threshold k of n members. */
export function deal(k: number, n: number): Dealing {
  checkKN(k, n);
  const coefficients = Array.from({ length: k }, () => scalarRandom());
  const commitments = coefficients.map((a) => mulBase(a));
  const shares = Array.from({ length: n }, (_, idx) => evalPolynomial(coefficients, idx + 1));
  return { threshold: k, members: n, secret: coefficients[0]!, commitments, shares, Y: commitments[0]! };
}

/** Yᵢ = Σⱼ iʲ·Cⱼ (by Horner's rule: C₀ + i·(C₁ + i·(C₂ + …))). */
export function publicShare(i: number, commitments: readonly Point[]): Point {
  checkMember(i);
  if (commitments.length < 1) throw new Error('no commitments');
  for (const c of commitments) if (!isValidPoint(c)) throw new Error('not a valid ristretto255 point');
  const z = scalarFromInt(i);
  let acc = commitments[commitments.length - 1]!;
  for (let j = commitments.length - 2; j >= 0; j--) acc = pointAdd(mul(z, acc), commitments[j]!);
  return acc;
}

/** True if sᵢ·G = Yᵢ: the share member i brought back is the one dealt to her. Never throws. */
export function verifyShare(i: number, share: Scalar, commitments: readonly Point[]): boolean {
  try {
    if (!isCanonicalScalar(share)) return false;
    return bytesEqual(mulBase(share), publicShare(i, commitments));
  } catch {
    return false;
  }
}

function checkSet(S: readonly number[]): void {
  S.forEach(checkMember);
  if (new Set(S).size !== S.length) throw new Error('the set of members has duplicates');
}

/** λᵢ = Π_{j∈S, j≠i} j / (j − i) mod L. */
export function lagrange(i: number, S: readonly number[]): Scalar {
  checkSet(S);
  if (!S.includes(i)) throw new Error(`member ${i} is not in the set`);
  let num = scalarFromInt(1);
  let den = scalarFromInt(1);
  for (const j of S) {
    if (j === i) continue;
    num = scalarMul(num, scalarFromInt(j));
    den = scalarMul(den, scalarFromInt(j - i));
  }
  return scalarMul(num, scalarInvert(den));
}

/** Reconstructs f(0) from shares (tests only: the platform never reconstructs x). */
export function combineShares(shares: readonly { member: number; share: Scalar }[]): Scalar {
  const S = shares.map((s) => s.member);
  let acc = scalarFromInt(0);
  for (const { member, share } of shares) acc = scalarAdd(acc, scalarMul(lagrange(member, S), share));
  return acc;
}

/**
 * Combines partial decryptions Dᵢ = sᵢ·ΣA of one ciphertext sum: M = ΣB − Σ_{i∈S} λᵢ·Dᵢ.
 * With |S| ≥ k valid partials, M = m·G; with fewer, M is unrelated to m.
 */
export function combinePartials(sumB: Point, partials: readonly { member: number; D: Point }[]): Point {
  const S = partials.map((p) => p.member);
  let acc = sumB;
  for (const { member, D } of partials) acc = pointSub(acc, mul(lagrange(member, S), D));
  return acc;
}

/** Lagrange coefficients for every member of S (in S's order), to reuse over many ciphertexts. */
export function lagrangeAll(S: readonly number[]): Scalar[] {
  return S.map((i) => lagrange(i, S));
}

/** Exposed for callers that have λᵢ precomputed: M = ΣB − Σ λᵢ·Dᵢ. */
export function combineWithCoefficients(sumB: Point, lambdas: readonly Scalar[], Ds: readonly Point[]): Point {
  if (lambdas.length !== Ds.length) throw new Error('one coefficient per partial decryption');
  let acc = sumB;
  Ds.forEach((D, idx) => {
    acc = pointSub(acc, mul(lambdas[idx]!, D));
  });
  return acc;
}

