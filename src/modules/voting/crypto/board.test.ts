import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BOARD_FORMAT,
  buildBoard,
  chainHash,
  chainStart,
  computeSums,
  computeTracker,
  makeDecryption,
  shuffle,
  trackerOfBytes,
  type BoardDocument,
} from './board.js';
import { verifyBoard, type CheckName, type VerifyReport } from './verify.js';
import { ballotFromBytes, encryptBallot } from './elgamal.js';
import { deal } from './feldman.js';
import { fromHex32, mulBaseInt, pointAdd, ready, scalarAdd, scalarFromInt, toHex } from './group.js';
import { partialDecrypt, proofToJson } from './proofs.js';
import { randomElection, rng, viaJson, type TestElection } from './testkit.js';

beforeAll(async () => {
  await ready();
});

const sha256 = (...parts: Buffer[]): string => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const G = (n: number): string => toHex(mulBaseInt(n));

function failed(r: VerifyReport): CheckName[] {
  return r.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(r: VerifyReport, name: CheckName): string {
  return r.checks.find((c) => c.name === name)?.detail ?? '';
}

/** Re-chains the entries after an edit (so that only the intended check fails). */
function rechain(b: BoardDocument): void {
  let prev = chainStart(b.voteId);
  for (const e of b.entries) {
    e.prev = prev;
    e.hash = chainHash(prev, e.seq, e.kind, e.tracker);
    prev = e.hash;
  }
}

/** Flips one hex digit (keeps it lowercase hex). */
function flipHex(h: string, at = 10): string {
  const c = h[at] === '0' ? '1' : '0';
  return h.slice(0, at) + c + h.slice(at + 1);
}

describe('trackers and the chain: known answers computed outside this library', () => {
  // The ballot: question 0 with options (G, 2G), (3G, 4G); question 1 with one option (5G, 6G).
  const points = [1, 2, 3, 4, 5, 6];
  const ballot = () =>
    ballotFromBytes(
      Buffer.concat(points.map((n) => Buffer.from(mulBaseInt(n)))),
      [2, 1],
    );

  it('tracker = sha256hex("vallamaja/ballot/v1\\n" ‖ voteId ‖ "\\n" ‖ A₀₀ ‖ B₀₀ ‖ A₀₁ ‖ B₀₁ ‖ …)', () => {
    // Values from Python's hashlib over the same bytes.
    expect(computeTracker('kat-vote', ballot())).toBe('c1de76173a4ca12e983a8c7556e08e512f130542543984c3e45e96a625268f2b');
    expect(computeTracker('hääl-2026', ballot())).toBe('e97db7803a8fae09b7f8c90672ad85e2b70f17f7bdb3b575e58703d493186e02');
    // And by hand with node:crypto.
    const byHand = sha256(Buffer.from('vallamaja/ballot/v1\n'), Buffer.from('hääl-2026', 'utf8'), Buffer.from([0x0a]), ...points.map((n) => Buffer.from(G(n), 'hex')));
    expect(computeTracker('hääl-2026', ballot())).toBe(byHand);
    expect(trackerOfBytes('hääl-2026', Buffer.concat(points.map((n) => Buffer.from(G(n), 'hex'))))).toBe(byHand);
  });

  it('chain: prev₁ = sha256hex("vallamaja/board/v1\\n" ‖ voteId); hash = sha256hex(prev ‖ seq (8 bytes BE) ‖ kind ‖ tracker)', () => {
    expect(chainStart('kat-vote')).toBe('6a9a991df12541154d2bd5ce7b55caea4f9cf07f29391eb3402acb746a2b04b0');
    expect(chainStart('hääl-2026')).toBe('5ab1ffd87cbc91604bef414325f083fa0c0f9f8b5055ccbe8d5dccbd3702c7fc');
    const t1 = 'c1de76173a4ca12e983a8c7556e08e512f130542543984c3e45e96a625268f2b';
    const h1 = chainHash(chainStart('kat-vote'), 1, 'e', t1);
    expect(h1).toBe('7407773f5ba22c37d2495a82a59ef2a3be515e691f391ed942d141df85fa6485');
    const t2 = sha256(Buffer.from('x'));
    expect(chainHash(h1, 2, 'paper', t2)).toBe('16469655ea8114f2fda97c387778c1b0f1b0610885ad7787dec3057ab9bad4de');
    // By hand, with a seq above 2³² to pin all 8 bytes.
    const seq = 2 ** 40 + 5;
    const seqBytes = Buffer.alloc(8);
    seqBytes.writeBigUInt64BE(BigInt(seq));
    expect(seqBytes.toString('hex')).toBe('0000010000000005');
    expect(chainHash(h1, seq, 'paper', t2)).toBe(sha256(Buffer.from(h1, 'hex'), seqBytes, Buffer.from('paper', 'ascii'), Buffer.from(t2, 'hex')));
  });
});

describe('board: build and verify', () => {
  let small: TestElection;
  beforeAll(() => {
    small = randomElection(rng(1), { k: 2, n: 3, shape: [2, 3], voters: 12, voteId: 'v-small', used: [1, 3] });
  });
  const fresh = (): BoardDocument => viaJson(small.board);

  it('has exactly the fields of VOTING.md, in its order', () => {
    const b = small.board;
    expect(Object.keys(b)).toEqual(['format', 'voteId', 'kov', 'title', 'questions', 'key', 'entries', 'turnout', 'tally']);
    expect(b.format).toBe(BOARD_FORMAT);
    expect(Object.keys(b.title)).toEqual(['et', 'en', 'ru']);
    expect(Object.keys(b.questions[0]!)).toEqual(['id', 'options']);
    expect(Object.keys(b.questions[0]!.options[0]!)).toEqual(['id']);
    expect(Object.keys(b.key)).toEqual(['Y', 'threshold', 'members', 'commitments']);
    expect(b.key.commitments).toHaveLength(2);
    expect(b.key.Y).toBe(b.key.commitments[0]);
    expect(Object.keys(b.entries[0]!)).toEqual(['seq', 'kind', 'tracker', 'ciphertexts', 'prev', 'hash']);
    expect(Object.keys(b.tally)).toEqual(['sums', 'decryptions', 'counts']);
    expect(Object.keys(b.tally.decryptions[0]!)).toEqual(['member', 'shares', 'proofs']);
    expect(Object.keys(b.tally.decryptions[0]!.proofs[0]![0]!)).toEqual(['c', 's']);
    expect(b.entries.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(b.entries[0]!.prev).toBe(chainStart('v-small'));
    expect(b.turnout).toBe(12);
    expect(b.tally.counts).toEqual(small.expected);
    expect(b.tally.decryptions.map((d) => d.member)).toEqual([1, 3]);
    const hex = /^[0-9a-f]{64}$/;
    for (const e of b.entries) for (const row of e.ciphertexts) for (const [A, B] of row) expect(A + B).toMatch(/^[0-9a-f]{128}$/);
    expect(b.entries[0]!.tracker).toMatch(hex);
    expect(b.entries.map((e) => e.kind)).toContain('paper');
  });

  it('builds, from random ballots, boards that verify with the right counts (property, random k, n, shapes)', () => {
    const r = rng(99);
    for (let trial = 0; trial < 8; trial++) {
      const n = r.int(1, 5);
      const k = r.int(1, n);
      const shape = Array.from({ length: r.int(1, 3) }, () => r.int(1, 4));
      const el = randomElection(r, { k, n, shape, voters: r.int(0, 15) });
      expect(el.board.tally.counts).toEqual(el.expected);
      const report = verifyBoard(viaJson(el.board));
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checks.map((c) => c.name)).toEqual(['format', 'chain', 'trackers', 'points', 'turnout', 'sums', 'key', 'decryptions', 'counts']);
    }
  });

  it('verifies an empty board (nobody voted)', () => {
    const el = randomElection(rng(5), { k: 2, n: 2, shape: [3], voters: 0 });
    expect(el.board.turnout).toBe(0);
    expect(el.board.tally.counts).toEqual([[0, 0, 0]]);
    expect(verifyBoard(viaJson(el.board)).ok).toBe(true);
  });

  it('finds a voter’s tracker (check 5), and says when it is not there', () => {
    const b = fresh();
    const t = b.entries[4]!.tracker;
    const found = verifyBoard(b, { tracker: t });
    expect(found.ok).toBe(true);
    expect(detail(found, 'voterTracker')).toBe('tracker found at seq 5');
    expect(verifyBoard(b, { tracker: ` ${t.toUpperCase()} ` }).ok).toBe(true);
    const missing = verifyBoard(b, { tracker: flipHex(t) });
    expect(failed(missing)).toEqual(['voterTracker']);
    expect(missing.errors.join('\n')).toMatch(/tracker not found/);
    expect(failed(verifyBoard(b, { tracker: 'nope' }))).toEqual(['voterTracker']);
  });

  describe('altering any one thing fails the right check', () => {
    it('one ciphertext byte → trackers (and sums or points)', () => {
      const b = fresh();
      const e = b.entries[3]!;
      e.ciphertexts[1]![2]![1] = flipHex(e.ciphertexts[1]![2]![1]);
      const r = verifyBoard(b);
      expect(r.ok).toBe(false);
      expect(failed(r)).toContain('trackers');
      expect(failed(r).some((n) => n === 'sums' || n === 'points')).toBe(true);
      expect(r.errors).toContain(`trackers: tracker mismatch at seq 4`);
      expect(failed(r)).not.toContain('chain');
    });

    it('one ciphertext changed to another valid point, tracker and chain recomputed → sums', () => {
      const b = fresh();
      const e = b.entries[2]!;
      const [A, B] = e.ciphertexts[0]![1]!;
      e.ciphertexts[0]![1] = [A, toHex(pointAdd(fromHex32(B), mulBaseInt(1)))]; // one more vote for [0][1]
      e.tracker = trackerOfBytes(b.voteId, Buffer.concat(e.ciphertexts.flat().flatMap(([a, bb]) => [Buffer.from(a, 'hex'), Buffer.from(bb, 'hex')])));
      rechain(b);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['sums']);
      expect(r.errors).toEqual(['sums: sum mismatch at [0][1]']);
    });

    it('an invalid point (valid hex) with tracker and chain recomputed → points; sums not checked', () => {
      const b = fresh();
      const e = b.entries[0]!;
      e.ciphertexts[0]![0]![0] = '0100000000000000000000000000000000000000000000000000000000000000';
      e.tracker = trackerOfBytes(b.voteId, Buffer.concat(e.ciphertexts.flat().flatMap(([a, bb]) => [Buffer.from(a, 'hex'), Buffer.from(bb, 'hex')])));
      rechain(b);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['points', 'sums']);
      expect(r.errors[0]).toBe('points: invalid point at seq 1 [0][0] A');
      expect(detail(r, 'sums')).toMatch(/not checked/);
    });

    it('one hash → chain', () => {
      const b = fresh();
      b.entries[5]!.hash = flipHex(b.entries[5]!.hash);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['chain']);
      expect(r.errors).toContain('chain: chain break at seq 6: hash does not recompute');
      expect(r.errors).toContain('chain: chain break at seq 7: prev is not the hash of the entry before');
    });

    it('the first prev → chain', () => {
      const b = fresh();
      b.entries[0]!.prev = chainStart('another-vote');
      rechain(b);
      b.entries[0]!.prev = chainStart('another-vote');
      expect(failed(verifyBoard(b))).toEqual(['chain']);
    });

    it('a seq → chain', () => {
      const b = fresh();
      b.entries[2]!.seq = 9;
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['chain']);
      expect(r.errors[0]).toMatch(/^chain: chain break at seq 9: entry 3 of the list has seq 9/);
      // even with the hashes recomputed, the gap remains
      rechain(b);
      expect(failed(verifyBoard(b))).toEqual(['chain']);
    });

    it('a kind → chain', () => {
      const b = fresh();
      const e = b.entries.find((x) => x.kind === 'e')!;
      e.kind = 'paper';
      expect(failed(verifyBoard(b))).toEqual(['chain']);
    });

    it('a count → counts', () => {
      const b = fresh();
      const truth = b.tally.counts[1]![2]!;
      b.tally.counts[1]![2] = truth + 1;
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['counts']);
      expect(r.errors).toEqual([`counts: counts mismatch at [1][2]: board says ${truth + 1}, the decryption gives ${truth}`]);
      b.tally.counts[1]![2] = b.turnout + 1;
      expect(verifyBoard(b).errors).toEqual([`counts: counts mismatch at [1][2]: ${b.turnout + 1} exceeds turnout ${b.turnout}`]);
    });

    it('a sum → sums (and, for ΣA, the proofs made over it)', () => {
      const b = fresh();
      const [A, B] = b.tally.sums[0]![0]!;
      b.tally.sums[0]![0] = [A, toHex(pointAdd(fromHex32(B), mulBaseInt(1)))];
      const r = verifyBoard(b);
      expect(failed(r)).toContain('sums');
      expect(r.errors).toContain('sums: sum mismatch at [0][0]');
      const b2 = fresh();
      b2.tally.sums[1]![1] = [toHex(pointAdd(fromHex32(b2.tally.sums[1]![1]![0]), mulBaseInt(1))), b2.tally.sums[1]![1]![1]];
      const r2 = verifyBoard(b2);
      expect(failed(r2)).toEqual(['sums', 'decryptions']); // counts use ΣB and the Dᵢ, which are untouched
      expect(r2.errors).toContain('decryptions: proof failure for member 1 at [1][1]');
      expect(r2.errors).toContain('decryptions: proof failure for member 3 at [1][1]');
    });

    it('removing an entry → chain, turnout, sums', () => {
      const b = fresh();
      b.entries.splice(4, 1);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['chain', 'turnout', 'sums']);
      expect(r.errors).toContain(`turnout: turnout ≠ N: turnout is 12 but there are 11 entries`);
    });

    it('removing the last entry and lowering turnout → sums', () => {
      const b = fresh();
      b.entries.pop();
      b.turnout = 11;
      expect(failed(verifyBoard(b))).toContain('sums');
    });

    it('swapping two entries → chain', () => {
      const b = fresh();
      const [x, y] = [b.entries[1]!, b.entries[7]!];
      b.entries[1] = y;
      b.entries[7] = x;
      expect(failed(verifyBoard(b))).toEqual(['chain']);
      // swapped and renumbered, hashes recomputed: now the chain is intact, the order is just another shuffle
      [b.entries[1]!.seq, b.entries[7]!.seq] = [2, 8];
      rechain(b);
      expect(verifyBoard(b).ok).toBe(true);
    });

    it('a duplicated tracker → chain (duplicate) and trackers (mismatch)', () => {
      const b = fresh();
      b.entries[6]!.tracker = b.entries[2]!.tracker;
      rechain(b);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['chain', 'trackers']);
      expect(r.errors).toContain('chain: duplicate tracker at seq 7 (same as seq 3)');
    });

    it('a replayed ballot (a whole entry copied, chain and turnout adjusted) → chain (duplicate tracker), sums', () => {
      const b = fresh();
      const copy = viaJson(b.entries[2]!);
      copy.seq = b.entries.length + 1;
      b.entries.push(copy);
      b.turnout += 1;
      rechain(b);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['chain', 'sums']);
      expect(r.errors).toContain(`chain: duplicate tracker at seq 13 (same as seq 3)`);
    });

    it('the turnout → turnout', () => {
      const b = fresh();
      b.turnout = 13;
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['turnout']);
    });

    it('the key: Y ≠ C₀ → key; a dropped commitment → key, decryptions', () => {
      const b = fresh();
      b.key.Y = G(7);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['key']);
      expect(r.errors[0]).toMatch(/Y\/commitment mismatch/);
      const b2 = fresh();
      b2.key.commitments.pop();
      expect(failed(verifyBoard(b2))).toEqual(['key', 'decryptions']);
      const b3 = fresh();
      b3.key.commitments[1] = G(9); // changes every Yᵢ
      expect(failed(verifyBoard(b3))).toEqual(['decryptions']);
    });

    it('a proof (c, s) → decryptions', () => {
      const b = fresh();
      const p = b.tally.decryptions[1]!.proofs[0]![1]!;
      p.c = flipHex(p.c, 2);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['decryptions']);
      expect(r.errors).toEqual(['decryptions: proof failure for member 3 at [0][1]']);
      const b2 = fresh();
      const p2 = b2.tally.decryptions[0]!.proofs[1]![0]!;
      p2.s = flipHex(p2.s, 4);
      expect(verifyBoard(b2).errors).toEqual(['decryptions: proof failure for member 1 at [1][0]']);
      const b3 = fresh();
      b3.tally.decryptions[0]!.proofs[1]![0]!.s = 'f'.repeat(64); // not below L
      expect(verifyBoard(b3).errors).toEqual(['decryptions: proof failure for member 1 at [1][0]']);
    });

    it('a partial decryption Dᵢ → decryptions and counts', () => {
      const b = fresh();
      b.tally.decryptions[0]!.shares[0]![0] = G(3);
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['decryptions', 'counts']);
      expect(r.errors[0]).toBe('decryptions: proof failure for member 1 at [0][0]');
    });

    it('a decryption with a proof made for another vote → decryptions', () => {
      const b = fresh();
      const sumA = fromHex32(b.tally.sums[0]![0]![0]);
      const { D, proof } = partialDecrypt('another-vote', small.dealing.shares[0]!, sumA);
      b.tally.decryptions[0]!.shares[0]![0] = toHex(D);
      b.tally.decryptions[0]!.proofs[0]![0] = proofToJson(proof);
      expect(verifyBoard(b).errors).toEqual(['decryptions: proof failure for member 1 at [0][0]']);
    });

    it('fewer than k decryptions → decryptions; counts not checked', () => {
      const b = fresh();
      b.tally.decryptions.pop();
      const r = verifyBoard(b);
      expect(failed(r)).toEqual(['decryptions', 'counts']);
      expect(r.errors[0]).toBe('decryptions: fewer than 2 decryptions: 1 distinct members');
      expect(detail(r, 'counts')).toMatch(/not checked/);
    });

    it('a duplicate member → decryptions', () => {
      const b = fresh();
      b.tally.decryptions.push(viaJson(b.tally.decryptions[0]!));
      const r = verifyBoard(b);
      expect(failed(r)).toContain('decryptions');
      expect(r.errors).toContain('decryptions: duplicate member 1');
    });

    it('a member outside the committee, or a decryption relabelled to another member → decryptions', () => {
      const b = fresh();
      b.tally.decryptions[1]!.member = 4;
      expect(verifyBoard(b).errors).toContain('decryptions: member 4 is not in the committee 1…3');
      const b2 = fresh();
      b2.tally.decryptions[1]!.member = 2; // member 3's decryptions presented as member 2's
      expect(failed(verifyBoard(b2))).toEqual(['decryptions', 'counts']);
    });

    it('the format string, bad hex, a missing or an unknown field → format; nothing else is checked', () => {
      const cases: [(b: BoardDocument & Record<string, unknown>) => void, RegExp][] = [
        [(b) => void (b.format = 'vallamaja-board/2' as typeof BOARD_FORMAT), /wrong format string "vallamaja-board\/2"/],
        [(b) => void (b.entries[0]!.tracker = b.entries[0]!.tracker.toUpperCase()), /entries\[0\]\.tracker: bad hex/],
        [(b) => void (b.entries[0]!.ciphertexts[0]![0]![0] = 'ab'), /entries\[0\]\.ciphertexts\[0\]\[0\]: bad hex/],
        [(b) => void (b.tally.sums[0]![0]![1] = `${b.tally.sums[0]![0]![1]}00`), /tally\.sums\[0\]\[0\]: bad hex/],
        [(b) => void (b.key.Y = b.key.Y.slice(1)), /key\.Y: bad hex/],
        [(b) => void delete (b as Record<string, unknown>).turnout, /missing "turnout"/],
        [(b) => void (b.extra = 1), /unknown field "extra"/],
        [(b) => void (b.entries[1]!.ciphertexts[1]!.pop()), /entries\[1\]\.ciphertexts\[1\]: must be an array of 3 options/],
        [(b) => void (b.tally.counts[0]![0] = -1), /tally\.counts\[0\]\[0\]: must be a non-negative integer/],
        [(b) => void (b.entries[0]!.kind = 'x' as 'e'), /kind: must be "e" or "paper"/],
        [(b) => void (b.questions[1]!.options[1]!.id = b.questions[1]!.options[0]!.id), /duplicate option id/],
      ];
      for (const [edit, msg] of cases) {
        const b = fresh() as BoardDocument & Record<string, unknown>;
        edit(b);
        const r = verifyBoard(b);
        expect(r.ok).toBe(false);
        expect(r.checks[0]).toMatchObject({ name: 'format', ok: false });
        expect(r.errors.join('\n')).toMatch(msg);
        expect(r.checks.slice(1).every((c) => !c.ok && c.detail.startsWith('not checked'))).toBe(true);
      }
    });
  });

  it('never throws on garbage: ok false with reasons', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'board',
      [],
      {},
      { format: BOARD_FORMAT },
      { ...small.board, entries: 'x' },
      { ...small.board, questions: [] },
      { ...small.board, questions: [{ id: 1, options: null }] },
      { ...small.board, tally: { sums: [], decryptions: [{}], counts: null } },
      { ...small.board, key: { Y: 1, threshold: -1, members: 'x', commitments: [null] } },
    ];
    for (const g of garbage) {
      const r = verifyBoard(g);
      expect(r.ok).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
    // Random mutations anywhere in a real board.
    const r = rng(31337);
    const values: unknown[] = [null, 0, -1, 1.5, 1e300, '', 'x', G(2), [], {}, [G(1), G(2)], true, { c: G(1), s: G(2) }];
    for (let t = 0; t < 200; t++) {
      const b = fresh() as unknown as Record<string, unknown>;
      let node: unknown = b;
      let parent: Record<string, unknown> | unknown[] = b;
      let key: string | number = 'format';
      for (let depth = r.int(1, 6); depth > 0 && node !== null && typeof node === 'object'; depth--) {
        const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
        if (keys.length === 0) break;
        parent = node as Record<string, unknown> | unknown[];
        key = r.pick(keys as (string | number)[]);
        node = (node as Record<string | number, unknown>)[key];
      }
      (parent as Record<string | number, unknown>)[key] = r.pick(values);
      expect(() => verifyBoard(b)).not.toThrow();
    }
  });

  it('buildBoard refuses a forged decryption, too few decryptions, and a wrong share', () => {
    const d = deal(2, 3);
    const shape = [2];
    const questions = [{ id: 'q', options: [{ id: 'a' }, { id: 'b' }] }];
    const entries = shuffle([encryptBallot(d.Y, [[1, 0]]), encryptBallot(d.Y, [[0, 1]]), encryptBallot(d.Y, [[1, 0]])]).map((c) => ({ kind: 'e' as const, ciphertexts: c }));
    const sums = computeSums(
      entries.map((e) => e.ciphertexts),
      shape,
    );
    const dec = (m: number) => makeDecryption('v', m, d.shares[m - 1]!, d.commitments, sums);
    const input = { voteId: 'v', kov: '0784', title: { et: 'a', en: 'b', ru: 'c' }, questions, key: { threshold: 2, members: 3, commitments: d.commitments }, entries };
    expect(buildBoard({ ...input, decryptions: [dec(2), dec(3)] }).tally.counts).toEqual([[2, 1]]);
    expect(buildBoard({ ...input, decryptions: [dec(1), dec(2), dec(3)], sums }).tally.counts).toEqual([[2, 1]]);
    expect(() => buildBoard({ ...input, decryptions: [dec(2)] })).toThrow(/1 decryptions, 2 needed/);
    expect(() => buildBoard({ ...input, decryptions: [dec(2), dec(2)] })).toThrow(/twice/);
    const forged = dec(3);
    forged.shares[0]![1] = G(1);
    expect(() => buildBoard({ ...input, decryptions: [dec(1), forged] })).toThrow(/proof of member 3 at \[0\]\[1\]/);
    const ragged = dec(1);
    ragged.shares[0]!.pop();
    expect(() => buildBoard({ ...input, decryptions: [ragged, dec(2)] })).toThrow(/shape/);
    expect(() => makeDecryption('v', 1, scalarAdd(d.shares[0]!, scalarFromInt(1)), d.commitments, sums)).toThrow(/does not match its public commitment/);
    expect(() => makeDecryption('v', 2, d.shares[0]!, d.commitments, sums)).toThrow(/member 2/);
    expect(() => buildBoard({ ...input, entries: [...entries, entries[0]!], decryptions: [dec(1), dec(2)] })).toThrow(/duplicate tracker/);
  });
});

describe('shuffle', () => {
  it('returns a permutation and leaves the input alone', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const ys = shuffle(xs);
    expect(xs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...ys].sort((a, b) => a - b)).toEqual(xs);
    expect(shuffle([])).toEqual([]);
    expect(shuffle(['a'])).toEqual(['a']);
  });

  it('gives every order of three about equally often', () => {
    const seen = new Map<string, number>();
    for (let t = 0; t < 6000; t++) {
      const k = shuffle(['a', 'b', 'c']).join('');
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    // Expected 1000 each, σ ≈ 29: 800…1200 is a ±7σ band.
    for (const n of seen.values()) expect(n > 800 && n < 1200).toBe(true);
  });
});
