// The encryption pool: ballots encrypted on worker threads decrypt to what was chosen, carry the
// tracker of their bytes, and many at once all come back to the right caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerOfBytes } from './crypto/board.js';
import { ballotFromBytes, decrypt } from './crypto/elgamal.js';
import { mulBase, ready, scalarRandom } from './crypto/group.js';
import { nativeRistretto } from './crypto/native.js';
import { closeEncryptPool, encryptBallotBytes, encryptThreads, encryptionStatus } from './encrypt-pool.js';

const VOTE = '01900000-0000-7000-8000-0000000000aa';
const saved = process.env.VALLAMAJA_ENCRYPT_THREADS;

beforeAll(async () => {
  await ready();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.VALLAMAJA_ENCRYPT_THREADS;
  else process.env.VALLAMAJA_ENCRYPT_THREADS = saved;
  await closeEncryptPool();
});

describe('encryptThreads', () => {
  it('reads VALLAMAJA_ENCRYPT_THREADS and refuses nonsense', () => {
    expect(encryptThreads({ VALLAMAJA_ENCRYPT_THREADS: '0' })).toBe(0);
    expect(encryptThreads({ VALLAMAJA_ENCRYPT_THREADS: '3' })).toBe(3);
    expect(() => encryptThreads({ VALLAMAJA_ENCRYPT_THREADS: 'two' })).toThrow(/whole number/);
    expect(() => encryptThreads({ VALLAMAJA_ENCRYPT_THREADS: '-1' })).toThrow(/whole number/);
    const d = encryptThreads({});
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(4);
  });
});

describe.each(['0', '2'])('encryptBallotBytes with %s worker threads', (threads) => {
  it('encrypts the 0/1 matrix under Y, with the tracker of the bytes, for 40 ballots at once', async () => {
    process.env.VALLAMAJA_ENCRYPT_THREADS = threads;
    const x = scalarRandom();
    const Y = mulBase(x);
    const matrices = Array.from({ length: 40 }, (_, i) => [
      [i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0],
      [i % 2, 1 - (i % 2)],
    ]);
    const out = await Promise.all(matrices.map((m) => encryptBallotBytes(VOTE, Y, m)));
    out.forEach(({ tracker, ct }, i) => {
      expect(tracker).toBe(trackerOfBytes(VOTE, ct));
      const ballot = ballotFromBytes(ct, [3, 2]);
      expect(ballot.map((row) => row.map((c) => decrypt(x, c, 1)))).toEqual(matrices[i]);
    });
    expect(new Set(out.map((o) => o.tracker)).size).toBe(40); // fresh randomness every time
  });
});

it('starts again after the pool is closed', async () => {
  process.env.VALLAMAJA_ENCRYPT_THREADS = '1';
  const Y = mulBase(scalarRandom());
  await encryptBallotBytes(VOTE, Y, [[1]]);
  await closeEncryptPool();
  const { ct } = await encryptBallotBytes(VOTE, Y, [[0]]);
  expect(ct.length).toBe(64);
});

it('answers a bad job with an error, not a hang', async () => {
  process.env.VALLAMAJA_ENCRYPT_THREADS = '1';
  await expect(encryptBallotBytes(VOTE, mulBase(scalarRandom()), [[2]])).rejects.toThrow(/0 or 1/);
});

describe('encryptionStatus (the start-up line)', () => {
  // with the addon off see crypto/elgamal.ct.test.ts and voting.encrypt-policy.test.ts
  it('names the addon when it encrypts, whatever the fallback policy; CI requires it', () => {
    if (process.env.VALLAMAJA_REQUIRE_NATIVE === '1') expect(nativeRistretto()?.encrypt).toBeTypeOf('function');
    if (!nativeRistretto()?.encrypt) return;
    for (const policy of ['allow', 'refuse'] as const) {
      expect(encryptionStatus(policy)).toEqual({ path: 'addon', reason: null, line: 'Ballot encryption: the native addon (constant-time fixed-base tables).' });
    }
  });
});
