import { beforeAll, describe, expect, it } from 'vitest';
import { decrypt, discreteLog, encryptCount, sumCiphertexts } from './elgamal.js';
import { combinePartials, combineShares, deal, evalPolynomial, lagrange, publicShare, verifyShare } from './feldman.js';
import { L, bytesEqual, mul, mulBase, pointAdd, ready, scalarAdd, scalarFromInt, scalarRandom, scalarToBigInt, toHex } from './group.js';
import { rng } from './testkit.js';

beforeAll(async () => {
  await ready();
});

/** Lagrange coefficient at 0 computed independently with BigInt. */
function lagrangeBig(i: number, S: number[]): bigint {
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    let x = ((b % L) + L) % L;
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = (r * x) % L;
      x = (x * x) % L;
    }
    return r;
  };
  let num = 1n;
  let den = 1n;
  for (const j of S) {
    if (j === i) continue;
    num = (num * BigInt(j)) % L;
    den = (((den * BigInt(j - i)) % L) + L) % L;
  }
  return (num * pow(den, L - 2n)) % L;
}

describe('Feldman VSS', () => {
  it('deals Y = C₀ = x·G, shares sᵢ = f(i) with Yᵢ = Σⱼ iʲ·Cⱼ = sᵢ·G', () => {
    const d = deal(3, 5);
    expect(d.commitments).toHaveLength(3);
    expect(d.shares).toHaveLength(5);
    expect(toHex(d.Y)).toBe(toHex(d.commitments[0]!));
    expect(toHex(d.Y)).toBe(toHex(mulBase(d.secret)));
    d.shares.forEach((s, idx) => {
      const i = idx + 1;
      // Σⱼ iʲ·Cⱼ spelled out term by term.
      let sum = d.commitments[0]!;
      for (let j = 1; j < 3; j++) sum = pointAdd(sum, mul(scalarFromInt(i ** j), d.commitments[j]!));
      expect(toHex(publicShare(i, d.commitments))).toBe(toHex(sum));
      expect(toHex(mulBase(s))).toBe(toHex(sum));
      expect(verifyShare(i, s, d.commitments)).toBe(true);
    });
  });

  it('evaluates f by Horner (checked with BigInt)', () => {
    const coeffs = [scalarRandom(), scalarRandom(), scalarRandom(), scalarRandom()];
    for (const i of [1, 2, 9, 1000]) {
      const expected = coeffs.reduce((acc, a, j) => (acc + scalarToBigInt(a) * BigInt(i) ** BigInt(j)) % L, 0n);
      expect(scalarToBigInt(evalPolynomial(coeffs, i))).toBe(expected);
    }
  });

  it('refuses a wrong share against its public commitment', () => {
    const d = deal(2, 4);
    const s1 = d.shares[0]!;
    expect(verifyShare(1, s1, d.commitments)).toBe(true);
    expect(verifyShare(2, s1, d.commitments)).toBe(false); // another member's share
    expect(verifyShare(1, scalarAdd(s1, scalarFromInt(1)), d.commitments)).toBe(false);
    expect(verifyShare(1, s1, deal(2, 4).commitments)).toBe(false); // another key's commitments
    expect(verifyShare(1, new Uint8Array(31), d.commitments)).toBe(false);
    expect(verifyShare(1, new Uint8Array(32).fill(0xff), d.commitments)).toBe(false); // not below L
    expect(verifyShare(0, s1, d.commitments)).toBe(false);
  });

  it('computes λᵢ = Π j/(j − i) mod L (checked with BigInt)', () => {
    const r = rng(7);
    for (let t = 0; t < 30; t++) {
      const n = r.int(1, 12);
      const S = r.subset(n, r.int(1, n));
      for (const i of S) expect(scalarToBigInt(lagrange(i, S))).toBe(lagrangeBig(i, S));
    }
    expect(() => lagrange(4, [1, 2, 3])).toThrow(/not in the set/);
    expect(() => lagrange(1, [1, 2, 2])).toThrow(/duplicates/);
    expect(() => lagrange(0, [0, 1])).toThrow();
  });

  it('any k of n shares decrypt correctly; k − 1 do not (property, random k, n, votes)', () => {
    const r = rng(424242);
    for (let trial = 0; trial < 20; trial++) {
      const n = r.int(1, 7);
      const k = r.int(1, n);
      const d = deal(k, n);
      const votes = Array.from({ length: r.int(0, 9) }, () => r.int(0, 1));
      const m = votes.reduce((a, b) => a + b, 0);
      const sum = sumCiphertexts(votes.map((v) => encryptCount(d.Y, v)));
      expect(decrypt(d.secret, sum, votes.length)).toBe(m);

      for (let pick = 0; pick < 3; pick++) {
        const S = r.subset(n, r.int(k, n));
        expect(bytesEqual(combineShares(S.map((i) => ({ member: i, share: d.shares[i - 1]! }))), d.secret)).toBe(true);
        const partials = S.map((i) => ({ member: i, D: mul(d.shares[i - 1]!, sum.A) }));
        const M = combinePartials(sum.B, partials);
        expect(toHex(M)).toBe(toHex(m === 0 ? mulBase(scalarFromInt(0)) : mulBase(scalarFromInt(m))));
        expect(discreteLog(M, votes.length)).toBe(m);
      }
      if (k >= 2) {
        const S = r.subset(n, k - 1);
        expect(bytesEqual(combineShares(S.map((i) => ({ member: i, share: d.shares[i - 1]! }))), d.secret)).toBe(false);
        if (votes.length > 0) {
          // With k − 1 partials the combination is unrelated to m: no count 0…N comes out
          // (the chance that a random point is one of N+1 small multiples is negligible).
          const M = combinePartials(
            sum.B,
            S.map((i) => ({ member: i, D: mul(d.shares[i - 1]!, sum.A) })),
          );
          expect(discreteLog(M, votes.length)).toBeNull();
        }
      }
    }
  });

  it('refuses bad parameters', () => {
    expect(() => deal(0, 3)).toThrow();
    expect(() => deal(4, 3)).toThrow();
    expect(() => deal(1, 0)).toThrow();
    expect(() => publicShare(1, [])).toThrow();
  });
});
