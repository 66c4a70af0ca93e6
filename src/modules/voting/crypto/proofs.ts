// Partial decryption with a Chaum–Pedersen proof (VOTING.md "Board", partial decryption):
//   Dᵢ = sᵢ·ΣA; w random; t₁ = w·G; t₂ = w·ΣA;
//   c = H("vallamaja/cp/v1\n" ‖ voteId ‖ Yᵢ ‖ ΣA ‖ Dᵢ ‖ t₁ ‖ t₂); s = w + c·sᵢ mod L.
// voteId is UTF-8; the points are their 32 raw bytes; H is SHA-512 reduced mod L.
import {
  H,
  bytesEqual,
  concatBytes,
  isCanonicalScalar,
  isHex32,
  isValidPoint,
  mul,
  mulBase,
  pointSub,
  scalarAdd,
  scalarFromHex,
  scalarMul,
  scalarRandom,
  scalarToHex,
  utf8,
  type Point,
  type Scalar,
} from './group.js';

export const CP_DOMAIN = 'vallamaja/cp/v1\n';

export interface CpProof {
  c: Scalar;
  s: Scalar;
}

/** As on the board: `{ "c": hex, "s": hex }`. */
export interface CpProofJson {
  c: string;
  s: string;
}

/** The bytes hashed for the challenge (exposed so tests can pin the layout). */
export function cpChallengeInput(voteId: string, Yi: Point, A: Point, D: Point, t1: Point, t2: Point): Uint8Array {
  return concatBytes(utf8(CP_DOMAIN), utf8(voteId), Yi, A, D, t1, t2);
}

export function cpChallenge(voteId: string, Yi: Point, A: Point, D: Point, t1: Point, t2: Point): Scalar {
  return H(cpChallengeInput(voteId, Yi, A, D, t1, t2));
}

/**
 * Proves log_G Yᵢ = log_A D for D = share·A, Yᵢ = share·G. `w` is fresh unless given (tests).
 */
export function proveCp(voteId: string, share: Scalar, A: Point, w: Scalar = scalarRandom()): { D: Point; proof: CpProof } {
  const { D, c, s } = proveCpCommitted(voteId, share, mulBase(share), A, w);
  return { D, proof: { c, s } };
}

/** The same proof with its commitments t₁, t₂ kept: the mix's board (version 2) lists them, so a
 * verifier can check many proofs at once (docs/voting-board-v2.md). Yᵢ = share·G is given by the caller. */
export function proveCpCommitted(
  voteId: string,
  share: Scalar,
  Yi: Point,
  A: Point,
  w: Scalar = scalarRandom(),
): { D: Point; t1: Point; t2: Point; c: Scalar; s: Scalar } {
  const D = mul(share, A);
  const t1 = mulBase(w);
  const t2 = mul(w, A);
  const c = cpChallenge(voteId, Yi, A, D, t1, t2);
  const s = scalarAdd(w, scalarMul(c, share));
  return { D, t1, t2, c, s };
}

/** Member i's partial decryption of a ciphertext sum's A, with its proof. */
export function partialDecrypt(voteId: string, share: Scalar, A: Point): { D: Point; proof: CpProof } {
  return proveCp(voteId, share, A);
}

/**
 * Checks a proof: t₁ = s·G − c·Yᵢ, t₂ = s·A − c·D, and c = H(… t₁ ‖ t₂). Never throws: any
 * malformed input (wrong length, non-canonical scalar, invalid point) gives false.
 */
export function verifyCp(voteId: string, Yi: Point, A: Point, D: Point, proof: CpProof): boolean {
  try {
    if (!isCanonicalScalar(proof.c) || !isCanonicalScalar(proof.s)) return false;
    if (!isValidPoint(Yi) || !isValidPoint(A) || !isValidPoint(D)) return false;
    const t1 = pointSub(mulBase(proof.s), mul(proof.c, Yi));
    const t2 = pointSub(mul(proof.s, A), mul(proof.c, D));
    return bytesEqual(cpChallenge(voteId, Yi, A, D, t1, t2), proof.c);
  } catch {
    return false;
  }
}

export function proofToJson(p: CpProof): CpProofJson {
  return { c: scalarToHex(p.c), s: scalarToHex(p.s) };
}

/** Parses `{c, s}`; throws unless both are 64 lowercase hex digits of scalars below L. */
export function proofFromJson(j: unknown): CpProof {
  if (typeof j !== 'object' || j === null) throw new Error('a proof is an object {c, s}');
  const { c, s } = j as Record<string, unknown>;
  if (!isHex32(c) || !isHex32(s)) throw new Error('proof c and s must be 64 lowercase hex digits');
  return { c: scalarFromHex(c), s: scalarFromHex(s) };
}
