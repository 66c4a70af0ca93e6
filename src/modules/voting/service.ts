// The voting core: votes, the frozen roll, the election key (dealt once), casting (electronic and
// paper), close (shuffle, drop the voter link, homomorphic sums), committee decryptions, the public
// board, results with suppressed turnout statistics, and certification. VOTING.md is the protocol.
//
// Every official action writes an audit entry in its own transaction. Casts by residents are not
// audited (participation is their record; one audit chain per KOV would serialise every cast).
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, forbidden, notFound, type FieldError } from '../../kernel/errors.js';
import { uuidv7, UUID_RE } from '../../kernel/ids.js';
import type { BoardDocument, BoardEntry, EntryKind } from './crypto/board.js';
import { buildBoard, chainHash, chainStart, makeDecryption, shuffle, verifyBoard } from './crypto/board.js';
import type { BallotCiphertexts } from './crypto/elgamal.js';
import { CIPHERTEXT_BYTES, ballotFromBytes } from './crypto/elgamal.js';
import { deal } from './crypto/feldman.js';
import { isHex32, pointFromHex, pointToHex, ready, scalarFromHex, scalarToHex } from './crypto/group.js';
import type { Point } from './crypto/group.js';
import { verifyShare } from './crypto/feldman.js';
import * as repo from './repo.js';
import type { VoteRow } from './repo.js';
import { sumBallotBytes } from './tally.js';
import { encryptBallotBytes, type Encrypted } from './encrypt-pool.js';
import { dateInTallinn } from '../../kernel/clock.js';

// ---------------------------------------------------------------- definitions

export interface Texts {
  et: string;
  en: string;
  ru: string;
}

/** A question's ballot rule: one choice; up to `max` choices; choices whose costs fit `budget`. */
export type Rule = { kind: 'one' } | { kind: 'upTo'; max: number } | { kind: 'budget'; budget: number };

export interface OptionDef {
  id: string;
  text: Texts;
  /** Cost of the option (budget rule only). */
  cost?: number;
}

export interface QuestionDef {
  id: string;
  text: Texts;
  rule: Rule;
  options: OptionDef[];
}

export interface VoteDefinition {
  title: Texts;
  questions: QuestionDef[];
  opensAt: Date | string;
  closesAt: Date | string;
  /** Re-voting allowed (then only the last electronic ballot counts). */
  revote: boolean;
}

/** Who acts for the KOV: the tenant and the audit actor. */
export interface Official {
  kov: string;
  actor: Actor;
}

export type VoteStatus = VoteRow['status'];

const ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

function checkTexts(x: unknown, field: string, errors: FieldError[]): void {
  const o = x as Partial<Texts> | null;
  for (const l of ['et', 'en', 'ru'] as const) {
    const v = o?.[l];
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2000) errors.push({ field: `${field}.${l}`, reason: 'voting.field.required' });
  }
}

/** Checks a vote definition; answers field errors (empty: valid). Pure. */
export function definitionErrors(d: VoteDefinition): FieldError[] {
  const errors: FieldError[] = [];
  checkTexts(d.title, 'title', errors);
  const opens = new Date(d.opensAt);
  const closes = new Date(d.closesAt);
  if (Number.isNaN(opens.getTime())) errors.push({ field: 'opensAt', reason: 'voting.field.invalid', vars: { what: 'date-time' } });
  if (Number.isNaN(closes.getTime()) || !(closes > opens)) errors.push({ field: 'closesAt', reason: 'voting.field.invalid', vars: { what: 'after opensAt' } });
  if (!Array.isArray(d.questions) || d.questions.length < 1 || d.questions.length > 50) {
    errors.push({ field: 'questions', reason: 'voting.field.invalid', vars: { what: '1…50 questions' } });
    return errors;
  }
  const qids = new Set<string>();
  d.questions.forEach((q, i) => {
    const f = `questions.${i}`;
    if (typeof q.id !== 'string' || !ID_RE.test(q.id) || qids.has(q.id)) errors.push({ field: `${f}.id`, reason: 'voting.field.invalid', vars: { what: 'unique id' } });
    qids.add(q.id);
    checkTexts(q.text, `${f}.text`, errors);
    if (!Array.isArray(q.options) || q.options.length < 1 || q.options.length > 100) {
      errors.push({ field: `${f}.options`, reason: 'voting.field.invalid', vars: { what: '1…100 options' } });
      return;
    }
    const oids = new Set<string>();
    q.options.forEach((o, j) => {
      if (typeof o.id !== 'string' || !ID_RE.test(o.id) || oids.has(o.id)) errors.push({ field: `${f}.options.${j}.id`, reason: 'voting.field.invalid', vars: { what: 'unique id' } });
      oids.add(o.id);
      checkTexts(o.text, `${f}.options.${j}.text`, errors);
      if (q.rule?.kind === 'budget' && !(Number.isSafeInteger(o.cost) && (o.cost ?? -1) >= 0)) {
        errors.push({ field: `${f}.options.${j}.cost`, reason: 'voting.field.invalid', vars: { what: 'cost ≥ 0' } });
      }
    });
    const r = q.rule;
    const okRule =
      r?.kind === 'one' ||
      (r?.kind === 'upTo' && Number.isSafeInteger(r.max) && r.max >= 1 && r.max <= q.options.length) ||
      (r?.kind === 'budget' && Number.isSafeInteger(r.budget) && r.budget >= 0);
    if (!okRule) errors.push({ field: `${f}.rule`, reason: 'voting.field.invalid', vars: { what: 'rule' } });
  });
  return errors;
}

/**
 * Checks a ballot against the rules and answers the 0/1 matrix [question][option] to encrypt.
 * `choices[q]` lists the chosen option ids of question q (empty: a blank answer). Throws a 400
 * naming the field (choices.q or choices.q.j). Pure.
 */
export function choicesToMatrix(questions: readonly QuestionDef[], choices: unknown): number[][] {
  if (!Array.isArray(choices) || choices.length !== questions.length) {
    throw badRequest([{ field: 'choices', reason: 'voting.field.questionCount', vars: { n: questions.length } }]);
  }
  return questions.map((q, qi) => {
    const picked = choices[qi] as unknown;
    const field = `choices.${qi}`;
    if (!Array.isArray(picked)) throw badRequest([{ field, reason: 'voting.field.invalid', vars: { what: 'a list of option ids' } }]);
    const row = q.options.map(() => 0);
    picked.forEach((id: unknown, j) => {
      const o = typeof id === 'string' ? q.options.findIndex((x) => x.id === id) : -1;
      if (o < 0) throw badRequest([{ field: `${field}.${j}`, reason: 'voting.field.unknownOption', vars: { id: String(id).slice(0, 40) } }]);
      if (row[o]) throw badRequest([{ field: `${field}.${j}`, reason: 'voting.field.duplicateOption', vars: { id: String(id) } }]);
      row[o] = 1;
    });
    const n = picked.length;
    const r = q.rule;
    if (r.kind === 'one' && n > 1) throw badRequest([{ field, reason: 'voting.field.tooManyChoices', vars: { max: 1 } }]);
    if (r.kind === 'upTo' && n > r.max) throw badRequest([{ field, reason: 'voting.field.tooManyChoices', vars: { max: r.max } }]);
    if (r.kind === 'budget') {
      const cost = q.options.reduce((s, o, i) => s + (row[i] ? (o.cost ?? 0) : 0), 0);
      if (cost > r.budget) throw badRequest([{ field, reason: 'voting.field.overBudget', vars: { cost, budget: r.budget } }]);
    }
    return row;
  });
}

// ---------------------------------------------------------------- reading votes

export interface VoteView {
  id: string;
  kov: string;
  title: Texts;
  questions: QuestionDef[];
  revote: boolean;
  opensAt: Date;
  closesAt: Date;
  status: VoteStatus;
  key: { threshold: number; members: number; commitments: string[] } | null;
  rollSize: number;
  turnout: number | null;
  createdAt: Date;
  closedAt: Date | null;
  publishedAt: Date | null;
  certifiedAt: Date | null;
}

function view(r: VoteRow): VoteView {
  return {
    id: r.id,
    kov: r.kov_code,
    title: r.title as Texts,
    questions: r.questions as QuestionDef[],
    revote: r.revote,
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
    status: r.status,
    key: r.commitments && r.threshold && r.members ? { threshold: r.threshold, members: r.members, commitments: r.commitments } : null,
    rollSize: r.roll_size,
    turnout: r.turnout,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    certifiedAt: r.certified_at ? new Date(r.certified_at) : null,
  };
}

async function voteIn(t: Tx, kov: string, voteId: string, forUpdate = false): Promise<VoteRow> {
  if (!UUID_RE.test(voteId)) throw notFound();
  const v = await repo.getVote(t, voteId, forUpdate);
  if (!v || v.kov_code !== kov) throw notFound();
  return v;
}

function needStatus(v: VoteRow, ...allowed: VoteStatus[]): void {
  if (!allowed.includes(v.status)) throw conflict('voting.error.wrongStatus', [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: v.status } }]);
}

export async function getVote(db: Db, kov: string, voteId: string): Promise<VoteView> {
  return db.tx(async (t) => view(await voteIn(t, kov, voteId)), { kov });
}

export async function listVotes(db: Db, kov: string): Promise<VoteView[]> {
  return db.tx(async (t) => (await repo.listVotes(t, kov)).map(view), { kov });
}

// ---------------------------------------------------------------- set-up

const isDb = (on: Db | Tx): on is Db => typeof (on as Partial<Db>).tx === 'function';

/**
 * Where a set-up step runs: given a Db, in a transaction of its own bound to the tenant; given the
 * caller's transaction (which must be bound to the same tenant), inside it, so that the caller
 * composes several steps into one transaction (polls' publish: roll, key, open and its own rows
 * commit together or not at all). One implementation of each rule either way.
 */
function within<T>(on: Db | Tx, kov: string, fn: (t: Tx) => Promise<T>): Promise<T> {
  if (isDb(on)) return on.tx(fn, { kov });
  if (on.system || on.kov !== kov) throw new Error(`the caller's transaction is bound to ${on.system ? 'the system' : (on.kov ?? 'no tenant')}, not to ${kov}`);
  return fn(on);
}

/** Creates a vote (status draft) in the caller's transaction (t must be bound to input.kov). */
export async function createVote(t: Tx, input: VoteDefinition & Official): Promise<{ id: string }> {
  const errors = definitionErrors(input);
  if (errors.length) throw badRequest(errors);
  const id = uuidv7();
  const questions: QuestionDef[] = input.questions.map((q) => ({
    id: q.id,
    text: { et: q.text.et, en: q.text.en, ru: q.text.ru },
    rule: q.rule.kind === 'one' ? { kind: 'one' } : q.rule.kind === 'upTo' ? { kind: 'upTo', max: q.rule.max } : { kind: 'budget', budget: q.rule.budget },
    options: q.options.map((o) => ({ id: o.id, text: { et: o.text.et, en: o.text.en, ru: o.text.ru }, ...(q.rule.kind === 'budget' ? { cost: o.cost ?? 0 } : {}) })),
  }));
  const title = { et: input.title.et, en: input.title.en, ru: input.title.ru };
  await repo.insertVote(t, { id, kov: input.kov, title, questions, revote: input.revote, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt) });
  await recordAudit(t, {
    kov: input.kov,
    actor: input.actor,
    action: 'voting.vote.create',
    targetType: 'voting_vote',
    targetId: id,
    after: { title, questions: questions.map((q) => ({ id: q.id, rule: q.rule, options: q.options.map((o) => o.id) })), revote: input.revote, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt) },
  });
  return { id };
}

export interface RollEntry {
  /** hashIdcode(config.idcodeHmacKey, idcode) */
  voterHash: string;
  /** Settlement unit (EHAK code or the KOV's own unit code). */
  unit: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Sets (replaces) the roll of a draft vote; it is frozen when the vote opens. `on` is a Db (the step
 * runs in its own transaction) or the caller's transaction bound to by.kov (see `within`).
 */
export async function setRoll(on: Db | Tx, voteId: string, entries: readonly RollEntry[], by: Official): Promise<{ size: number }> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (typeof e.voterHash !== 'string' || e.voterHash.length < 16 || e.voterHash.length > 128) errors.push({ field: `entries.${i}.idcode`, reason: 'voting.field.idcode' });
    else if (seen.has(e.voterHash)) errors.push({ field: `entries.${i}.idcode`, reason: 'voting.field.duplicateVoter' });
    seen.add(e.voterHash);
    if (typeof e.unit !== 'string' || e.unit.trim() === '' || e.unit.length > 40) errors.push({ field: `entries.${i}.unit`, reason: 'voting.field.required' });
    if (typeof e.birthDate !== 'string' || !DATE_RE.test(e.birthDate) || Number.isNaN(Date.parse(e.birthDate))) {
      errors.push({ field: `entries.${i}.birthDate`, reason: 'voting.field.invalid', vars: { what: 'YYYY-MM-DD' } });
    }
  });
  if (errors.length) throw badRequest(errors.slice(0, 20));
  return within(on, by.kov, async (t) => {
    const v = await voteIn(t, by.kov, voteId, true);
    needStatus(v, 'draft');
    await repo.replaceRoll(t, voteId, by.kov, entries);
    await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.roll.set', targetType: 'voting_vote', targetId: voteId, before: { size: v.roll_size }, after: { size: entries.length } });
    return { size: entries.length };
  });
}

/**
 * Deals the election key k of n (Feldman): stores only the commitments and answers the members'
 * shares ONCE (shares[i−1] is member i's, 64 hex digits). Refused if a key has been dealt.
 * In the caller's transaction (`on` a Tx), the caller must hand the shares out only after its
 * transaction has committed: if it rolls back, the commitments are gone and the shares are useless.
 */
export async function dealKey(on: Db | Tx, voteId: string, k: number, n: number, by: Official): Promise<{ threshold: number; members: number; Y: string; commitments: string[]; shares: { member: number; share: string }[] }> {
  if (!Number.isSafeInteger(n) || n < 1 || n > 50) throw badRequest([{ field: 'members', reason: 'voting.field.invalid', vars: { what: '1…50' } }]);
  if (!Number.isSafeInteger(k) || k < 1 || k > n) throw badRequest([{ field: 'threshold', reason: 'voting.field.invalid', vars: { what: `1…${n}` } }]);
  await ready();
  return within(on, by.kov, async (t) => {
    const v = await voteIn(t, by.kov, voteId, true);
    needStatus(v, 'draft');
    if (v.commitments) throw conflict('voting.error.keyDealt');
    const d = deal(k, n);
    const commitments = d.commitments.map(pointToHex);
    await t.query('UPDATE voting_vote SET threshold = $2, members = $3, commitments = $4 WHERE id = $1', [voteId, k, n, commitments]);
    await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.key.deal', targetType: 'voting_vote', targetId: voteId, after: { threshold: k, members: n, commitments } });
    const shares = d.shares.map((s, i) => ({ member: i + 1, share: scalarToHex(s) }));
    d.secret.fill(0);
    d.shares.forEach((s) => s.fill(0));
    return { threshold: k, members: n, Y: commitments[0]!, commitments, shares };
  });
}

/** Opens a draft vote that has its key and a roll (the roll is frozen from now on). `on`: see `within`. */
export async function openVote(on: Db | Tx, voteId: string, by: Official): Promise<VoteView> {
  return within(on, by.kov, async (t) => {
    const v = await voteIn(t, by.kov, voteId, true);
    needStatus(v, 'draft');
    if (!v.commitments || v.roll_size < 1) throw conflict('voting.error.notReady');
    const r = await t.one<VoteRow>(`UPDATE voting_vote SET status = 'open', opened_at = core_now() WHERE id = $1 RETURNING *`, [voteId]);
    await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.open', targetType: 'voting_vote', targetId: voteId, before: { status: v.status }, after: { status: 'open', rollSize: v.roll_size } });
    return view(r!);
  });
}

// ---------------------------------------------------------------- casting

interface CastMeta {
  kov: string;
  questions: QuestionDef[];
  Y: Point;
  revote: boolean;
}
// Immutable once a vote has its key: kov, questions, Y and the re-vote rule never change after that.
const metaCache = new Map<string, CastMeta>();

/** The public facts a cast needs (read platform-wide: a cast URL names the vote, not its KOV). */
async function castMeta(db: Db, voteId: string): Promise<CastMeta> {
  const hit = metaCache.get(voteId);
  if (hit) return hit;
  if (!UUID_RE.test(voteId)) throw notFound();
  const v = await db.system('public cast: the vote is found by its id alone', (t) => repo.getVote(t, voteId));
  if (!v) throw notFound();
  if (!v.commitments) throw conflict('voting.error.notOpen');
  const meta: CastMeta = { kov: v.kov_code, questions: v.questions as QuestionDef[], Y: pointFromHex(v.commitments[0]!), revote: v.revote };
  if (metaCache.size > 1000) metaCache.clear();
  metaCache.set(voteId, meta);
  return meta;
}

/** Checks the ballot (400 on a bad one) and encrypts it off the event loop (encrypt-pool.ts). */
function encryptChoices(voteId: string, meta: CastMeta, choices: unknown): Promise<Encrypted> {
  const matrix = choicesToMatrix(meta.questions, choices);
  return encryptBallotBytes(voteId, meta.Y, matrix);
}

/**
 * A resident's electronic ballot: checked against the rules, encrypted (outside the transaction),
 * stored by one statement (repo.CAST_SQL). Answers the tracker and whether it replaced her earlier ballot. Refusals: 400 bad ballot, 403 not
 * on the roll, 409 outside the window / no re-voting / a paper ballot was entered, 404 no vote.
 */
export async function cast(db: Db, voteId: string, voterHash: string, choices: unknown): Promise<{ tracker: string; replaced: boolean }> {
  await ready();
  const meta = await castMeta(db, voteId);
  const { tracker, ct } = await encryptChoices(voteId, meta, choices);
  const n = await repo.castBallot(db, meta.kov, { voteId, voterHash, tracker, ct, revote: meta.revote });
  if (n !== null) return { tracker, replaced: n > 1 };
  // Nothing was stored; say why (a second, read-only transaction on this rare path).
  throw refusal(await db.tx((t) => repo.castRefusal(t, voteId, voterHash), { kov: meta.kov }));
}

/**
 * How many times a person has cast in each of the given votes (participation: who voted, never
 * what); votes she has not cast in are absent. Platform-wide, for her own hash only (a person may
 * be on rolls of several KOVs).
 */
export async function castsOf(db: Db, voterHash: string, voteIds: readonly string[]): Promise<Map<string, number>> {
  const ids = voteIds.filter((v) => UUID_RE.test(v));
  if (ids.length === 0) return new Map();
  const rows = await db.system('a person\'s own participation across KOVs', (t) => repo.participationOf(t, voterHash, ids));
  return new Map(rows.map((r) => [r.vote_id, r.casts]));
}

function refusal(r: repo.CastRefusal) {
  switch (r) {
    case 'no-vote':
      return notFound();
    case 'not-on-roll':
      return forbidden('voting.error.notOnRoll');
    case 'not-open':
      return conflict('voting.error.notOpen');
    case 'paper':
      return conflict('voting.error.paperCast');
    case 'no-revote':
      return conflict('voting.error.noRevote');
  }
}

/**
 * A paper or assisted ballot entered by an official (while the vote is open): it replaces the
 * person's electronic ballot, and later electronic casts by that person are refused.
 */
export async function castPaper(db: Db, voteId: string, voterHash: string, choices: unknown, by: Official): Promise<{ tracker: string }> {
  await ready();
  const v0 = await db.tx((t) => voteIn(t, by.kov, voteId), { kov: by.kov });
  needStatus(v0, 'open');
  const meta = await castMeta(db, voteId);
  const { tracker, ct } = await encryptChoices(voteId, meta, choices);
  return db.tx(
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true); // serialises with close
      needStatus(v, 'open');
      const r = await repo.castPaperBallot(t, { voteId, voterHash, tracker, ct });
      if (r === 'not-on-roll') throw forbidden('voting.error.notOnRoll');
      if (r === 'paper-exists') throw conflict('voting.error.paperTwice');
      // The audit says that a paper ballot was entered and by whom, never what it holds.
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.ballot.paper', targetType: 'voting_vote', targetId: voteId, after: { voter: voterHash.slice(0, 8) } });
      return { tracker };
    },
    { kov: by.kov },
  );
}

// ---------------------------------------------------------------- close and tally

/** Width of a ballot in ciphertexts. */
const widthOf = (qs: readonly QuestionDef[]) => qs.reduce((s, q) => s + q.options.length, 0);
const shapeOfQs = (qs: readonly QuestionDef[]) => qs.map((q) => q.options.length);

/**
 * Closes the vote (ends the window now if it has not ended): superseded ballots are already gone
 * (one row per voter); the counted ballots are shuffled into voting_entry without their voters and
 * the ballot rows deleted; the ciphertexts are summed homomorphically (worker threads when large).
 */
export async function closeVote(db: Db, voteId: string, by: Official): Promise<{ turnout: number }> {
  await ready();
  return db.tx(
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'open');
      await t.query(`UPDATE voting_vote SET status = 'closed', closed_at = core_now(), closes_at = least(closes_at, core_now()) WHERE id = $1`, [voteId]);
      const ballots = shuffle(await repo.currentBallots(t, voteId));
      await repo.moveToEntries(t, voteId, by.kov, ballots);
      const qs = v.questions as QuestionDef[];
      const width = widthOf(qs);
      const stride = width * CIPHERTEXT_BYTES;
      const all = new Uint8Array(ballots.length * stride);
      ballots.forEach((b, i) => all.set(b.ct, i * stride));
      const sums = ballotFromBytes(await sumBallotBytes(all, width), shapeOfQs(qs));
      const sumsJson = sums.map((row) => row.map((c) => [pointToHex(c.A), pointToHex(c.B)]));
      await t.query('UPDATE voting_vote SET sums = $2, turnout = $3 WHERE id = $1', [voteId, JSON.stringify(sumsJson), ballots.length]);
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.close', targetType: 'voting_vote', targetId: voteId, before: { status: 'open' }, after: { status: 'closed', turnout: ballots.length } });
      metaCache.delete(voteId);
      return { turnout: ballots.length };
    },
    { kov: by.kov },
  );
}

function sumsOf(v: VoteRow): BallotCiphertexts {
  const j = v.sums as [string, string][][] | null;
  if (!j) throw conflict('voting.error.wrongStatus', [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: v.status } }]);
  return j.map((row) => row.map(([A, B]) => ({ A: pointFromHex(A), B: pointFromHex(B) })));
}

/**
 * A committee member brings her share: it is checked against the commitments first (a wrong share
 * is refused, 400 on `share`), then her partial decryptions of the sums with proofs are stored.
 * The share itself is never stored or logged.
 */
export async function submitDecryption(on: Db | Tx, voteId: string, member: number, shareHex: string, by: Official): Promise<{ member: number; received: number; needed: number }> {
  await ready();
  return within(
    on,
    by.kov,
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'closed');
      if (!Number.isSafeInteger(member) || member < 1 || member > (v.members ?? 0)) throw badRequest([{ field: 'member', reason: 'voting.field.noMember' }]);
      let share: Uint8Array;
      try {
        share = scalarFromHex(typeof shareHex === 'string' ? shareHex.trim().toLowerCase() : '');
      } catch {
        throw badRequest([{ field: 'share', reason: 'voting.field.invalid', vars: { what: '64 hex digits' } }]);
      }
      const commitments = (v.commitments ?? []).map(pointFromHex);
      if (!verifyShare(member, share, commitments)) throw badRequest([{ field: 'share', reason: 'voting.error.wrongShare' }]);
      const d = makeDecryption(voteId, member, share, commitments, sumsOf(v));
      share.fill(0);
      if (!(await repo.insertDecryption(t, voteId, by.kov, d, by.actor.id))) throw conflict('voting.error.alreadyDecrypted');
      const received = (await repo.decryptions(t, voteId)).length;
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.tally.decrypt', targetType: 'voting_vote', targetId: voteId, after: { member, received, needed: v.threshold } });
      return { member, received, needed: v.threshold ?? 0 };
    },
  );
}

/**
 * Builds the board from the shuffled entries and ≥ k decryptions (in its own transaction, or in the
 * caller's: polls publish the board in the transaction that takes the k-th share) (every proof checked, counts by
 * Lagrange combination), stores it as published and answers it. The entries keep the trackers the
 * voters received (stored at cast time): if a stored ciphertext was altered, the published board's
 * tracker check fails for everyone to see.
 */
export async function publishBoard(on: Db | Tx, voteId: string, by: Official): Promise<BoardDocument> {
  await ready();
  return within(
    on,
    by.kov,
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'closed');
      const ds = await repo.decryptions(t, voteId);
      const k = v.threshold ?? 0;
      if (ds.length < k) throw conflict('voting.error.tooFewDecryptions', [{ field: 'decryptions', reason: 'voting.error.tooFewDecryptions', vars: { k, n: ds.length } }]);
      const qs = v.questions as QuestionDef[];
      const shape = shapeOfQs(qs);
      const rows = await repo.entries(t, voteId);
      const built = buildBoard({
        voteId,
        kov: v.kov_code,
        title: v.title as Texts,
        questions: qs.map((q) => ({ id: q.id, options: q.options.map((o) => ({ id: o.id })) })),
        key: { threshold: k, members: v.members ?? 0, commitments: (v.commitments ?? []).map(pointFromHex) },
        entries: rows.map((r) => ({ kind: r.kind, ciphertexts: ballotFromBytes(r.ct, shape) })),
        decryptions: ds,
        sums: sumsOf(v),
      });
      const board: BoardDocument = { ...built, entries: chainWithStoredTrackers(voteId, built.entries, rows) };
      await t.query(`UPDATE voting_vote SET board = $2, status = 'published', published_at = core_now() WHERE id = $1`, [voteId, JSON.stringify(board)]);
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.board.publish', targetType: 'voting_vote', targetId: voteId, after: { turnout: board.turnout, counts: board.tally.counts, members: ds.map((d) => d.member) } });
      return board;
    },
  );
}

function chainWithStoredTrackers(voteId: string, built: BoardEntry[], rows: readonly { seq: number; kind: EntryKind; tracker: string }[]): BoardEntry[] {
  let prev = chainStart(voteId);
  return built.map((e, i) => {
    const tracker = rows[i]!.tracker;
    const hash = chainHash(prev, e.seq, e.kind, tracker);
    const out: BoardEntry = { seq: e.seq, kind: e.kind, tracker, ciphertexts: e.ciphertexts, prev, hash };
    prev = hash;
    return out;
  });
}

// ---------------------------------------------------------------- the public board

/** The published board document as stored (JSON text, VOTING.md's field order), or null. */
export async function getBoardText(db: Db, voteId: string): Promise<string | null> {
  if (!UUID_RE.test(voteId)) return null;
  const r = await db.system('public board', (t) => t.one<{ board: string | null }>('SELECT board FROM voting_vote WHERE id = $1', [voteId]));
  return r?.board ?? null;
}

export async function getBoard(db: Db, voteId: string): Promise<BoardDocument | null> {
  const text = await getBoardText(db, voteId);
  return text ? (JSON.parse(text) as BoardDocument) : null;
}

export interface BoardListItem {
  voteId: string;
  kov: string;
  title: Texts;
  url: string;
}

/** Every published board (public, across KOVs). */
export async function listBoards(db: Db, baseUrl = ''): Promise<BoardListItem[]> {
  const rows = await db.system('public boards across KOVs', (t) =>
    t.query<{ id: string; kov_code: string; title: Texts }>('SELECT id, kov_code, title FROM voting_vote WHERE board IS NOT NULL ORDER BY published_at, id'),
  );
  return rows.map((r) => ({ voteId: r.id, kov: r.kov_code, title: { et: r.title.et, en: r.title.en, ru: r.title.ru }, url: `${baseUrl}/api/v1/boards/${r.id}` }));
}

/** The voter's check: is her tracker on the published board? null when the board is not published. */
export async function trackerOnBoard(db: Db, voteId: string, tracker: string): Promise<boolean | null> {
  if (!UUID_RE.test(voteId)) return null;
  const tr = tracker.trim().toLowerCase();
  return db.system('public tracker check', async (t) => {
    const v = await t.one<{ published: boolean }>('SELECT board IS NOT NULL AS published FROM voting_vote WHERE id = $1', [voteId]);
    if (!v?.published) return null;
    if (!isHex32(tr)) return false;
    const r = await t.one('SELECT 1 AS x FROM voting_entry WHERE vote_id = $1 AND tracker = $2', [voteId, tr]);
    return !!r;
  });
}

/** verifyBoard on the stored board (platform-wide; the CLI's `verify`). */
export async function verifyStoredBoard(db: Db, voteId: string) {
  await ready();
  const text = await getBoardText(db, voteId);
  if (!text) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null; // verifyBoard reports a non-object as a failed format check
  }
  return verifyBoard(doc);
}

// ---------------------------------------------------------------- turnout statistics

export const AGE_GROUPS = [
  { label: '16–17', from: 16, to: 17 },
  { label: '18–24', from: 18, to: 24 },
  { label: '25–34', from: 25, to: 34 },
  { label: '35–49', from: 35, to: 49 },
  { label: '50–64', from: 50, to: 64 },
  { label: '65+', from: 65, to: 200 },
] as const;
export const SUPPRESS_BELOW = 5;

export interface TurnoutCell {
  key: string;
  eligible: number | string;
  voted: number | string;
}

/** Age in whole years on a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Small-number suppression over one dimension. A cell whose voted count (or eligible count) is
 * below 5 is hidden; if exactly one cell would be hidden, the next smallest is hidden too, so that
 * a hidden cell cannot be recovered by subtracting the others from the (shown) total. A hidden
 * voted figure reads "<5" where it really is under five, and "–" where it is hidden only to
 * protect another cell (never a false "<5"). Eligible counts are population figures, not
 * participation: they are shown, except those under five ("<5"). Pure.
 */
export const SUPPRESSED_SMALL = '<5';
export const SUPPRESSED_SECONDARY = '–';

export function suppress(cells: readonly { key: string; eligible: number; voted: number }[]): TurnoutCell[] {
  const hidden = new Set<number>();
  cells.forEach((c, i) => {
    if (c.voted < SUPPRESS_BELOW || c.eligible < SUPPRESS_BELOW) hidden.add(i);
  });
  if (hidden.size === 1 && cells.length > 1) {
    let best = -1;
    cells.forEach((c, i) => {
      if (!hidden.has(i) && (best < 0 || c.voted < cells[best]!.voted)) best = i;
    });
    hidden.add(best);
  }
  return cells.map((c, i) => ({
    key: c.key,
    eligible: c.eligible < SUPPRESS_BELOW ? SUPPRESSED_SMALL : c.eligible,
    voted: !hidden.has(i) ? c.voted : c.voted < SUPPRESS_BELOW ? SUPPRESSED_SMALL : SUPPRESSED_SECONDARY,
  }));
}

// ---------------------------------------------------------------- the results digest

export const RESULT_DOMAIN = 'vallamaja/result/v1\n';

export interface ResultDigestInput {
  voteId: string;
  kov: string;
  /** sha256hex of the board document's bytes, exactly as GET /api/v1/boards/{voteId} serves them. */
  boardSha256: string;
  /** The chain head: the last entry's `hash`, or the chain start when the board has no entries. */
  head: string;
  rollSize: number;
  turnout: number;
  counts: number[][];
}

/**
 * The results digest a committee member signs off (docs/api.md, "Results digest"):
 * sha256hex("vallamaja/result/v1\n" ‖ voteId ‖ "\n" ‖ kov ‖ "\n" ‖ boardSha256 ‖ "\n" ‖ head ‖ "\n" ‖
 * rollSize ‖ "\n" ‖ turnout ‖ "\n" ‖ counts), numbers in decimal, counts as the options' counts joined
 * by "," and the questions joined by ";". Pure.
 */
export function resultDigest(x: ResultDigestInput): string {
  const counts = x.counts.map((row) => row.join(',')).join(';');
  const text = `${RESULT_DOMAIN}${[x.voteId, x.kov, x.boardSha256, x.head, x.rollSize, x.turnout, counts].join('\n')}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The results digest of a published board (its stored text) and the vote's roll size. Pure. */
export function resultDigestOfBoard(boardText: string, rollSize: number): string {
  const b = JSON.parse(boardText) as BoardDocument;
  return resultDigest({
    voteId: b.voteId,
    kov: b.kov,
    boardSha256: createHash('sha256').update(boardText, 'utf8').digest('hex'),
    head: b.entries.at(-1)?.hash ?? chainStart(b.voteId),
    rollSize,
    turnout: b.turnout,
    counts: b.tally.counts,
  });
}

const DIGEST_RE = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------- results and certification

export interface Signature {
  /** The committee member's name as it was at sign-off. */
  name: string;
  signedAt: Date;
  /** The results digest she confirmed (null only for sign-offs from before digests). */
  digest: string | null;
}

export interface Results {
  voteId: string;
  status: VoteStatus;
  rollSize: number;
  turnout: number;
  questions: { id: string; text: Texts; options: { id: string; text: Texts; count: number | null }[] }[];
  turnoutByUnit: TurnoutCell[];
  turnoutByAge: TurnoutCell[];
  /** The results digest (resultDigest) once the board is published; null before. */
  digest: string | null;
  certifications: number;
  /** The committee's sign-offs, in order. */
  signatures: Signature[];
  threshold: number | null;
}

/** Counts (once published) and turnout by settlement unit and age group (after close), suppressed. */
export async function results(db: Db, kov: string, voteId: string): Promise<Results> {
  return db.tx(
    async (t) => {
      const v = await voteIn(t, kov, voteId);
      needStatus(v, 'closed', 'published', 'certified');
      const boardText = v.status === 'closed' ? null : await repo.boardText(t, voteId);
      const board = boardText ? (JSON.parse(boardText) as BoardDocument) : null;
      const rows = await repo.rollWithParticipation(t, voteId);
      const on = dateInTallinn(new Date(v.closes_at));
      const byUnit = new Map<string, { eligible: number; voted: number }>();
      const byAge = AGE_GROUPS.map((g) => ({ key: g.label, eligible: 0, voted: 0 }));
      for (const r of rows) {
        const u = byUnit.get(r.unit_code) ?? { eligible: 0, voted: 0 };
        u.eligible++;
        if (r.voted) u.voted++;
        byUnit.set(r.unit_code, u);
        const age = ageOn(r.birth_date, on);
        const g = byAge.find((_, i) => age >= AGE_GROUPS[i]!.from && age <= AGE_GROUPS[i]!.to);
        if (g) {
          g.eligible++;
          if (r.voted) g.voted++;
        }
      }
      const certs = await repo.certifications(t, voteId);
      const qs = v.questions as QuestionDef[];
      return {
        voteId,
        status: v.status,
        rollSize: v.roll_size,
        turnout: v.turnout ?? 0,
        questions: qs.map((q, qi) => ({
          id: q.id,
          text: q.text,
          options: q.options.map((o, oi) => ({ id: o.id, text: o.text, count: board ? (board.tally.counts[qi]?.[oi] ?? null) : null })),
        })),
        turnoutByUnit: suppress([...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, c]) => ({ key, ...c }))),
        turnoutByAge: suppress(byAge.filter((g) => g.eligible > 0)),
        digest: boardText ? resultDigestOfBoard(boardText, v.roll_size) : null,
        certifications: certs.length,
        signatures: certs.map((c) => ({ name: c.person_name, signedAt: new Date(c.certified_at), digest: c.result_digest })),
        threshold: v.threshold,
      };
    },
    { kov },
  );
}

/**
 * A committee member signs the published result off by confirming its results digest (the one she
 * was shown: Results.digest). A digest that is not the current result's is refused (409 on
 * `digest`) and nothing is stored. The digest is stored with her sign-off and in the audit entry;
 * with k sign-offs the vote is certified.
 */
export async function certify(db: Db, voteId: string, digest: string, by: Official): Promise<{ certifications: number; needed: number; status: VoteStatus; digest: string }> {
  if (by.actor.kind !== 'person' || !by.actor.id) throw forbidden('voting.error.personOnly');
  const confirmed = typeof digest === 'string' ? digest.trim().toLowerCase() : '';
  if (!DIGEST_RE.test(confirmed)) throw badRequest([{ field: 'digest', reason: 'voting.field.digest' }]);
  const personId = by.actor.id;
  return db.tx(
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'published', 'certified');
      const text = await repo.boardText(t, voteId);
      const current = text ? resultDigestOfBoard(text, v.roll_size) : null;
      if (confirmed !== current) throw conflict('voting.error.digestMismatch', [{ field: 'digest', reason: 'voting.error.digestMismatch' }]);
      if (!(await repo.insertCertification(t, { voteId, kov: by.kov, personId, personName: by.actor.name, digest: confirmed }))) throw conflict('voting.error.alreadyCertified');
      const n = (await repo.certifications(t, voteId)).length;
      const needed = v.threshold ?? 1;
      let status = v.status;
      if (status === 'published' && n >= needed) {
        await t.query(`UPDATE voting_vote SET status = 'certified', certified_at = core_now() WHERE id = $1`, [voteId]);
        status = 'certified';
      }
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.result.certify', targetType: 'voting_vote', targetId: voteId, after: { certifications: n, needed, status, digest: confirmed } });
      return { certifications: n, needed, status, digest: confirmed };
    },
    { kov: by.kov },
  );
}

/** Bytes of one ballot of a vote (for tests and benches). */
export function ballotBytes(qs: readonly QuestionDef[]): number {
  return widthOf(qs) * CIPHERTEXT_BYTES;
}

