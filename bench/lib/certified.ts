// Shared by the results-night benchmarks (vote-at-scale, results-page): a scratch PostgreSQL
// database, a vote with a large roll and many ballots put in place in bulk (the point is the
// pipeline after the cast: close, decryption, publication, certification, the results page, verify),
// a poll row over the vote so its public pages exist, and a sampler of the process's peak memory.
//
// Ballots are real: every one is encrypted under the vote's key (native addon when built) with its
// own randomness and its tracker computed as at cast time; they are written with COPY (no HTTP,
// no per-ballot transaction) together with the voters' participation rows.
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../../src/kernel/audit.js';
import { uuidv7 } from '../../src/kernel/ids.js';
import { nowMs } from '../../src/kernel/clock.js';
import { trackerOfBytes } from '../../src/modules/voting/crypto/board.js';
import { encryptBallotToBytes } from '../../src/modules/voting/crypto/elgamal.js';
import { pointFromHex, ready } from '../../src/modules/voting/crypto/group.js';
import type { Official, QuestionDef } from '../../src/modules/voting/service.js';
import { createVote, dealKey, openVote } from '../../src/modules/voting/service.js';

import { KOV } from './scratch.js';

export { KOV };
export const SYSTEM: Actor = { kind: 'system', id: null, name: 'bench' };
export const by: Official = { kov: KOV, actor: SYSTEM };
export const member = (i: number): Official => ({ kov: KOV, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000000${i}`, name: `Liige ${i}` } });
const T = (s: string) => ({ et: s, en: s, ru: s });

/** `--name value` from argv, as a number. */
export function numArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number`);
  return v;
}

export const log = (s: string) => process.stderr.write(`${s}\n`);

export { scratchDb } from './scratch.js';
import type { Scratch } from './scratch.js';
export type { Scratch };

export interface ScaleVote {
  voteId: string;
  pollId: string;
  shares: { member: number; share: string }[];
  /** Expected counts per option. */
  expected: number[];
}

/**
 * A vote with `roll` people on its roll (60 settlement units, birth dates over 70 years) and
 * `ballots` of them voting (one question, `options` options, one choice each), open and ready to
 * close; a published poll over it (the public pages are the polls module's).
 */
export async function scaleVote(s: Scratch, opts: { roll: number; ballots: number; options: number }): Promise<ScaleVote> {
  await ready();
  const { db, client } = s;
  const QS: QuestionDef[] = [
    { id: 'q1', text: T('Mida ehitada?'), rule: { kind: 'one' }, options: Array.from({ length: opts.options }, (_, o) => ({ id: `o${o + 1}`, text: T(`Valik ${o + 1}`) })) },
  ];
  const opensAt = new Date(nowMs() - 86_400_000);
  const { id: voteId } = await db.tx((t) => createVote(t, { ...by, title: T('Tulemuste öö'), questions: QS, opensAt, closesAt: new Date(nowMs() + 86_400_000), revote: true }), { kov: KOV });
  await client.query(
    `INSERT INTO voting_roll (vote_id, voter_hash, kov_code, unit_code, birth_date)
     SELECT $1, md5('bench-' || i), $2, lpad((1000 + i % 60)::text, 4, '0'), date '1936-01-01' + (i::bigint * 7919 % 25500)::int
       FROM generate_series(0, $3 - 1) AS i`,
    [voteId, KOV, opts.roll],
  );
  await client.query('UPDATE voting_vote SET roll_size = $2 WHERE id = $1', [voteId, opts.roll]);
  const dealt = await dealKey(db, voteId, 2, 3, by);
  await openVote(db, voteId, by);
  const Y = pointFromHex(dealt.Y);

  // the ballots, encrypted a batch at a time and streamed into COPY (memory stays flat)
  const expected = new Array<number>(opts.options).fill(0);
  const copy = client.query(copyFrom('COPY voting_ballot (vote_id, voter_hash, kov_code, kind, n, tracker, ct) FROM STDIN'));
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const { createHash } = await import('node:crypto');
  const BATCH = 2000;
  for (let i = 0; i < opts.ballots; i += BATCH) {
    let text = '';
    for (let j = i; j < Math.min(opts.ballots, i + BATCH); j++) {
      const choice = (j * 7 + (j >> 3)) % opts.options;
      expected[choice]!++;
      const row = Array.from({ length: opts.options }, (_, o) => (o === choice ? 1 : 0));
      const ct = encryptBallotToBytes(Y, [row]);
      const hash = createHash('md5').update(`bench-${j}`).digest('hex');
      text += `${voteId}\t${hash}\t${KOV}\te\t1\t${trackerOfBytes(voteId, ct)}\t\\\\x${Buffer.from(ct).toString('hex')}\n`;
    }
    if (!copy.write(text)) await new Promise((r) => copy.once('drain', r));
    if (i % 100_000 === 0 && i > 0) log(`  … ${i} ballots encrypted and written`);
  }
  copy.end();
  await done;
  await client.query(
    `INSERT INTO voting_participation (vote_id, voter_hash, kov_code, kind, casts, first_at, last_at)
     SELECT vote_id, voter_hash, kov_code, 'e', 1, now(), now() FROM voting_ballot WHERE vote_id = $1`,
    [voteId],
  );
  const pollId = uuidv7();
  await client.query(
    `INSERT INTO polls_poll (id, kov_code, vote_id, description, rules, threshold, members, published_at)
     VALUES ($1, $2, $3, $4, $5, 2, 3, now())`,
    [pollId, KOV, voteId, JSON.stringify(T('Pingitest')), JSON.stringify({ units: [], minAge: 16, on: null, residentSince: null, extraLists: [] })],
  );
  await client.query('ANALYZE');
  return { voteId, pollId, shares: dealt.shares, expected };
}

/** Samples this process's resident set size; peak() since the last reset (MB). */
export function memorySampler(everyMs = 25) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    reset() {
      peak = process.memoryUsage.rss();
    },
    peakMb() {
      sample();
      return peak / 1024 / 1024;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** Runs fn, answering its time (s) and the peak RSS (MB) while it ran. */
export async function step<T>(mem: ReturnType<typeof memorySampler>, name: string, fn: () => Promise<T>): Promise<{ value: T; s: number; mb: number }> {
  mem.reset();
  const t0 = performance.now();
  const value = await fn();
  const s = (performance.now() - t0) / 1000;
  const mb = mem.peakMb();
  log(`${name}: ${s.toFixed(2)} s, peak RSS ${mb.toFixed(0)} MB`);
  return { value, s, mb };
}
