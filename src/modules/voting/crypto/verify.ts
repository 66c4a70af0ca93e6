// Verifying a public board (VOTING.md "What a verifier checks"): its format, the hash chain, the
// trackers, the points, the turnout, the sums, the key, every partial decryption and the counts.
// Anyone can run it on a downloaded board (`vallamaja verify`); it trusts nothing on the board.
import { POINT_BYTES, bytesEqual, fromHex32, isHex32, isValidPoint, mulBaseInt, type Point } from './group.js';
import { CIPHERTEXT_BYTES, discreteLog, sumCiphertextBytes } from './elgamal.js';
import { combineWithCoefficients, lagrangeAll, publicShare } from './feldman.js';
import { proofFromJson, verifyCp } from './proofs.js';

import { BOARD_FORMAT, trackerOfBytes, chainStart, chainHash, type BoardDocument } from './board.js';

// ---------------------------------------------------------------- verification

export type CheckName =
  | 'format'
  | 'chain'
  | 'trackers'
  | 'points'
  | 'turnout'
  | 'sums'
  | 'key'
  | 'decryptions'
  | 'counts'
  | 'voterTracker'
  // format 2 (verify-v2.ts): the mix section's format, the proof of shuffle
  | 'mix'
  | 'shuffle';

export interface CheckResult {
  name: CheckName;
  ok: boolean;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  checks: CheckResult[];
  /** Every problem found, each prefixed by its check's name. */
  errors: string[];
}

export interface VerifyOptions {
  /** A voter's tracker: check 5, that it appears among the entries. */
  tracker?: string;
}

/** At most this many messages per check are listed; the rest are counted. */
const MAX_MESSAGES = 50;

class Problems {
  readonly list: string[] = [];
  count = 0;
  add(msg: string): void {
    this.count++;
    if (this.list.length < MAX_MESSAGES) this.list.push(msg);
  }
  get ok(): boolean {
    return this.count === 0;
  }
  messages(): string[] {
    return this.count > this.list.length ? [...this.list, `… and ${this.count - this.list.length} more`] : this.list;
  }
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function exactKeys(o: Record<string, unknown>, keys: readonly string[], path: string, p: Problems): void {
  for (const k of keys) if (!Object.hasOwn(o, k)) p.add(`${path}: missing "${k}"`);
  for (const k of Object.keys(o)) if (!keys.includes(k)) p.add(`${path}: unknown field "${k}"`);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/** Checks a [q][o] grid of the vote's shape; `cell` validates one element. */
function checkGrid(x: unknown, shape: readonly number[], path: string, p: Problems, cell: (v: unknown, at: string) => void): void {
  if (!Array.isArray(x) || x.length !== shape.length) {
    p.add(`${path}: must be an array of ${shape.length} questions`);
    return;
  }
  x.forEach((row: unknown, q) => {
    if (!Array.isArray(row) || row.length !== shape[q]) {
      p.add(`${path}[${q}]: must be an array of ${shape[q]} options`);
      return;
    }
    row.forEach((v: unknown, o) => cell(v, `${path}[${q}][${o}]`));
  });
}

function hexCell(p: Problems) {
  return (v: unknown, at: string): void => {
    if (!isHex32(v)) p.add(`${at}: bad hex (64 lowercase hex digits expected)`);
  };
}

function pairCell(p: Problems) {
  return (v: unknown, at: string): void => {
    if (!Array.isArray(v) || v.length !== 2) p.add(`${at}: must be ["A hex", "B hex"]`);
    else if (!isHex32(v[0]) || !isHex32(v[1])) p.add(`${at}: bad hex (64 lowercase hex digits expected)`);
  };
}

/** Check "format": the document has exactly the shape of VOTING.md. Returns the vote's shape if the questions parse. */
function checkFormat(b: unknown, p: Problems): number[] | null {
  if (!isObj(b)) {
    p.add('the board is not a JSON object');
    return null;
  }
  exactKeys(b, ['format', 'voteId', 'kov', 'title', 'questions', 'key', 'entries', 'turnout', 'tally'], 'board', p);
  if (b.format !== BOARD_FORMAT) p.add(`wrong format string ${JSON.stringify(b.format)} (expected "${BOARD_FORMAT}")`);
  if (!isString(b.voteId) || b.voteId.length === 0) p.add('voteId: must be a non-empty string');
  if (!isString(b.kov)) p.add('kov: must be a string');
  if (!isObj(b.title)) p.add('title: must be an object {et, en, ru}');
  else {
    exactKeys(b.title, ['et', 'en', 'ru'], 'title', p);
    for (const l of ['et', 'en', 'ru']) if (l in b.title && !isString(b.title[l])) p.add(`title.${l}: must be a string`);
  }

  let shape: number[] | null = null;
  if (!Array.isArray(b.questions) || b.questions.length === 0) p.add('questions: must be a non-empty array');
  else {
    const qs: unknown[] = b.questions;
    const qids = new Set<string>();
    const s: number[] = [];
    qs.forEach((q, qi) => {
      const at = `questions[${qi}]`;
      if (!isObj(q)) {
        p.add(`${at}: must be an object {id, options}`);
        return;
      }
      exactKeys(q, ['id', 'options'], at, p);
      if (!isString(q.id)) p.add(`${at}.id: must be a string`);
      else if (qids.has(q.id)) p.add(`${at}.id: duplicate question id "${q.id}"`);
      else qids.add(q.id);
      if (!Array.isArray(q.options) || q.options.length === 0) {
        p.add(`${at}.options: must be a non-empty array`);
        return;
      }
      const opts: unknown[] = q.options;
      const oids = new Set<string>();
      opts.forEach((o, oi) => {
        if (!isObj(o)) return p.add(`${at}.options[${oi}]: must be an object {id}`);
        exactKeys(o, ['id'], `${at}.options[${oi}]`, p);
        if (!isString(o.id)) p.add(`${at}.options[${oi}].id: must be a string`);
        else if (oids.has(o.id)) p.add(`${at}.options[${oi}].id: duplicate option id "${o.id}"`);
        else oids.add(o.id);
      });
      s.push(opts.length);
    });
    if (s.length === qs.length) shape = s;
  }

  if (!isObj(b.key)) p.add('key: must be an object {Y, threshold, members, commitments}');
  else {
    const k = b.key;
    exactKeys(k, ['Y', 'threshold', 'members', 'commitments'], 'key', p);
    if (!isHex32(k.Y)) p.add('key.Y: bad hex (64 lowercase hex digits expected)');
    if (!isCount(k.threshold) || k.threshold < 1) p.add('key.threshold: must be a positive integer');
    if (!isCount(k.members) || k.members < 1) p.add('key.members: must be a positive integer');
    if (!Array.isArray(k.commitments) || k.commitments.length === 0) p.add('key.commitments: must be a non-empty array');
    else
      (k.commitments as unknown[]).forEach((c, j) => {
        if (!isHex32(c)) p.add(`key.commitments[${j}]: bad hex (64 lowercase hex digits expected)`);
      });
  }

  if (!Array.isArray(b.entries)) p.add('entries: must be an array');
  else {
    (b.entries as unknown[]).forEach((e, idx) => {
      const at = `entries[${idx}]`;
      if (!isObj(e)) return p.add(`${at}: must be an object`);
      exactKeys(e, ['seq', 'kind', 'tracker', 'ciphertexts', 'prev', 'hash'], at, p);
      if (!isCount(e.seq)) p.add(`${at}.seq: must be a non-negative integer`);
      if (e.kind !== 'e' && e.kind !== 'paper') p.add(`${at}.kind: must be "e" or "paper"`);
      for (const f of ['tracker', 'prev', 'hash'] as const) if (!isHex32(e[f])) p.add(`${at}.${f}: bad hex (64 lowercase hex digits expected)`);
      if (shape) checkGrid(e.ciphertexts, shape, `${at}.ciphertexts`, p, pairCell(p));
    });
  }

  if (!isCount(b.turnout)) p.add('turnout: must be a non-negative integer');

  if (!isObj(b.tally)) p.add('tally: must be an object {sums, decryptions, counts}');
  else {
    const t = b.tally;
    exactKeys(t, ['sums', 'decryptions', 'counts'], 'tally', p);
    if (shape) {
      checkGrid(t.sums, shape, 'tally.sums', p, pairCell(p));
      checkGrid(t.counts, shape, 'tally.counts', p, (v, at) => {
        if (!isCount(v)) p.add(`${at}: must be a non-negative integer`);
      });
    }
    if (!Array.isArray(t.decryptions)) p.add('tally.decryptions: must be an array');
    else {
      (t.decryptions as unknown[]).forEach((d, di) => {
        const at = `tally.decryptions[${di}]`;
        if (!isObj(d)) return p.add(`${at}: must be an object {member, shares, proofs}`);
        exactKeys(d, ['member', 'shares', 'proofs'], at, p);
        if (!isCount(d.member) || d.member < 1) p.add(`${at}.member: must be a positive integer`);
        if (shape) {
          checkGrid(d.shares, shape, `${at}.shares`, p, hexCell(p));
          checkGrid(d.proofs, shape, `${at}.proofs`, p, (v, pat) => {
            if (!isObj(v)) return p.add(`${pat}: must be an object {c, s}`);
            exactKeys(v, ['c', 's'], pat, p);
            if (!isHex32(v.c) || !isHex32(v.s)) p.add(`${pat}: bad hex (64 lowercase hex digits expected)`);
          });
        }
      });
    }
  }
  return shape;
}

/** The board's points, decoded once (hex is known good after the format check). */
interface Decoded {
  shape: number[];
  width: number;
  /** [q][o] of every flat position */
  pos: [number, number][];
  /** N × width × (A ‖ B), in tracker order */
  entries: Uint8Array;
  sums: Uint8Array;
  Y: Point;
  commitments: Point[];
  /** per decryption: width × D */
  shares: Uint8Array[];
}

function decode(b: BoardDocument, shape: number[]): Decoded {
  const width = shape.reduce((a, n) => a + n, 0);
  const pos: [number, number][] = [];
  shape.forEach((n, q) => {
    for (let o = 0; o < n; o++) pos.push([q, o]);
  });
  const stride = width * CIPHERTEXT_BYTES;
  const entries = Buffer.alloc(b.entries.length * stride);
  b.entries.forEach((e, idx) => {
    let off = idx * stride;
    for (const row of e.ciphertexts)
      for (const [A, B] of row) {
        entries.write(A, off, 'hex');
        entries.write(B, off + POINT_BYTES, 'hex');
        off += CIPHERTEXT_BYTES;
      }
  });
  const sums = Buffer.alloc(stride);
  let off = 0;
  for (const row of b.tally.sums)
    for (const [A, B] of row) {
      sums.write(A, off, 'hex');
      sums.write(B, off + POINT_BYTES, 'hex');
      off += CIPHERTEXT_BYTES;
    }
  const shares = b.tally.decryptions.map((d) => {
    const buf = Buffer.alloc(width * POINT_BYTES);
    let o = 0;
    for (const row of d.shares)
      for (const D of row) {
        buf.write(D, o, 'hex');
        o += POINT_BYTES;
      }
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  });
  return {
    shape,
    width,
    pos,
    entries: new Uint8Array(entries.buffer, entries.byteOffset, entries.byteLength),
    sums: new Uint8Array(sums.buffer, sums.byteOffset, sums.byteLength),
    Y: fromHex32(b.key.Y),
    commitments: b.key.commitments.map(fromHex32),
    shares,
  };
}

function at(pos: [number, number][], k: number): string {
  const [q, o] = pos[k]!;
  return `[${q}][${o}]`;
}

/**
 * Runs every check of VOTING.md "What a verifier checks" (1–5) on a board document (any JSON value).
 * Never throws: a malformed board gives ok: false with the reasons. Checks, in order:
 * format; chain (1); trackers, points (2); turnout, sums (3); key, decryptions, counts (4);
 * voterTracker (5, only when opts.tracker is given).
 */
export function verifyBoard(board: unknown, opts: VerifyOptions = {}): VerifyReport {
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const record = (name: CheckName, p: Problems, okDetail: string): boolean => {
    const msgs = p.messages();
    checks.push({ name, ok: p.ok, detail: p.ok ? okDetail : msgs.join('; ') });
    for (const m of msgs) errors.push(`${name}: ${m}`);
    return p.ok;
  };
  const skip = (name: CheckName, why: string): void => {
    checks.push({ name, ok: false, detail: `not checked: ${why}` });
    errors.push(`${name}: not checked: ${why}`);
  };
  const run = (name: CheckName, okDetail: string, fn: (p: Problems) => void): boolean => {
    const p = new Problems();
    try {
      fn(p);
    } catch (e) {
      p.add(`could not be checked: ${e instanceof Error ? e.message : String(e)}`);
    }
    return record(name, p, okDetail);
  };

  const formatProblems = new Problems();
  let shape: number[] | null = null;
  try {
    shape = checkFormat(board, formatProblems);
  } catch (e) {
    formatProblems.add(`could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
  const formatOk = record('format', formatProblems, `format ${BOARD_FORMAT}`);
  const rest: CheckName[] = ['chain', 'trackers', 'points', 'turnout', 'sums', 'key', 'decryptions', 'counts'];
  if (opts.tracker !== undefined) rest.push('voterTracker');
  if (!formatOk || !shape) {
    for (const n of rest) skip(n, 'the document is not in the board format');
    return { ok: false, checks, errors };
  }
  const b = board as BoardDocument;
  const N = b.entries.length;
  let d: Decoded;
  try {
    d = decode(b, shape);
  } catch (e) {
    for (const n of rest) skip(n, `could not decode: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false, checks, errors };
  }
  const stride = d.width * CIPHERTEXT_BYTES;

  // 1. The chain: every prev/hash recomputes; seq is 1…N without gaps; trackers are unique.
  run('chain', `${N} entries, seq 1…${N}, chain intact, trackers unique`, (p) => {
    const first = new Map<string, number>();
    let expectedPrev = chainStart(b.voteId);
    b.entries.forEach((e, idx) => {
      if (e.seq !== idx + 1) p.add(`chain break at seq ${e.seq}: entry ${idx + 1} of the list has seq ${e.seq} (expected ${idx + 1})`);
      if (e.prev !== expectedPrev) {
        p.add(`chain break at seq ${e.seq}: prev is not ${idx === 0 ? 'the chain start' : 'the hash of the entry before'}`);
      }
      if (chainHash(e.prev, e.seq, e.kind, e.tracker) !== e.hash) p.add(`chain break at seq ${e.seq}: hash does not recompute`);
      const dup = first.get(e.tracker);
      if (dup !== undefined) p.add(`duplicate tracker at seq ${e.seq} (same as seq ${dup})`);
      else first.set(e.tracker, e.seq);
      expectedPrev = e.hash;
    });
  });

  // 2. Every tracker recomputes from its ciphertexts; every point decodes.
  run('trackers', `${N} trackers recompute from their ciphertexts`, (p) => {
    b.entries.forEach((e, idx) => {
      if (trackerOfBytes(b.voteId, d.entries.subarray(idx * stride, (idx + 1) * stride)) !== e.tracker) {
        p.add(`tracker mismatch at seq ${e.seq}`);
      }
    });
  });

  const bad = { entries: false, sums: false, key: false, shares: false };
  // The entries' sums, computed here: libsodium's addition decodes both operands exactly as
  // crypto_core_ristretto255_is_valid_point does and fails on an invalid one, so a sum that
  // succeeds has shown every entry point valid. Only if it fails are the points checked one by one.
  const entrySums: { value: Uint8Array | null } = { value: null };
  run('points', 'every point is a valid ristretto255 encoding', (p) => {
    try {
      entrySums.value = sumCiphertextBytes(d.entries, d.width);
    } catch {
      bad.entries = true;
      for (let idx = 0; idx < N; idx++) {
        for (let k = 0; k < 2 * d.width; k++) {
          const off = idx * stride + k * POINT_BYTES;
          if (!isValidPoint(d.entries.subarray(off, off + POINT_BYTES))) {
            p.add(`invalid point at seq ${b.entries[idx]!.seq} ${at(d.pos, k >> 1)} ${k & 1 ? 'B' : 'A'}`);
          }
        }
      }
    }
    for (let k = 0; k < 2 * d.width; k++) {
      if (!isValidPoint(d.sums.subarray(k * POINT_BYTES, (k + 1) * POINT_BYTES))) {
        bad.sums = true;
        p.add(`invalid point in sums ${at(d.pos, k >> 1)} ${k & 1 ? 'B' : 'A'}`);
      }
    }
    if (!isValidPoint(d.Y)) {
      bad.key = true;
      p.add('invalid point key.Y');
    }
    d.commitments.forEach((c, j) => {
      if (!isValidPoint(c)) {
        bad.key = true;
        p.add(`invalid point key.commitments[${j}]`);
      }
    });
    d.shares.forEach((s, di) => {
      for (let k = 0; k < d.width; k++) {
        if (!isValidPoint(s.subarray(k * POINT_BYTES, (k + 1) * POINT_BYTES))) {
          bad.shares = true;
          p.add(`invalid point in the shares of member ${b.tally.decryptions[di]!.member} ${at(d.pos, k)}`);
        }
      }
    });
  });

  // 3. turnout = N; sums equal the sums of the entries.
  run('turnout', `turnout ${b.turnout} = ${N} entries`, (p) => {
    if (b.turnout !== N) p.add(`turnout ≠ N: turnout is ${b.turnout} but there are ${N} entries`);
  });
  const sumsOfEntries = entrySums.value;
  if (bad.entries || !sumsOfEntries) skip('sums', 'invalid points among the entries');
  else
    run('sums', `sums equal the sums of the ${N} entries`, (p) => {
      const s = sumsOfEntries;
      for (let k = 0; k < d.width; k++) {
        const off = k * CIPHERTEXT_BYTES;
        if (!bytesEqual(s.subarray(off, off + CIPHERTEXT_BYTES), d.sums.subarray(off, off + CIPHERTEXT_BYTES))) {
          p.add(`sum mismatch at ${at(d.pos, k)}`);
        }
      }
    });

  // 4. Every Yᵢ = Σⱼ iʲ·Cⱼ; every proof holds; the Lagrange combination gives the counts exactly.
  const k = b.key.threshold;
  if (bad.key) skip('key', 'invalid points in the key');
  else
    run('key', `Y = C₀, ${k} commitments, threshold ${k} of ${b.key.members}`, (p) => {
      if (!bytesEqual(d.Y, d.commitments[0]!)) p.add('Y/commitment mismatch: key.Y is not commitments[0]');
      if (d.commitments.length !== k) p.add(`${d.commitments.length} commitments for threshold ${k} (one per coefficient expected)`);
      if (k > b.key.members) p.add(`threshold ${k} exceeds members ${b.key.members}`);
    });

  const decs = b.tally.decryptions;
  const members = decs.map((x) => x.member);
  // Members usable for Lagrange: distinct, in range.
  const membersProblems = new Problems();
  const seenMembers = new Set<number>();
  for (const m of members) {
    if (m > b.key.members) membersProblems.add(`member ${m} is not in the committee 1…${b.key.members}`);
    if (seenMembers.has(m)) membersProblems.add(`duplicate member ${m}`);
    seenMembers.add(m);
  }
  if (seenMembers.size < k) membersProblems.add(`fewer than ${k} decryptions: ${seenMembers.size} distinct members`);

  if (bad.key || bad.sums || bad.shares) skip('decryptions', 'invalid points in the key, sums or shares');
  else
    run('decryptions', `${decs.length} partial decryptions (members ${members.join(', ')}), every proof holds`, (p) => {
      for (const m of membersProblems.list) p.add(m);
      decs.forEach((dec, di) => {
        if (dec.member > b.key.members) return;
        const Yi = publicShare(dec.member, d.commitments);
        for (let j = 0; j < d.width; j++) {
          const [q, o] = d.pos[j]!;
          const A = d.sums.subarray(j * CIPHERTEXT_BYTES, j * CIPHERTEXT_BYTES + POINT_BYTES);
          const D = d.shares[di]!.subarray(j * POINT_BYTES, (j + 1) * POINT_BYTES);
          let ok = false;
          try {
            ok = verifyCp(b.voteId, Yi, A, D, proofFromJson(dec.proofs[q]![o]));
          } catch {
            ok = false; // non-canonical scalar
          }
          if (!ok) p.add(`proof failure for member ${dec.member} at [${q}][${o}]`);
        }
      });
    });

  if (bad.sums || bad.shares) skip('counts', 'invalid points in the sums or shares');
  else if (!membersProblems.ok) skip('counts', `cannot combine: ${membersProblems.list.join('; ')}`);
  else
    run('counts', 'the Lagrange combination gives every count', (p) => {
      const lambdas = lagrangeAll(members);
      let reported = 0;
      for (let j = 0; j < d.width; j++) {
        const [q, o] = d.pos[j]!;
        const claimed = b.tally.counts[q]![o]!;
        const B = d.sums.slice(j * CIPHERTEXT_BYTES + POINT_BYTES, (j + 1) * CIPHERTEXT_BYTES);
        const M = combineWithCoefficients(
          B,
          lambdas,
          d.shares.map((s) => s.slice(j * POINT_BYTES, (j + 1) * POINT_BYTES)),
        );
        if (claimed > b.turnout) p.add(`counts mismatch at [${q}][${o}]: ${claimed} exceeds turnout ${b.turnout}`);
        else if (!bytesEqual(M, mulBaseInt(claimed))) {
          // Say what the decryption gives, for the first few (a search up to turnout each).
          const actual = reported++ < 10 ? discreteLog(M, b.turnout) : undefined;
          const says = actual === undefined ? '' : actual === null ? `, the decryption is no count 0…${b.turnout}` : `, the decryption gives ${actual}`;
          p.add(`counts mismatch at [${q}][${o}]: board says ${claimed}${says}`);
        }
      }
    });

  // 5. A voter's own tracker appears in the entries.
  if (opts.tracker !== undefined) {
    const t = typeof opts.tracker === 'string' ? opts.tracker.trim().toLowerCase() : '';
    let foundAt = 0;
    run('voterTracker', 'found', (p) => {
      if (!isHex32(t)) return p.add('the tracker to look for is not 64 hex digits');
      const e = b.entries.find((x) => x.tracker === t);
      if (!e) return p.add(`tracker not found: ${t}`);
      foundAt = e.seq;
    });
    const last = checks[checks.length - 1]!;
    if (last.ok) last.detail = `tracker found at seq ${foundAt}`;
  }

  return { ok: checks.every((c) => c.ok), checks, errors };
}
