import { beforeAll, describe, expect, it } from 'vitest';
import {
  CIPHERTEXT_BYTES,
  addCiphertexts,
  ballotFromBytes,
  ballotToBytes,
  decrypt,
  discreteLog,
  encryptCount,
  encryptBallot,
  sumBallots,
  sumCiphertextBytes,
  sumCiphertexts,
} from './elgamal.js';
import { concatBytes, fromHex32, isIdentity, mul, mulBase, mulBaseInt, pointAdd, ready, scalarFromInt, scalarRandom, toHex } from './group.js';
import { randomChoices, rng } from './testkit.js';

beforeAll(async () => {
  await ready();
});

function keypair(): { x: Uint8Array; Y: Uint8Array } {
  const x = scalarRandom();
  return { x, Y: mulBase(x) };
}

describe('exponential ElGamal', () => {
  it('encrypts as (r·G, m·G + r·Y) exactly', () => {
    const { Y } = keypair();
    for (const m of [0, 1, 2, 37]) {
      const r = scalarRandom();
      const c = encryptCount(Y, m, r);
      expect(toHex(c.A)).toBe(toHex(mulBase(r)));
      expect(toHex(c.B)).toBe(toHex(m === 0 ? mul(r, Y) : pointAdd(mulBaseInt(m), mul(r, Y))));
    }
  });

  it('uses a fresh r per ciphertext', () => {
    const { Y } = keypair();
    const row = encryptBallot(Y, [[1, 1]])[0]!;
    expect(toHex(row[0]!.A)).not.toBe(toHex(row[1]!.A));
    expect(toHex(encryptCount(Y, 0).A)).not.toBe(toHex(encryptCount(Y, 0).A));
  });

  it('refuses anything but 0/1 in a ballot, and negative or fractional m', () => {
    const { Y } = keypair();
    expect(() => encryptBallot(Y, [[2]])).toThrow();
    expect(() => encryptCount(Y, -1)).toThrow();
    expect(() => encryptCount(Y, 0.5)).toThrow();
  });

  it('round-trips random ballots through sum and decryption (property, 30 trials)', () => {
    const r = rng(20261122);
    for (let trial = 0; trial < 30; trial++) {
      const { x, Y } = keypair();
      const shape = Array.from({ length: r.int(1, 3) }, () => r.int(1, 4));
      const voters = r.int(0, 12);
      const ballots = Array.from({ length: voters }, () => randomChoices(r, shape));
      const sums = sumBallots(
        ballots.map((b) => encryptBallot(Y, b)),
        shape,
      );
      shape.forEach((n, q) => {
        for (let o = 0; o < n; o++) {
          const expected = ballots.reduce((s, b) => s + b[q]![o]!, 0);
          expect(decrypt(x, sums[q]![o]!, voters)).toBe(expected);
        }
      });
    }
  });

  it('adds homomorphically, and sums nothing to the identity pair', () => {
    const { x, Y } = keypair();
    expect(decrypt(x, addCiphertexts(encryptCount(Y, 3), encryptCount(Y, 4)), 100)).toBe(7);
    expect(decrypt(x, sumCiphertexts([encryptCount(Y, 1), encryptCount(Y, 0), encryptCount(Y, 1), encryptCount(Y, 5)]), 100)).toBe(7);
    const none = sumCiphertexts([]);
    expect(isIdentity(none.A) && isIdentity(none.B)).toBe(true);
    expect(decrypt(x, none, 0)).toBe(0);
  });

  it('sums chunks of raw bytes that combine by summing again (worker-ready), across block boundaries', () => {
    const { x, Y } = keypair();
    const width = 2;
    const count = 1100; // more than one block of 1024 ballots
    const ones = [encryptBallot(Y, [[1, 0]]), encryptBallot(Y, [[0, 1]]), encryptBallot(Y, [[1, 1]])];
    const ballots = Array.from({ length: count }, (_, i) => ones[i % 3]!);
    const bytes = concatBytes(...ballots.map(ballotToBytes));
    expect(bytes.length).toBe(count * width * CIPHERTEXT_BYTES);
    const whole = sumCiphertextBytes(bytes, width);
    const cut = 700 * width * CIPHERTEXT_BYTES;
    const parts = concatBytes(sumCiphertextBytes(bytes.subarray(0, cut), width), sumCiphertextBytes(bytes.subarray(cut), width));
    expect(toHex(sumCiphertextBytes(parts, width))).toBe(toHex(whole));
    const [c0, c1] = ballotFromBytes(whole, [2])[0]!;
    const n = (k: number): number => Array.from({ length: count }, (_, i) => i % 3).filter((v) => v === k).length;
    expect(decrypt(x, c0!, count)).toBe(n(0) + n(2));
    expect(decrypt(x, c1!, count)).toBe(n(1) + n(2));
  });

  it('names the ballot with an invalid point, and refuses a ragged chunk', () => {
    const { Y } = keypair();
    const good = ballotToBytes(encryptBallot(Y, [[1]]));
    const bad = good.slice();
    bad.set(fromHex32('0100000000000000000000000000000000000000000000000000000000000000'), 32); // B: a negative encoding
    expect(() => sumCiphertextBytes(concatBytes(good, good, bad), 1)).toThrow(/ballot 2 .*ciphertext 0, B/);
    expect(() => sumCiphertextBytes(good.subarray(1), 1)).toThrow(/multiple/);
    expect(() => sumCiphertextBytes(good, 0)).toThrow();
  });

  it('lays out a ballot as A₀₀ ‖ B₀₀ ‖ A₀₁ ‖ B₀₁ ‖ … and back', () => {
    const { Y } = keypair();
    const b = encryptBallot(Y, [[1, 0], [0, 0, 1]]);
    const bytes = ballotToBytes(b);
    const flat = b.flat();
    expect(bytes.length).toBe(5 * 64);
    flat.forEach((c, k) => {
      expect(toHex(bytes.subarray(64 * k, 64 * k + 32))).toBe(toHex(c.A));
      expect(toHex(bytes.subarray(64 * k + 32, 64 * k + 64))).toBe(toHex(c.B));
    });
    expect(ballotFromBytes(bytes, [2, 3]).flat().map((c) => toHex(c.A) + toHex(c.B))).toEqual(flat.map((c) => toHex(c.A) + toHex(c.B)));
    expect(() => ballotFromBytes(bytes, [2, 2])).toThrow();
  });
});

describe('discrete log (baby-step giant-step)', () => {
  it('finds m at the edges of the table and up to 1,000,000', () => {
    for (const m of [0, 1, 2, 15, 16, 17, 999, 1000, 1001, 1002, 123_456, 999_999, 1_000_000]) {
      expect(discreteLog(mulBaseInt(m), 1_000_000)).toBe(m);
    }
  });

  it('gives null above max and for a point that is no small multiple', () => {
    expect(discreteLog(mulBaseInt(11), 10)).toBeNull();
    expect(discreteLog(mulBaseInt(10), 10)).toBe(10);
    expect(discreteLog(mulBase(scalarRandom()), 5000)).toBeNull();
    expect(discreteLog(mulBase(scalarFromInt(-1)), 1000)).toBeNull();
  });

  it('refuses an invalid point and a bad bound', () => {
    expect(() => discreteLog(fromHex32('0100000000000000000000000000000000000000000000000000000000000000'), 10)).toThrow();
    expect(() => discreteLog(mulBaseInt(1), -1)).toThrow();
  });
});
