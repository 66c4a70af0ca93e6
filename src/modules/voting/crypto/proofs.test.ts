import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { deal } from './feldman.js';
import {
  L,
  fromHex32,
  identity,
  mul,
  mulBase,
  mulBaseInt,
  ready,
  scalarAdd,
  scalarFromBigInt,
  scalarFromInt,
  scalarRandom,
  scalarToBigInt,
  toHex,
} from './group.js';
import { CP_DOMAIN, cpChallengeInput, partialDecrypt, proofFromJson, proofToJson, proveCp, verifyCp } from './proofs.js';

beforeAll(async () => {
  await ready();
  await sodium.ready;
});

const G = (n: number): Uint8Array => mulBaseInt(n);

describe('Chaum–Pedersen partial decryption proof', () => {
  it('matches a known answer computed outside this library (share 2, A = G, w = 3)', () => {
    // Yᵢ = 2G, D = 2G, t₁ = t₂ = 3G; c = SHA-512("vallamaja/cp/v1\n" ‖ "kat-vote" ‖ Yᵢ ‖ A ‖ D ‖ t₁ ‖ t₂) mod L,
    // s = 3 + 2c mod L (values computed with Python's hashlib and integers).
    const { D, proof } = proveCp('kat-vote', scalarFromInt(2), G(1), scalarFromInt(3));
    expect(toHex(D)).toBe(toHex(G(2)));
    expect(toHex(proof.c)).toBe('601045d17403f70224f89ded0abc6823d2fa4b7a504a619321ded25af5c81402');
    expect(toHex(proof.s)).toBe('c3208aa2e906ee0548f03bdb1578d146a4f597f4a094c22643bca5b5ea912904');
    expect(verifyCp('kat-vote', G(2), G(1), G(2), proof)).toBe(true);
  });

  it('hashes exactly domain ‖ voteId (UTF-8) ‖ Yᵢ ‖ ΣA ‖ Dᵢ ‖ t₁ ‖ t₂', () => {
    const voteId = 'hääl/ü-1';
    const pts = [1, 2, 3, 4, 5].map(G) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const byHand = Buffer.concat([Buffer.from('vallamaja/cp/v1\n', 'utf8'), Buffer.from(voteId, 'utf8'), ...pts.map((p) => Buffer.from(p))]);
    expect(CP_DOMAIN).toBe('vallamaja/cp/v1\n');
    expect(toHex(cpChallengeInput(voteId, ...pts))).toBe(byHand.toString('hex'));
  });

  it('verifies an honest proof, recomputed independently with the libsodium wrappers and BigInt', () => {
    for (let t = 0; t < 10; t++) {
      const d = deal(2, 3);
      const share = d.shares[1]!;
      const A = mulBase(scalarRandom());
      const { D, proof } = partialDecrypt('v-7', share, A);
      const Yi = mulBase(share);
      expect(toHex(D)).toBe(toHex(sodium.crypto_scalarmult_ristretto255(share, A)));
      expect(verifyCp('v-7', Yi, A, D, proof)).toBe(true);
      // Independent check: t₁ = s·G − c·Yᵢ, t₂ = s·A − c·D with the wrappers; c = SHA-512 mod L with BigInt.
      const t1 = sodium.crypto_core_ristretto255_sub(sodium.crypto_scalarmult_ristretto255_base(proof.s), sodium.crypto_scalarmult_ristretto255(proof.c, Yi));
      const t2 = sodium.crypto_core_ristretto255_sub(sodium.crypto_scalarmult_ristretto255(proof.s, A), sodium.crypto_scalarmult_ristretto255(proof.c, D));
      const digest = createHash('sha512')
        .update(Buffer.concat([Buffer.from('vallamaja/cp/v1\nv-7'), Yi, A, D, t1, t2]))
        .digest();
      const c = digest.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n) % L;
      expect(scalarToBigInt(proof.c)).toBe(c);
    }
  });

  it('fails when c, s, D, ΣA, Yᵢ or the voteId is changed', () => {
    const share = scalarRandom();
    const Yi = mulBase(share);
    const A = mulBase(scalarRandom());
    const { D, proof } = partialDecrypt('vote-a', share, A);
    const one = scalarFromInt(1);
    expect(verifyCp('vote-a', Yi, A, D, proof)).toBe(true);
    expect(verifyCp('vote-a', Yi, A, D, { c: scalarAdd(proof.c, one), s: proof.s })).toBe(false);
    expect(verifyCp('vote-a', Yi, A, D, { c: proof.c, s: scalarAdd(proof.s, one) })).toBe(false);
    expect(verifyCp('vote-a', Yi, A, mulBase(scalarRandom()), proof)).toBe(false);
    expect(verifyCp('vote-a', Yi, A, mul(scalarAdd(share, one), A), proof)).toBe(false);
    expect(verifyCp('vote-a', Yi, mulBase(scalarRandom()), D, proof)).toBe(false);
    expect(verifyCp('vote-a', mulBase(scalarRandom()), A, D, proof)).toBe(false);
    expect(verifyCp('vote-b', Yi, A, D, proof)).toBe(false); // a proof made for another vote
    const other = partialDecrypt('vote-b', share, A);
    expect(toHex(other.D)).toBe(toHex(D));
    expect(verifyCp('vote-a', Yi, A, other.D, other.proof)).toBe(false);
    expect(verifyCp('vote-b', Yi, A, other.D, other.proof)).toBe(true);
  });

  it('fails, never throws, on malformed inputs and non-canonical scalars', () => {
    const share = scalarRandom();
    const Yi = mulBase(share);
    const A = mulBase(scalarRandom());
    const { D, proof } = partialDecrypt('v', share, A);
    // s + L (< 2²⁵⁶) is the same value mod L but not reduced: refused.
    const sPlusL = new Uint8Array(32);
    for (let i = 0, v = scalarToBigInt(proof.s) + L; i < 32; i++, v >>= 8n) sPlusL[i] = Number(v & 0xffn);
    expect(scalarToBigInt(scalarFromBigInt(scalarToBigInt(sPlusL)))).toBe(scalarToBigInt(proof.s));
    expect(verifyCp('v', Yi, A, D, { c: proof.c, s: sPlusL })).toBe(false);
    const bad = fromHex32('0100000000000000000000000000000000000000000000000000000000000000');
    expect(verifyCp('v', Yi, A, bad, proof)).toBe(false);
    expect(verifyCp('v', bad, A, D, proof)).toBe(false);
    expect(verifyCp('v', Yi, new Uint8Array(5), D, proof)).toBe(false);
    expect(verifyCp('v', Yi, A, D, { c: new Uint8Array(3), s: proof.s })).toBe(false);
  });

  it('works when ΣA is the identity (D and t₂ are then the identity)', () => {
    const share = scalarRandom();
    const { D, proof } = partialDecrypt('v', share, identity());
    expect(toHex(D)).toBe(toHex(identity()));
    expect(verifyCp('v', mulBase(share), identity(), D, proof)).toBe(true);
    expect(verifyCp('v', mulBase(share), identity(), G(1), proof)).toBe(false);
  });

  it('converts to and from the board JSON {c, s} strictly', () => {
    const { proof } = partialDecrypt('v', scalarRandom(), G(3));
    const j = proofToJson(proof);
    expect(Object.keys(j)).toEqual(['c', 's']);
    expect(j.c).toMatch(/^[0-9a-f]{64}$/);
    expect(toHex(proofFromJson(j).s)).toBe(j.s);
    expect(() => proofFromJson({ c: j.c.toUpperCase(), s: j.s })).toThrow();
    expect(() => proofFromJson({ c: j.c })).toThrow();
    expect(() => proofFromJson(null)).toThrow();
    expect(() => proofFromJson({ c: 'f'.repeat(64), s: j.s })).toThrow(/mod L/);
  });
});
