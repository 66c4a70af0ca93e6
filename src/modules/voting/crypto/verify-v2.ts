// Verifying a board of format 2 (docs/voting-board-v2.md "What a verifier checks"): the document's
// format, VOTING.md checks 1 and 2 on the entries (the v2 chain start, the v2 tracker over the slots,
// every point valid), the turnout, the key, and the mix section (verifyMixSection: its format, the
// proof of shuffle against the entries' slots in seq order, the decryptions and decoded ballots).
// Never throws; answers the same report as verifyBoard (version 1).
import { chainHash } from './board.js';
import { POINT_BYTES, bytesEqual, fromHex, isHex32, isValidPoint } from './group.js';
import { SLOT_BYTES, chainStartV2, slotTracker, verifyMixSection, type MixCheckName } from './mix.js';
import type { CheckName, CheckResult, VerifyReport } from './verify.js';

const HEX64 = /^[0-9a-f]{64}$/;

function exactKeys(x: unknown, keys: string[]): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).sort().join(',') === [...keys].sort().join(',');
}

interface Doc {
  voteId: string;
  questions: { id: string; options: { id: string }[] }[];
  key: { Y: string; threshold: number; members: number; commitments: string[] };
  entries: { seq: number; kind: string; tracker: string; slots: [string, string][]; prev: string; hash: string }[];
  turnout: number;
  mix: { slots: number } | null;
}

/** The document's shape (not the mix section's, which verifyMixSection checks): problems, and K. */
function formatProblems(b: unknown): { problems: string[]; K: number } {
  const problems: string[] = [];
  if (!exactKeys(b, ['format', 'voteId', 'kov', 'title', 'questions', 'key', 'entries', 'turnout', 'mix'])) {
    return { problems: ['the document must have exactly the fields format, voteId, kov, title, questions, key, entries, turnout, mix'], K: 0 };
  }
  if (b.format !== 'vallamaja-board/2') problems.push('format is not vallamaja-board/2');
  if (typeof b.voteId !== 'string' || b.voteId === '') problems.push('voteId is not a string');
  const qs = b.questions;
  if (!Array.isArray(qs) || qs.length !== 1) problems.push('questions must be a list of exactly one question');
  else if (!exactKeys(qs[0], ['id', 'options']) || !Array.isArray(qs[0].options) || qs[0].options.length < 1 || qs[0].options.some((o) => !exactKeys(o, ['id']) || typeof o.id !== 'string')) {
    problems.push('the question must have an id and a list of options, each with an id');
  }
  const key = b.key;
  if (!exactKeys(key, ['Y', 'threshold', 'members', 'commitments'])) problems.push('key must have exactly the fields Y, threshold, members, commitments');
  else {
    if (typeof key.Y !== 'string' || !HEX64.test(key.Y)) problems.push('key.Y is not 64 lowercase hex digits');
    if (!Number.isSafeInteger(key.threshold) || !Number.isSafeInteger(key.members) || (key.threshold as number) < 1) problems.push('key.threshold and key.members must be integers');
    if (!Array.isArray(key.commitments) || key.commitments.length < 1 || key.commitments.some((c) => typeof c !== 'string' || !HEX64.test(c))) problems.push('key.commitments must be a list of 64 lowercase hex digits');
  }
  if (!Number.isSafeInteger(b.turnout) || (b.turnout as number) < 0) problems.push('turnout is not a non-negative integer');
  const mixK = exactKeys(b.mix, ['format', 'slots', 'ideas', 'outputs', 'proof', 'decryptions', 'ballots']) && Number.isSafeInteger(b.mix.slots) ? (b.mix.slots as number) : 0;
  const entries = b.entries;
  let K = mixK;
  if (!Array.isArray(entries)) problems.push('entries is not a list');
  else {
    if (K === 0 && entries.length > 0 && exactKeys(entries[0], ['seq', 'kind', 'tracker', 'slots', 'prev', 'hash']) && Array.isArray(entries[0].slots)) K = entries[0].slots.length;
    let reported = 0;
    entries.forEach((e, i) => {
      const bad = (m: string) => {
        if (reported++ < 20) problems.push(`entry ${i + 1}: ${m}`);
      };
      if (!exactKeys(e, ['seq', 'kind', 'tracker', 'slots', 'prev', 'hash'])) return bad('must have exactly the fields seq, kind, tracker, slots, prev, hash');
      if (!Number.isSafeInteger(e.seq)) bad('seq is not an integer');
      if (e.kind !== 'e' && e.kind !== 'paper') bad('kind is not "e" or "paper"');
      for (const f of ['tracker', 'prev', 'hash'] as const) if (typeof e[f] !== 'string' || !HEX64.test(e[f] as string)) bad(`${f} is not 64 lowercase hex digits`);
      const slots = e.slots;
      if (!Array.isArray(slots) || slots.length !== K || slots.some((c) => !Array.isArray(c) || c.length !== 2 || c.some((x) => typeof x !== 'string' || !HEX64.test(x)))) {
        bad(`slots must be ${K} ciphertexts of two 64-hex-digit points`);
      }
    });
    if (reported > 20) problems.push(`… and ${reported - 20} more entry problems`);
  }
  if (b.mix === null && (b.turnout !== 0 || (Array.isArray(entries) && entries.length > 0))) problems.push('mix is null but ballots were counted');
  if (K < 1 && Array.isArray(entries) && entries.length > 0) problems.push('the entries have no slots');
  return { problems, K };
}

/** Runs every check of a format-2 board (see the file's head) on a document (any JSON value). */
export function verifyBoardV2(board: unknown): VerifyReport {
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const record = (name: CheckName, problems: string[], okDetail: string): boolean => {
    const ok = problems.length === 0;
    checks.push({ name, ok, detail: ok ? okDetail : problems.slice(0, 50).join('; ') });
    for (const m of problems.slice(0, 50)) errors.push(`${name}: ${m}`);
    return ok;
  };
  const rest: CheckName[] = ['chain', 'trackers', 'points', 'turnout', 'key', 'mix', 'shuffle', 'decryptions'];
  let fmt: { problems: string[]; K: number };
  try {
    fmt = formatProblems(board);
  } catch (e) {
    fmt = { problems: [`could not be checked: ${e instanceof Error ? e.message : String(e)}`], K: 0 };
  }
  if (!record('format', fmt.problems, 'format vallamaja-board/2')) {
    for (const n of rest) {
      checks.push({ name: n, ok: false, detail: 'not checked: the document is not in the board format' });
      errors.push(`${n}: not checked: the document is not in the board format`);
    }
    return { ok: false, checks, errors };
  }
  const b = board as Doc;
  const K = fmt.K;
  const N = b.entries.length;

  // the entries' slots in seq order: the mix's inputs
  const inputs = new Uint8Array(N * K * SLOT_BYTES);
  b.entries.forEach((e, i) => e.slots.forEach(([A, B], k) => inputs.set(fromHex(A + B), (i * K + k) * SLOT_BYTES)));

  // 1. The chain (the v2 start), seq 1…N, unique trackers.
  const chain: string[] = [];
  let prev = chainStartV2(b.voteId);
  const seen = new Map<string, number>();
  b.entries.forEach((e, i) => {
    if (e.seq !== i + 1) chain.push(`chain break at seq ${e.seq}: entry ${i + 1} of the list has seq ${e.seq}`);
    if (e.prev !== prev) chain.push(`chain break at seq ${e.seq}: prev is not ${i === 0 ? 'the chain start' : 'the hash of the entry before'}`);
    if (chainHash(e.prev, e.seq, e.kind as 'e' | 'paper', e.tracker) !== e.hash) chain.push(`chain break at seq ${e.seq}: hash does not recompute`);
    const dup = seen.get(e.tracker);
    if (dup !== undefined) chain.push(`duplicate tracker at seq ${e.seq} (same as seq ${dup})`);
    else seen.set(e.tracker, e.seq);
    prev = e.hash;
  });
  record('chain', chain, `${N} entries, seq 1…${N}, chain intact, trackers unique`);

  // 2. Trackers (format 2) and points.
  const trackers: string[] = [];
  b.entries.forEach((e, i) => {
    if (slotTracker(b.voteId, inputs.subarray(i * K * SLOT_BYTES, (i + 1) * K * SLOT_BYTES)) !== e.tracker) trackers.push(`tracker mismatch at seq ${e.seq}`);
  });
  record('trackers', trackers, `${N} trackers recompute from their slots`);
  const points: string[] = [];
  for (let j = 0; j < N * K * 2; j++) {
    if (!isValidPoint(inputs.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES))) points.push(`invalid point at seq ${Math.floor(j / (2 * K)) + 1}, slot ${Math.floor((j % (2 * K)) / 2) + 1} ${j & 1 ? 'B' : 'A'}`);
  }
  const Y = fromHex(b.key.Y);
  const commitments = b.key.commitments.map((c) => fromHex(c));
  if (!isValidPoint(Y)) points.push('invalid point key.Y');
  commitments.forEach((c, j) => {
    if (!isValidPoint(c)) points.push(`invalid point key.commitments[${j}]`);
  });
  const pointsOk = record('points', points, 'every point is a valid ristretto255 encoding');

  // 3. turnout = N.
  record('turnout', b.turnout === N ? [] : [`turnout ≠ N: turnout is ${b.turnout} but there are ${N} entries`], `turnout ${b.turnout} = ${N} entries`);

  // 4. The key.
  const k = b.key.threshold;
  const key: string[] = [];
  if (!isHex32(b.key.Y) || !bytesEqual(Y, commitments[0]!)) key.push('Y/commitment mismatch: key.Y is not commitments[0]');
  if (commitments.length !== k) key.push(`${commitments.length} commitments for threshold ${k} (one per coefficient expected)`);
  if (k > b.key.members) key.push(`threshold ${k} exceeds members ${b.key.members}`);
  const keyOk = record('key', key, `Y = C₀, ${k} commitments, threshold ${k} of ${b.key.members}`);

  // 5. The mix section: its format, the shuffle, the decryptions.
  const names: Record<MixCheckName, CheckName> = { format: 'mix', shuffle: 'shuffle', decryptions: 'decryptions' };
  if (b.mix === null) {
    for (const n of ['mix', 'shuffle', 'decryptions'] as const) checks.push({ name: n, ok: true, detail: 'nothing to mix: no ballots were counted' });
  } else if (!pointsOk || !keyOk) {
    for (const n of ['mix', 'shuffle', 'decryptions'] as const) {
      checks.push({ name: n, ok: false, detail: 'not checked: invalid points or key' });
      errors.push(`${n}: not checked: invalid points or key`);
    }
  } else {
    const report = verifyMixSection(
      { voteId: b.voteId, key: { Y, threshold: k, members: b.key.members, commitments }, inputs, slots: K, ideas: b.questions[0]!.options.length },
      b.mix,
    );
    for (const c of report.checks) {
      checks.push({ name: names[c.name], ok: c.ok, detail: c.detail });
      if (!c.ok) errors.push(`${names[c.name]}: ${c.detail}`);
    }
  }
  return { ok: checks.every((c) => c.ok), checks, errors };
}
