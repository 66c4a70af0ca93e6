// The verifiable mix (mix.ts, docs/voting-board-v2.md): an honest mix and its decryption verify and
// give back exactly the counted ballots; a mix with one ballot swapped, dropped, duplicated or
// altered fails, and so does a wrong decryption. Small sizes: every check here is the real one.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToPoint } from './msm.js';
import { encryptCount } from './elgamal.js';
import { deal, type Dealing } from './feldman.js';
import { mulBaseInt, pointAdd, ready, scalarFromInt, scalarToHex, toHex } from './group.js';
import {
  GENERATOR_DOMAIN,
  SLOT_BYTES,
  chainStartV2,
  decodeMixed,
  decryptMixed,
  generators,
  mixBallots,
  mixSectionToJson,
  slotTracker,
  verifyDecryptions,
  verifyMixSection,
  verifyShuffle,
  type MixDecryption,
  type MixResult,
  type MixSectionJson,
} from './mix.js';
import { rng, viaJson } from './testkit.js';

await ready();

const voteId = '6f1c2d0e-5b7a-4c1e-9d2f-0a1b2c3d4e5f';
const K = 3;
const IDEAS = 7;

function encryptSlots(d: Dealing, ballots: number[][]): Uint8Array {
  const out = new Uint8Array(ballots.length * K * SLOT_BYTES);
  ballots.forEach((b, i) =>
    b.forEach((m, k) => {
      const c = encryptCount(d.Y, m);
      out.set(c.A, (i * K + k) * SLOT_BYTES);
      out.set(c.B, (i * K + k) * SLOT_BYTES + 32);
    }),
  );
  return out;
}

function randomBallots(seed: number, n: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: K }, () => (r.int(0, 3) === 0 ? 0 : r.int(1, IDEAS))));
}

const sorted = (bs: readonly (readonly number[])[]): string[] => bs.map((b) => b.join(',')).sort();

interface Setup {
  dealing: Dealing;
  plain: number[][];
  inputs: Uint8Array;
  mix: MixResult;
  decryptions: MixDecryption[];
  decoded: Int32Array;
  section: MixSectionJson;
}

function setup(n = 8, seed = 11): Setup {
  const dealing = deal(2, 3);
  const plain = randomBallots(seed, n);
  const inputs = encryptSlots(dealing, plain);
  const mix = mixBallots(voteId, dealing.Y, K, inputs);
  const decryptions = [1, 3].map((m) => decryptMixed(voteId, m, dealing.shares[m - 1]!, dealing.commitments, mix.outputs, K));
  const decoded = decodeMixed(mix.outputs, K, decryptions, IDEAS);
  const section = mixSectionToJson(K, IDEAS, mix, decryptions, decoded);
  return { dealing, plain, inputs, mix, decryptions, decoded, section };
}

const ctx = (s: Setup) => ({
  voteId,
  key: { Y: s.dealing.Y, threshold: 2, members: 3, commitments: s.dealing.commitments },
  inputs: s.inputs,
  slots: K,
  ideas: IDEAS,
});

const S = setup();

describe('an honest mix', () => {
  it('verifies, and its decoded ballots are exactly the counted ones (in another order)', () => {
    expect(verifyShuffle(voteId, S.dealing.Y, K, S.inputs, S.mix.outputs, S.mix.proof)).toMatchObject({ ok: true });
    const perBallot = Array.from({ length: S.plain.length }, (_, i) => Array.from(S.decoded.subarray(i * K, (i + 1) * K)));
    expect(sorted(perBallot)).toEqual(sorted(S.plain));
    // every slot really was re-encrypted: no output ciphertext equals an input one
    const inputsHex = new Set(Array.from({ length: S.plain.length * K }, (_, j) => toHex(S.inputs.subarray(j * SLOT_BYTES, (j + 1) * SLOT_BYTES))));
    for (let j = 0; j < S.plain.length * K; j++) expect(inputsHex.has(toHex(S.mix.outputs.subarray(j * SLOT_BYTES, (j + 1) * SLOT_BYTES)))).toBe(false);
  });

  it('passes verifyMixSection from JSON, which gives back the decoded ballots', () => {
    const report = verifyMixSection(ctx(S), viaJson(S.section));
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['shuffle', true],
      ['decryptions', true],
    ]);
    expect(report.ok).toBe(true);
    expect(sorted(report.ballots!)).toEqual(sorted(S.plain));
  });

  it('decodes the same with any two members, and with all three', () => {
    for (const members of [[1, 2], [2, 3], [1, 2, 3]]) {
      const ds = members.map((m) => decryptMixed(voteId, m, S.dealing.shares[m - 1]!, S.dealing.commitments, S.mix.outputs, K));
      expect(Array.from(decodeMixed(S.mix.outputs, K, ds, IDEAS))).toEqual(Array.from(S.decoded));
      expect(verifyDecryptions(voteId, ctx(S).key, S.mix.outputs, K, ds, S.decoded, IDEAS).ok).toBe(true);
    }
  });

  it('derives the same generators every time, distinct from each other', () => {
    const a = generators(voteId, 5);
    const b = generators(voteId, 5);
    expect(toHex(a.hs)).toBe(toHex(b.hs));
    const all = [toHex(a.h), ...Array.from({ length: 5 }, (_, i) => toHex(a.hs.subarray(32 * i, 32 * i + 32)))];
    expect(new Set(all).size).toBe(6);
    expect(toHex(generators('another vote', 1).h)).not.toBe(toHex(a.h));
  });

  it('derives the generators as the format says (hashToPoint of SHA-512(domain ‖ voteId ‖ "\\n" ‖ index)), on either path', () => {
    const n = 5000; // enough for the addon's threads
    const { h, hs } = generators(voteId, n);
    const at = (i: number): string =>
      toHex(hashToPoint(new Uint8Array(createHash('sha512').update(`${GENERATOR_DOMAIN}${voteId}\n`).update(Uint8Array.of(i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255)).digest())));
    expect(toHex(h)).toBe(at(0));
    for (const i of [0, 1, 255, 256, 2499, 2500, n - 1]) expect(toHex(hs.subarray(32 * i, 32 * i + 32))).toBe(at(i + 1));
  });

  it('refuses a share that is not the member’s', () => {
    expect(() => decryptMixed(voteId, 1, S.dealing.shares[1]!, S.dealing.commitments, S.mix.outputs, K)).toThrow(/does not match/);
  });
});

describe('a dishonest mix fails', () => {
  const outputs = (): Uint8Array => S.mix.outputs.slice();
  const shuffleOk = (out: Uint8Array, proof = S.mix.proof): boolean => verifyShuffle(voteId, S.dealing.Y, K, S.inputs, out, proof).ok;

  it('one ballot swapped for another (a fresh encryption)', () => {
    const out = outputs();
    out.set(encryptSlots(S.dealing, [[1, 2, 3]]), 2 * K * SLOT_BYTES);
    expect(shuffleOk(out)).toBe(false);
  });

  it('one ballot swapped before mixing, with a proof made for the swapped list', () => {
    const forged = S.inputs.slice();
    forged.set(encryptSlots(S.dealing, [[IDEAS, IDEAS, IDEAS]]), 0);
    const mix = mixBallots(voteId, S.dealing.Y, K, forged);
    expect(verifyShuffle(voteId, S.dealing.Y, K, forged, mix.outputs, mix.proof).ok).toBe(true); // valid for the forged list…
    const res = verifyShuffle(voteId, S.dealing.Y, K, S.inputs, mix.outputs, mix.proof); // …not for the counted one
    expect(res.ok).toBe(false);
  });

  it('one ballot dropped', () => {
    const out = outputs().subarray(0, (S.plain.length - 1) * K * SLOT_BYTES);
    const res = verifyShuffle(voteId, S.dealing.Y, K, S.inputs, out, S.mix.proof);
    expect(res).toMatchObject({ ok: false, detail: expect.stringMatching(/7 ballots for 8/) });
    // and a whole mix made of one ballot fewer (one dropped before mixing, the last one duplicated to keep N)
    const fewer = S.inputs.slice();
    fewer.set(S.inputs.subarray((S.plain.length - 1) * K * SLOT_BYTES), 0);
    const mix = mixBallots(voteId, S.dealing.Y, K, fewer);
    expect(verifyShuffle(voteId, S.dealing.Y, K, S.inputs, mix.outputs, mix.proof).ok).toBe(false);
  });

  it('one ballot duplicated (in place of another)', () => {
    const out = outputs();
    out.copyWithin(0, 3 * K * SLOT_BYTES, 4 * K * SLOT_BYTES);
    expect(shuffleOk(out)).toBe(false);
  });

  it('one slot altered (B + G: idea m becomes m + 1)', () => {
    const out = outputs();
    const at = (4 * K + 1) * SLOT_BYTES + 32;
    out.set(pointAdd(out.slice(at, at + 32), mulBaseInt(1)), at);
    expect(shuffleOk(out)).toBe(false);
  });

  it('two slots of one ballot exchanged', () => {
    const out = outputs();
    const a = out.slice(5 * K * SLOT_BYTES, (5 * K + 1) * SLOT_BYTES);
    out.copyWithin(5 * K * SLOT_BYTES, (5 * K + 1) * SLOT_BYTES, (5 * K + 2) * SLOT_BYTES);
    out.set(a, (5 * K + 1) * SLOT_BYTES);
    expect(shuffleOk(out)).toBe(false);
  });

  it('a tampered response, commitment or chain link', () => {
    const p = S.mix.proof;
    const bump = (b: Uint8Array, i: number): Uint8Array => {
      const c = b.slice();
      c.set(scalarFromInt(5), i * 32);
      return c;
    };
    expect(shuffleOk(S.mix.outputs, { ...p, sPrime: bump(p.sPrime, 2) })).toBe(false);
    expect(shuffleOk(S.mix.outputs, { ...p, sHat: bump(p.sHat, 6) })).toBe(false);
    expect(shuffleOk(S.mix.outputs, { ...p, s4: bump(p.s4, 1) })).toBe(false);
    expect(shuffleOk(S.mix.outputs, { ...p, commitments: p.commitments.slice().fill(0, 0, 32) })).toBe(false);
    const chain = p.chain.slice();
    chain.set(mulBaseInt(9), 3 * 32);
    expect(shuffleOk(S.mix.outputs, { ...p, chain })).toBe(false);
    expect(shuffleOk(S.mix.outputs, p)).toBe(true);
  });

  it('a proof made for another vote (another voteId, so other generators and challenges)', () => {
    expect(verifyShuffle('another-vote', S.dealing.Y, K, S.inputs, S.mix.outputs, S.mix.proof).ok).toBe(false);
    expect(verifyShuffle(voteId, deal(2, 3).Y, K, S.inputs, S.mix.outputs, S.mix.proof).ok).toBe(false);
  });

  it('a section whose outputs were altered fails the shuffle check, and the decryptions are not checked', () => {
    const j = viaJson(S.section);
    const [a0, b0] = j.outputs[1]![0]!;
    j.outputs[1]![0] = [a0, toHex(pointAdd(Buffer.from(b0, 'hex'), mulBaseInt(1)))];
    const r = verifyMixSection(ctx(S), j);
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.name === 'shuffle')?.ok).toBe(false);
    expect(r.checks.find((c) => c.name === 'decryptions')?.detail).toMatch(/not checked/);
  });
});

describe('a wrong decryption fails', () => {
  const check = (ds: MixDecryption[], ballots: Int32Array) => verifyDecryptions(voteId, ctx(S).key, S.mix.outputs, K, ds, ballots, IDEAS);

  it('a decoded number changed', () => {
    const b = S.decoded.slice();
    b[4] = (b[4]! + 1) % (IDEAS + 1);
    const r = check(S.decryptions, b);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/ballot 2, slot 2: the decrypted value is not/);
  });

  it('two decoded ballots exchanged (each number right for the other ballot)', () => {
    const b = S.decoded.slice();
    const i = Array.from({ length: S.plain.length }, (_, x) => x).find((x) => b[x * K] !== b[0])!;
    [b[0], b[i * K]] = [b[i * K]!, b[0]!];
    expect(check(S.decryptions, b).ok).toBe(false);
  });

  it('a partial decryption replaced (with or without a matching proof)', () => {
    const d = { ...S.decryptions[0]!, shares: S.decryptions[0]!.shares.slice() };
    d.shares.set(mulBaseInt(3), 7 * 32);
    const r = check([d, S.decryptions[1]!], S.decoded);
    expect(r).toMatchObject({ ok: false, detail: expect.stringMatching(/ballot 3, slot 2: the proof of member 1/) });
  });

  it('a proof response changed', () => {
    const d = { ...S.decryptions[1]!, s: S.decryptions[1]!.s.slice() };
    d.s.set(scalarFromInt(1), 0);
    expect(check([S.decryptions[0]!, d], S.decoded).ok).toBe(false);
  });

  it('too few members, a member twice, a member out of range', () => {
    expect(check([S.decryptions[0]!], S.decoded)).toMatchObject({ ok: false, detail: '1 decryptions, 2 are needed' });
    expect(check([S.decryptions[0]!, S.decryptions[0]!], S.decoded).ok).toBe(false);
    expect(check([S.decryptions[0]!, { ...S.decryptions[1]!, member: 4 }], S.decoded).ok).toBe(false);
  });

  it('through the section: a changed ballot number fails the decryptions check', () => {
    const j = viaJson(S.section);
    j.ballots[0]![0] = (j.ballots[0]![0]! + 1) % (IDEAS + 1);
    const r = verifyMixSection(ctx(S), j);
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['shuffle', true],
      ['decryptions', false],
    ]);
  });
});

describe('the section format', () => {
  it('is strict: unknown fields, wrong counts, upper-case hex and bad numbers are refused', () => {
    const bad: ((j: MixSectionJson) => void)[] = [
      (j) => Object.assign(j, { extra: 1 }),
      (j) => j.proof.chain.pop(),
      (j) => (j.proof.t.t1 = j.proof.t.t1.toUpperCase()),
      (j) => (j.ballots[0]![0] = IDEAS + 1),
      (j) => (j.slots = K + 1),
      (j) => (j.proof.s.s1 = scalarToHex(scalarFromInt(1)).replace(/^01/, 'zz')),
    ];
    for (const f of bad) {
      const j = viaJson(S.section);
      f(j);
      const r = verifyMixSection(ctx(S), j);
      expect(r.ok).toBe(false);
      expect(r.checks[0]).toMatchObject({ name: 'format', ok: false });
    }
  });

  it('a ballot with one slot', () => {
    const dealing = deal(1, 1);
    const inputs = new Uint8Array(3 * SLOT_BYTES);
    [0, 4, 2].forEach((m, i) => {
      const c = encryptCount(dealing.Y, m);
      inputs.set(c.A, i * SLOT_BYTES);
      inputs.set(c.B, i * SLOT_BYTES + 32);
    });
    const mix = mixBallots(voteId, dealing.Y, 1, inputs);
    const d = decryptMixed(voteId, 1, dealing.shares[0]!, dealing.commitments, mix.outputs, 1);
    const decoded = decodeMixed(mix.outputs, 1, [d], 4);
    const report = verifyMixSection(
      { voteId, key: { Y: dealing.Y, threshold: 1, members: 1, commitments: dealing.commitments }, inputs, slots: 1, ideas: 4 },
      viaJson(mixSectionToJson(1, 4, mix, [d], decoded)),
    );
    expect(report.ok).toBe(true);
    expect(report.ballots!.flat().sort()).toEqual([0, 2, 4]);
  });
});

describe('format-2 trackers and chain start (known answers computed with Python hashlib)', () => {
  it('pins the byte layouts', () => {
    const ballot = new Uint8Array(2 * SLOT_BYTES).map((_, i) => i);
    // python3: hashlib.sha256(b"vallamaja/ballot/v2\n" + b"v-1" + b"\n" + bytes(range(128))).hexdigest()
    expect(slotTracker('v-1', ballot)).toBe('57b2b88c0adcdf6e326df69ae8df977e985b0caadbceb3df7206f5778920e9dd');
    // python3: hashlib.sha256(b"vallamaja/board/v2\n" + b"v-1").hexdigest()
    expect(chainStartV2('v-1')).toBe('34ec90913588bc80958751de7a8e7e901b3b09e4cf9f493d063c4e03db0c7196');
  });
});
