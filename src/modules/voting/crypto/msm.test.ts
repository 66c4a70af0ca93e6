// msm.ts: the addon's Pippenger and row combinations against libsodium one multiplication at a time,
// and hashToPoint against libsodium.js's crypto_core_ristretto255_from_hash.
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { L, mulBase, pointAdd, pointNegate, ready, scalarFromBigInt, scalarFromInt, scalarRandom, toHex } from './group.js';
import { combineRows, hashToPoint, msm, msmBackend, putBig, toBig } from './msm.js';
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
