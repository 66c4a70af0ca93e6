// Votes: reading them, and setting one up — create (draft), the roll, the election key dealt k of n,
// open. Every step writes its audit entry in the same transaction. A step runs in a transaction of
// its own or in the caller's (see `within`), so a module that runs votes (polls) can compose them.
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, notFound, type FieldError } from '../../kernel/errors.js';
import { uuidv7, UUID_RE } from '../../kernel/ids.js';
import { deal } from './crypto/feldman.js';
import { pointToHex, ready, scalarToHex } from './crypto/group.js';
import * as repo from './repo.js';
import type { VoteRow } from './repo.js';
import type { Official, QuestionDef, Texts, VoteDefinition } from './rules.js';
import { definitionErrors } from './rules.js';

export type VoteStatus = VoteRow['status'];

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
  /** Board format 2 only: K, the slots of every ballot (docs/voting-board-v2.md). */
  slots?: number;
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
    ...(r.slots ? { slots: r.slots } : {}),
  };
}

export async function voteIn(t: Tx, kov: string, voteId: string, forUpdate = false): Promise<VoteRow> {
  if (!UUID_RE.test(voteId)) throw notFound();
  const v = await repo.getVote(t, voteId, forUpdate);
  if (!v || v.kov_code !== kov) throw notFound();
  return v;
}

export function needStatus(v: VoteRow, ...allowed: VoteStatus[]): void {
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
export function within<T>(on: Db | Tx, kov: string, fn: (t: Tx) => Promise<T>): Promise<T> {
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
  const slots = input.slots ?? null;
  const winnerRule = input.winnerRule ?? null;
  if (winnerRule !== null && winnerRule !== 'greedy' && winnerRule !== 'equal-shares') throw new Error(`unknown winner rule ${String(winnerRule)}`);
  await repo.insertVote(t, { id, kov: input.kov, title, questions, revote: input.revote, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt), slots, winnerRule });
  await recordAudit(t, {
    kov: input.kov,
    actor: input.actor,
    action: 'voting.vote.create',
    targetType: 'voting_vote',
    targetId: id,
    after: {
      title,
      questions: questions.map((q) => ({ id: q.id, rule: q.rule, options: q.options.map((o) => o.id) })),
      revote: input.revote,
      opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt),
      ...(slots ? { slots } : {}),
      ...(winnerRule ? { winnerRule } : {}),
    },
  });
  return { id };
}

/** The definition as stored (texts copied field by field, costs only on budget questions). */
function storedDefinition(input: VoteDefinition) {
  const questions: QuestionDef[] = input.questions.map((q) => ({
    id: q.id,
    text: { et: q.text.et, en: q.text.en, ru: q.text.ru },
    rule: q.rule.kind === 'one' ? { kind: 'one' } : q.rule.kind === 'upTo' ? { kind: 'upTo', max: q.rule.max } : { kind: 'budget', budget: q.rule.budget },
    options: q.options.map((o) => ({ id: o.id, text: { et: o.text.et, en: o.text.en, ru: o.text.ru }, ...(q.rule.kind === 'budget' ? { cost: o.cost ?? 0 } : {}) })),
  }));
  return { title: { et: input.title.et, en: input.title.en, ru: input.title.ru }, questions };
}

/**
 * Replaces a draft vote's definition (title, questions, window, re-voting) in the caller's
 * transaction; 409 once the vote has left the draft stage (it has a roll and a key then). Audited
 * with the definition before and after.
 */
export async function redefineDraft(t: Tx, voteId: string, input: VoteDefinition & Official): Promise<void> {
  const errors = definitionErrors(input);
  if (errors.length) throw badRequest(errors);
  const before = await voteIn(t, input.kov, voteId, true);
  needStatus(before, 'draft');
  // a format-2 vote keeps its slots and its one question
  if (before.slots && input.questions.length !== 1) throw badRequest([{ field: 'questions', reason: 'voting.field.invalid', vars: { what: 'exactly one question (slots)' } }]);
  const { title, questions } = storedDefinition(input);
  const opensAt = new Date(input.opensAt);
  const closesAt = new Date(input.closesAt);
  if (!(await repo.updateDraftVote(t, { id: voteId, title, questions, revote: input.revote, opensAt, closesAt }))) throw conflict('voting.error.wrongStatus');
  const summary = (q: QuestionDef[]) => q.map((x) => ({ id: x.id, rule: x.rule, options: x.options.map((o) => o.id) }));
  await recordAudit(t, {
    kov: input.kov,
    actor: input.actor,
    action: 'voting.vote.update',
    targetType: 'voting_vote',
    targetId: voteId,
    before: { title: before.title, questions: summary(before.questions as QuestionDef[]), revote: before.revote, opensAt: new Date(before.opens_at), closesAt: new Date(before.closes_at) },
    after: { title, questions: summary(questions), revote: input.revote, opensAt, closesAt },
  });
}

/** Deletes a draft vote in the caller's transaction; 409 once it has left the draft stage. Audited. */
export async function deleteDraft(t: Tx, voteId: string, by: Official): Promise<void> {
  const before = await voteIn(t, by.kov, voteId, true);
  needStatus(before, 'draft');
  if (!(await repo.deleteDraftVote(t, voteId))) throw conflict('voting.error.wrongStatus');
  await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.delete', targetType: 'voting_vote', targetId: voteId, before: { title: before.title } });
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
    await repo.setKey(t, voteId, k, n, commitments);
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
    const r = await repo.markOpen(t, voteId);
    await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.open', targetType: 'voting_vote', targetId: voteId, before: { status: v.status }, after: { status: 'open', rollSize: v.roll_size } });
    return view(r);
  });
}

