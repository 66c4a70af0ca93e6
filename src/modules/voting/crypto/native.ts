// The optional native addon (native/ristretto, a small C addon built by `npm ci` when a C compiler
// and Node's headers are present; see scripts/build-native.mjs). Two things:
// - sum(): the tally's sums with each point decoded once and kept in extended coordinates (RFC 9496
//   decode/encode), about six times the speed of libsodium's WebAssembly add per point;
// - sodium: the system's libsodium (Debian's libsodium23), when installed, for the point operations
//   of group.ts (encryption, proofs, verification) at native speed.
// Without it everything works the same on libsodium's WebAssembly, only slower; VALLAMAJA_NATIVE=off
// turns it off (the tests compare both).
import { createRequire } from 'node:module';

/** The system's libsodium (libsodium.so.23) as the addon opened it: out-parameter calls, libsodium's return codes. */
export interface NativeSodium {
  loaded: boolean;
  add(out: Uint8Array, p: Uint8Array, q: Uint8Array): number;
  sub(out: Uint8Array, p: Uint8Array, q: Uint8Array): number;
  scalarmult(out: Uint8Array, n: Uint8Array, p: Uint8Array): number;
  scalarmultBase(out: Uint8Array, n: Uint8Array): number;
  isValidPoint(p: Uint8Array): number;
  /** crypto_core_ristretto255_from_hash(out, h) for 64 bytes h (absent in builds before the mix). */
  fromHash?(out: Uint8Array, h: Uint8Array): number;
}

export interface NativeRistretto {
  /** Position-wise sums of count × width ciphertexts; throws naming the ballot on an invalid point. */
  sum(bytes: Uint8Array, width: number): Uint8Array;
  /**
   * The fixed-base table of a point (≈ 80 kB): (j + 1)·16^i·P for i < 64, j < 8. Throws on an
   * invalid encoding. Absent if the addon could not build its table of G.
   */
  fixedTable?(point: Uint8Array): Uint8Array;
  /**
   * Exponential ElGamal of n values m ∈ {0, 1} with the scalars r (n × 32 bytes, each in 1 … L − 1)
   * under the key Y whose table is given: n × (A ‖ B), A = r·G, B = m·G + r·Y. Constant time in r
   * and m (checked under valgrind: test/ct/ctgrind.test.ts). Throws if the table was built for
   * another key than Y, for m ∉ {0, 1} and for r ∉ [1, L). The caller wipes r and m afterwards; the
   * addon wipes its own copies (digits of r, points) and the stack its helpers used.
   */
  encrypt?(table: Uint8Array, Y: Uint8Array, r: Uint8Array, m: Uint8Array): Uint8Array;
  /**
   * Σ sᵢ·Pᵢ over n points (32n bytes) and n scalars (32n bytes, little-endian), by Pippenger's
   * method. Variable time: public values only. Throws naming the first point that does not decode.
   * Absent in builds before the mix (msm.ts then does the same with libsodium).
   */
  msm?(points: Uint8Array, scalars: Uint8Array): Uint8Array;
  /**
   * For n rows of w points (32·n·w bytes) and w scalars (reduced mod L): the n points Σₜ sₜ·P_{j,t}.
   * Variable time; a scalar above L/2 counts as a small negative one. Absent in builds before the mix.
   */
  rows?(points: Uint8Array, width: number, scalars: Uint8Array): Uint8Array;
  /**
   * For n rows: aⱼ·P + bⱼ·Q + Rⱼ (32n bytes), P and Q by their fixedTable()s (Q, b and R optional,
   * null when absent), a and b n × 32 bytes of scalars below L (secret: constant time in them), R
   * public points. Threaded. Throws naming the first R that does not decode. Absent in builds before
   * the tally's speed-up (msm.ts then uses libsodium).
   */
  comb?(tableP: Uint8Array, a: Uint8Array, tableQ: Uint8Array | null, b: Uint8Array | null, R: Uint8Array | null): Uint8Array;
  /**
   * Member x's decryption shares of n points A (A at aStride·j) with their Chaum–Pedersen proofs:
   * D ‖ t₁ ‖ t₂ ‖ s (each 32n bytes) with Dⱼ = x·Aⱼ, t₁ = w·G, t₂ = w·Aⱼ, c = H(prefix ‖ Aⱼ ‖ Dⱼ ‖ t₁
   * ‖ t₂), s = w + c·x; the nonces w drawn and wiped in C. Constant time in x and w. Needs the
   * system's libsodium (absent otherwise, and in older builds).
   */
  cpProve?(prefix: Uint8Array, x: Uint8Array, A: Uint8Array, aStride: number): Uint8Array;
  /** The challenges H(prefix ‖ Aⱼ ‖ Dⱼ ‖ t₁ⱼ ‖ t₂ⱼ) of n proofs (32n bytes; public values; threaded). */
  cpChallenges?(prefix: Uint8Array, A: Uint8Array, aStride: number, D: Uint8Array, t1: Uint8Array, t2: Uint8Array): Uint8Array;
  /**
   * from_hash(SHA-512(prefix ‖ i as 4 bytes big-endian)) for i = start … start + count − 1, as
   * 32·count bytes (the mix's generators; threaded). Needs the system's libsodium.
   */
  hashPoints?(prefix: Uint8Array, start: number, count: number): Uint8Array;
  /**
   * The batch sum of verifyDecryptions (mix.ts), computed in C on threads with its own random
   * weights: the identity when every proof and plaintext holds. prefix = CP_DOMAIN ‖ voteId; Yis and
   * lambdas 32 bytes per member; outputs n × 64; ballots n uint32 little-endian; shares, t1, t2, s
   * member after member. Throws naming an invalid point. Needs the system's libsodium.
   */
  cpBatch?(prefix: Uint8Array, Yis: Uint8Array, lambdas: Uint8Array, outputs: Uint8Array, ballots: Uint8Array, shares: Uint8Array, t1: Uint8Array, t2: Uint8Array, s: Uint8Array): Uint8Array;
  /** The addon's interface version (ADDON_INTERFACE in ristretto_sum.c). */
  interface: number;
  sodium: NativeSodium;
}

/** The interface this code needs; a build of another version is stale and not used. */
export const ADDON_INTERFACE = 3;

const ADDON = '../../../../native/ristretto/build/Release/ristretto_sum.node';
let loaded: NativeRistretto | null | undefined;
let loadError: string | null = null;

/** Why a loaded addon cannot be used (a build of another interface version), or null when it can. */
export function addonOutOfDate(mod: Partial<NativeRistretto>): string | null {
  if (typeof mod.sum === 'function' && typeof mod.sodium === 'object' && mod.interface === ADDON_INTERFACE) return null;
  return `the addon is out of date (interface ${String(mod.interface ?? 1)}, this code needs ${ADDON_INTERFACE}): run npm run build:native`;
}

/** The addon, or null if it is not built (or turned off with VALLAMAJA_NATIVE=off). */
export function nativeRistretto(): NativeRistretto | null {
  if (loaded !== undefined) return loaded;
  if (process.env.VALLAMAJA_NATIVE === 'off') {
    loadError = 'turned off by VALLAMAJA_NATIVE=off';
    return (loaded = null);
  }
  try {
    const mod = createRequire(import.meta.url)(ADDON) as Partial<NativeRistretto>;
    const stale = addonOutOfDate(mod);
    if (stale) throw new Error(stale);
    loaded = mod as NativeRistretto;
  } catch (e) {
    loadError = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    loaded = null;
  }
  return loaded;
}

/** Why the addon is not in use (null when it is). */
export function nativeUnavailableReason(): string | null {
  nativeRistretto();
  return loaded ? null : loadError;
}
