// The JavaScript fallback of ballot encryption (elgamal.ts encryptBitsFallback: no addon, the addon
// turned off, or its table failed) takes no branch on the vote. This file turns the addon off, so
// encryptBallotToBytes runs the fallback, and checks:
// - its ballots decrypt to the choices and a whole election on them verifies (proofs and counts);
// - the secret path's source has no conditional and no index that depends on m;
// - a 0 and a 1 make the very same sequence of libsodium calls, with answers of the same shape;
// - the fallback can be refused (fail closed) and the scratch holding r is wiped.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// vitest: own process
// before anything loads the addon (native.ts reads this once, on first use)
const savedNative = process.env.VALLAMAJA_NATIVE;
process.env.VALLAMAJA_NATIVE = 'off';

const { EncryptionRefusedError, ballotEncryptionPath, ballotFromBytes, decrypt, encryptBallotToBytes } = await import('./elgamal.js');
const { isIdentity, isValidPoint, mulBase, rawSodium, ready, scalarRandom } = await import('./group.js');
const { randomElection, rng } = await import('./testkit.js');
const { verifyBoard } = await import('./verify.js');

beforeAll(async () => {
  await ready();
});
afterAll(() => {
  if (savedNative === undefined) delete process.env.VALLAMAJA_NATIVE;
  else process.env.VALLAMAJA_NATIVE = savedNative;
});

/** The text of a top-level function of elgamal.ts (from its header to the closing brace at column 0). */
function functionSource(name: string): string {
  const src = fs.readFileSync(new URL('./elgamal.ts', import.meta.url), 'utf8');
  const start = src.indexOf(`function ${name}(`);
  expect(start, `function ${name} in elgamal.ts`).toBeGreaterThan(-1);
  const end = src.indexOf('\n}\n', start);
  return src.slice(start, end + 2);
}

describe('the JavaScript fallback of ballot encryption', () => {
  it('is the path in use here (the addon is off)', () => {
    expect(ballotEncryptionPath()).toBe('fallback');
  });

  it('encrypts 0 and 1 so that they decrypt to 0 and 1, with a fresh r each time', () => {
    const x = scalarRandom();
    const Y = mulBase(x);
    const choices = [[0, 1], [1, 0, 0], [1], [0]];
    const bytes = encryptBallotToBytes(Y, choices);
    const ballot = ballotFromBytes(bytes, choices.map((r) => r.length));
    expect(ballot.map((row) => row.map((c) => decrypt(x, c, 1)))).toEqual(choices);
    const As = ballot.flat().map((c) => Buffer.from(c.A).toString('hex'));
    expect(new Set(As).size).toBe(As.length);
    expect(Buffer.from(encryptBallotToBytes(Y, choices)).equals(Buffer.from(bytes))).toBe(false);
  });

  it('makes ballots that a whole election tallies and verifies: proofs, sums and counts (3 elections)', () => {
    const r = rng(20261205);
    for (let i = 0; i < 3; i++) {
      const e = randomElection(r, { k: 2, n: 3, shape: [2, 3], voters: 9 });
      const report = verifyBoard(e.board);
      expect(report.ok, JSON.stringify(report.checks.filter((c) => !c.ok))).toBe(true);
      expect(e.board.tally.counts).toEqual(e.expected);
    }
  });

  it('refuses anything but 0 and 1 before any work, and m values that only look like 0/1', () => {
    const Y = mulBase(scalarRandom());
    for (const bad of [2, -1, 0.5, Number.NaN, '1' as unknown as number, true as unknown as number]) {
      expect(() => encryptBallotToBytes(Y, [[bad]]), String(bad)).toThrow(/0 or 1/);
    }
  });

  it('has no conditional, loop condition or index that depends on m in the secret path (source)', () => {
    const body = functionSource('encryptBitsFallback');
    // every condition: if (…), while (…), … ? …, switch (…), and the short-circuit operators
    const conditions = [
      ...[...body.matchAll(/\b(?:if|while|switch)\s*\(([^)]*(?:\([^)]*\)[^)]*)*)\)/g)].map((m) => m[1]!),
      ...[...body.matchAll(/([^\n;]*)\?(?![.?])[^\n;]*:/g)].map((m) => m[1]!),
      ...[...body.matchAll(/([^\n;]*(?:&&|\|\|)[^\n;]*)/g)].map((m) => m[1]!),
    ];
    for (const c of conditions) expect(c, `a condition in encryptBitsFallback: ${c}`).not.toMatch(/\bm\b|\bmask\b/);
    // the only branch is on libsodium's combined return code, after the loop
    expect(body.match(/\bif\s*\(/g)).toEqual(['if (']);
    expect(body).toMatch(/if \(rc !== 0\) throw/);
    expect(body).not.toMatch(/\?[^.?]|\bswitch\b|&&|\|\|/);
    // no array or memory index computed from m (a cache-timing leak): m only ever appears as m[k]
    for (const idx of body.matchAll(/\[([^\]]*)\]/g)) expect(idx[1], `index [${idx[1]}]`).not.toMatch(/\bm\b|\bmask\b/);
    // m is used exactly once: to make the mask
    expect(body.match(/\bm\[/g)).toEqual(['m[']);
    expect(body).toMatch(/const mask = -\(m\[k\]! & 1\) & 0xff;/);
    // and the random scalar's helper never sees m
    expect(encryptBallotToBytes.toString()).toContain('encryptBitsFallback');
  });

  it('makes the same libsodium calls, in the same order, on the same buffers, for a 0 as for a 1', () => {
    const raw = rawSodium() as unknown as Record<string, unknown>;
    const names = ['_crypto_core_ristretto255_add', '_crypto_scalarmult_ristretto255', '_crypto_scalarmult_ristretto255_base', '_crypto_core_ristretto255_scalar_reduce', '_malloc', '_free'];
    const saved = names.map((n) => raw[n]);
    const trace = (choices: number[][]): string[] => {
      const calls: string[] = [];
      let base = -1; // the scratch's address: arguments are recorded as offsets into it
      names.forEach((n, i) => {
        const f = saved[i] as (...a: number[]) => number;
        raw[n] = (...a: number[]) => {
          const v = f(...a);
          if (n === '_malloc' && base < 0) base = v;
          calls.push(`${n}(${n === '_malloc' ? a.join(', ') : a.map((x) => x - base).join(', ')}) = ${n === '_malloc' ? 'p' : String(v)}`);
          return v;
        };
      });
      try {
        const Y = mulBase(scalarRandom());
        const out = encryptBallotToBytes(Y, choices);
        expect(out.length).toBe(64 * choices.flat().length);
      } finally {
        names.forEach((n, i) => (raw[n] = saved[i]));
      }
      return calls;
    };
    const zeros = trace([[0, 0, 0]]);
    const ones = trace([[1, 1, 1]]);
    const mixed = trace([[0, 1, 0]]);
    expect(zeros.filter((c) => c.startsWith('_crypto_core_ristretto255_add')).length).toBe(3); // the addition is always made
    expect(ones).toEqual(zeros);
    expect(mixed).toEqual(zeros);
  });

  it('answers points of the same shape for 0 and 1: valid, never the identity, 64 bytes a ciphertext', () => {
    const Y = mulBase(scalarRandom());
    for (const m of [0, 1]) {
      const out = encryptBallotToBytes(Y, [[m, m]]);
      expect(out.length).toBe(128);
      for (let o = 0; o < 128; o += 32) {
        const p = out.subarray(o, o + 32);
        expect(isValidPoint(p)).toBe(true);
        expect(isIdentity(p)).toBe(false);
      }
    }
  });

  it('wipes its scratch in libsodium memory (r, r·Y, m·G) before freeing it', () => {
    const raw = rawSodium();
    const Y = mulBase(scalarRandom());
    const malloc = raw._malloc.bind(raw);
    const free = raw._free.bind(raw);
    const sizes = new Map<number, number>();
    const seen: { size: number; zero: boolean }[] = [];
    raw._malloc = (n: number) => {
      const p = malloc(n);
      sizes.set(p, n);
      return p;
    };
    raw._free = (p: number) => {
      const n = sizes.get(p) ?? 0;
      seen.push({ size: n, zero: raw.HEAPU8.subarray(p, p + n).every((b) => b === 0) });
      free(p);
    };
    try {
      encryptBallotToBytes(Y, [[1, 0, 1]]);
    } finally {
      raw._malloc = malloc;
      raw._free = free;
    }
    // one scratch of 256 bytes, allocated and freed by the encryption itself, all zeros when freed
    expect(seen).toEqual([{ size: 256, zero: true }]);
  });

  it('fails closed when the fallback is refused (VALLAMAJA_ENCRYPT_FALLBACK=refuse)', () => {
    const Y = mulBase(scalarRandom());
    expect(() => encryptBallotToBytes(Y, [[1, 0]], { fallback: 'refuse' })).toThrow(EncryptionRefusedError);
    expect(() => encryptBallotToBytes(Y, [[1, 0]], { fallback: 'refuse' })).toThrow(/VALLAMAJA_ENCRYPT_FALLBACK=refuse/);
    expect(encryptBallotToBytes(Y, [[1, 0]], { fallback: 'allow' }).length).toBe(128);
  });
});
