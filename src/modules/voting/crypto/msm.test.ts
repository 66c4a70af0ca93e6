// msm.ts: the addon's Pippenger, row combinations and fixed-base rows (comb) against libsodium one
// multiplication at a time, also split over the addon's threads; hashToPoint against libsodium.js's
// crypto_core_ristretto255_from_hash; the addon's decryption proofs (cpProve) checked by libsodium.
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { L, concatBytes, mul, mulBase, pointAdd, pointNegate, ready, scalarFromBigInt, scalarFromInt, scalarRandom, toHex, utf8 } from './group.js';
import { comb, combineRows, hashToPoint, msm, msmBackend, putBig, toBig } from './msm.js';
import { CP_DOMAIN, cpChallenge } from './proofs.js';
import { nativeRistretto } from './native.js';

await ready();
await sodium.ready;

function points(n: number): Uint8Array {
  const out = new Uint8Array(32 * n);
  for (let i = 0; i < n; i++) out.set(i % 17 === 5 ? new Uint8Array(32) : mulBase(scalarRandom()), 32 * i);
  return out;
}

function scalars(n: number, special = true): Uint8Array {
  const out = new Uint8Array(32 * n);
  const edge = [0n, 1n, 2n, L - 1n, L - 2n, (L - 1n) / 2n, (L + 1n) / 2n, 1n << 128n, (1n << 252n) - 1n, 7n];
  for (let i = 0; i < n; i++) out.set(special && i < edge.length ? scalarFromBigInt(edge[i]!) : scalarRandom(), 32 * i);
  return out;
}

describe('msm', () => {
  it.each([0, 1, 2, 3, 10, 40, 300])('Σ sᵢ·Pᵢ over %i points equals libsodium one by one', (n) => {
    const P = points(n);
    const S = scalars(n);
    expect(toHex(msm(P, S))).toBe(toHex(msm(P, S, { native: false })));
  });

  it.runIf(msmBackend() === 'native')('crosses the chunk size (131,072 points) with the same answer as two halves', () => {
    const n = 140_000;
    // a few distinct points repeated keep the set-up fast; Pippenger's work is the same
    const base = points(64);
    const P = new Uint8Array(32 * n);
    for (let i = 0; i < n; i++) P.set(base.subarray(32 * (i % 64), 32 * (i % 64) + 32), 32 * i);
    const S = scalars(n, false);
    const whole = msm(P, S);
    const half = 70_000 * 32;
    const parts = pointAdd(msm(P.subarray(0, half), S.subarray(0, half)), msm(P.subarray(half), S.subarray(half)));
    expect(toHex(whole)).toBe(toHex(parts));
    // and against the sum grouped by the 64 distinct points (Σ of their scalars), by libsodium
    const grouped = new Uint8Array(64 * 32);
    const sums = new Array<bigint>(64).fill(0n);
    for (let i = 0; i < n; i++) sums[i % 64] = (sums[i % 64]! + toBig(S, 32 * i)) % L;
    sums.forEach((v, i) => putBig(grouped, 32 * i, v));
    expect(toHex(whole)).toBe(toHex(msm(base, grouped, { native: false })));
  });

  it('refuses an invalid point and mismatched lengths', () => {
    const P = points(4);
    P[32 * 2 + 31]! |= 0x80;
    expect(() => msm(P, scalars(4))).toThrow();
    expect(() => msm(points(2), scalars(3))).toThrow(/as many/);
    const big = scalars(2);
    big.set(scalarFromBigInt(L - 1n), 0);
    big[31] = 0x20; // L − 1 + 2²⁵² ≥ L
    expect(() => msm(points(2), big)).toThrow();
    expect(() => msm(points(2), big, { native: false })).toThrow();
  });
});

describe('combineRows', () => {
  it('matches libsodium for small, negative and large coefficients', () => {
    const P = points(3 * 25);
    const cs = [scalarFromInt(3), scalarFromInt(-2), scalarRandom()];
    expect(toHex(combineRows(P, 3, cs))).toBe(toHex(combineRows(P, 3, cs, { native: false })));
    const one = combineRows(P.subarray(0, 64), 2, [scalarFromInt(1), scalarFromInt(-1)]);
    expect(toHex(one)).toBe(toHex(pointAdd(P.slice(0, 32), pointNegate(P.slice(32, 64)))));
  });
});

describe('hashToPoint', () => {
  it('is crypto_core_ristretto255_from_hash', () => {
    for (let i = 0; i < 20; i++) {
      const h = new Uint8Array(randomBytes(64));
      expect(toHex(hashToPoint(h))).toBe(toHex(sodium.crypto_core_ristretto255_from_hash(h)));
    }
  });

  it.runIf(process.env.VALLAMAJA_REQUIRE_NATIVE === '1')('uses the addon where it is required', () => {
    expect(msmBackend()).toBe('native');
    expect(typeof nativeRistretto()?.sodium.fromHash).toBe('function');
  });
});

describe('comb (fixed-base rows)', () => {
  it.each([1, 7, 700])('aⱼ·P + bⱼ·Q + Rⱼ over %i rows equals libsodium one by one', (n) => {
    const P = mulBase(scalarRandom());
    const Q = mulBase(scalarRandom());
    const a = scalars(n);
    const b = new Uint8Array(32 * n);
    for (let j = 0; j < n; j++) b.set(j % 5 === 0 ? scalarFromInt(j) : scalarRandom(), 32 * j);
    const R = points(n);
    const G = mulBase(scalarFromInt(1));
    expect(toHex(comb(P, a, Q, b, R))).toBe(toHex(comb(P, a, Q, b, R, { native: false })));
    expect(toHex(comb(G, a, null, null, R))).toBe(toHex(comb(G, a, null, null, R, { native: false })));
    expect(toHex(comb(G, a))).toBe(toHex(comb(G, a, null, null, null, { native: false })));
  });

  it('refuses an invalid R, a scalar not below L and mismatched lengths', () => {
    const G = mulBase(scalarFromInt(1));
    const R = points(600);
    R[32 * 590 + 31]! |= 0x80;
    expect(() => comb(G, scalars(600), null, null, R)).toThrow(/590|point/);
    const big = scalars(2);
    big[31] = 0xff;
    expect(() => comb(G, big)).toThrow();
    expect(() => comb(G, scalars(2), null, null, points(3))).toThrow(/one scalar/);
  });
});

describe('the addon in threads', () => {
  it.runIf(msmBackend() === 'native')('msm over 9,000 points and combineRows over 1,500 rows equal libsodium', () => {
    const P = points(9000);
    const S = scalars(9000);
    expect(toHex(msm(P, S))).toBe(toHex(msm(P, S, { native: false })));
    const cs = [scalarFromInt(5), scalarFromInt(-3)];
    const rows = P.subarray(0, 3000 * 32);
    expect(toHex(combineRows(rows, 2, cs))).toBe(toHex(combineRows(rows, 2, cs, { native: false })));
    const bad = rows.slice();
    bad[32 * 2900 + 31]! |= 0x80;
    expect(() => combineRows(bad, 2, cs)).toThrow(/invalid point 2900/);
  });
});

describe('cpProve and cpChallenges (decryption proofs in C)', () => {
  const n = nativeRistretto();
  it.runIf(Boolean(n?.cpProve && n.cpChallenges))('make the shares of x and proofs that hold, with the challenges of proofs.ts', () => {
    const x = scalarRandom();
    const Yi = mulBase(x);
    const voteId = 'cp-native';
    const prefix = concatBytes(utf8(CP_DOMAIN), utf8(voteId), Yi);
    const m = 40;
    const slots = new Uint8Array(m * 64); // A ‖ B, as the mixed ballots are laid out
    for (let j = 0; j < m; j++) slots.set(j === 3 ? new Uint8Array(32) : mulBase(scalarRandom()), 64 * j);
    const out = n!.cpProve!(prefix, x, slots, 64);
    const at = (part: number, j: number) => out.slice(32 * (part * m + j), 32 * (part * m + j + 1));
    const chal = n!.cpChallenges!(prefix, slots, 64, out.subarray(0, 32 * m), out.subarray(32 * m, 64 * m), out.subarray(64 * m, 96 * m));
    for (let j = 0; j < m; j++) {
      const A = slots.slice(64 * j, 64 * j + 32);
      const [D, t1, t2, s] = [at(0, j), at(1, j), at(2, j), at(3, j)];
      expect(toHex(D)).toBe(toHex(mul(x, A)));
      const c = cpChallenge(voteId, Yi, A, D, t1, t2);
      expect(toHex(chal.subarray(32 * j, 32 * j + 32))).toBe(toHex(c));
      expect(toHex(mulBase(s))).toBe(toHex(pointAdd(t1, mul(c, Yi))));
      expect(toHex(mul(s, A))).toBe(toHex(pointAdd(t2, mul(c, D))));
    }
    // fresh nonces every time
    expect(toHex(n!.cpProve!(prefix, x, slots.subarray(0, 64), 64).subarray(32, 64))).not.toBe(toHex(at(1, 0)));
    const bad = slots.slice();
    bad[64 * 7 + 31]! |= 0x80;
    expect(() => n!.cpProve!(prefix, x, bad, 64)).toThrow(/invalid point 7/);
    expect(() => n!.cpProve!(prefix, new Uint8Array(32), slots, 64)).toThrow(/x must/);
  });
});
