// Polls (rahvaküsitlus): a poll is a vote of the voting core plus the poll's own metadata (description,
// eligibility rules, committee size). The roll comes from the residents register (snapshotEligible),
// the key is dealt k of n (shares shown once), and the rest is the voting core's cycle. Official
// actions are audited: the voting core audits its own; this module audits writes to its own tables.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, isHttpError, notFound } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { EligibilityRules, EligibleCount } from '../residents/index.js';
import { countEligible, snapshotEligible } from '../residents/index.js';
import type { Official, Results, RollEntry, Texts, VoteView } from '../voting/index.js';
import { cast, castPaper, castsOf, certifiedResultsPdf, certify, closeVote, createVote, dealKey, getVote, openVote, publishBoard, results, resultsWithTag, setRoll, storeCertifiedPdfs, submitDecryption, trackerOnBoard } from '../voting/index.js';
import type { Locale } from '../../kernel/i18n.js';
import type { FieldNames, PollInput, PollRules, RuleField } from './input.js';
import { API_NAMES, validatePollInput } from './input.js';
import type { PollRow } from './repo.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../kernel/clock.js';

export type { PollRow };

export type PollStatus = 'draft' | 'scheduled' | 'open' | 'ended' | 'closed' | 'published' | 'certified';

export interface Poll {
  id: string;
  kov: string;
  voteId: string;
  description: Texts;
  rules: PollRules;
  threshold: number;
  members: number;
  createdAt: Date;
  publishedAt: Date | null;
  decrypted: number[];
  vote: VoteView;
  status: PollStatus;
}

/** What a person sees: a vote's stage and whether its window is on now. */
export function pollStatus(v: VoteView, now = clockNow()): PollStatus {
  if (v.status === 'open') {
    if (now < v.opensAt) return 'scheduled';
    if (now >= v.closesAt) return 'ended';
    return 'open';
  }
  return v.status;
}

function toPoll(r: PollRow, vote: VoteView): Poll {
  return {
    id: r.id,
    kov: r.kov_code,
    voteId: r.vote_id,
    description: r.description,
    rules: r.rules,
    threshold: r.threshold,
    members: r.members,
    createdAt: new Date(r.created_at),
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    decrypted: r.decrypted ?? [],
    vote,
    status: pollStatus(vote),
  };
}

async function pollRow(t: Tx, kov: string, id: string, forUpdate = false): Promise<PollRow> {
  if (!UUID_RE.test(id)) throw notFound();
  const r = await repo.pollById(t, kov, id, forUpdate);
  if (!r) throw notFound();
  return r;
}

export function eligibilityOf(rules: PollRules): EligibilityRules {
  const out: EligibilityRules = {};
  if (rules.units.length) out.units = rules.units;
  if (rules.minAge !== null) out.minAge = rules.minAge;
  if (rules.on) out.on = rules.on;
  if (rules.residentSince) out.residentSince = rules.residentSince;
  if (rules.extraLists.length) out.extraLists = rules.extraLists;
  return out;
}

const RULE_FIELDS: readonly string[] = ['units', 'minAge', 'on', 'residentSince', 'extraLists'] satisfies RuleField[];

/**
 * The rules checked against the KOV's residents register (units and extra lists that exist) and the
 * eligible count they give now. The register names its fields as the rules do (units, minAge, …);
 * `names` says where they are for the caller (the form's fields, or eligibility.* in the API).
 */
export async function eligibleNow(db: Db, kov: string, rules: PollRules, names: FieldNames = API_NAMES): Promise<EligibleCount> {
  try {
    return await countEligible(db, kov, eligibilityOf(rules));
  } catch (e) {
    if (isHttpError(e) && e.status === 400) {
      throw badRequest(e.fields.map((f) => (RULE_FIELDS.includes(f.field) ? { ...f, field: names.eligibility(f.field as RuleField) } : f)));
    }
    throw e;
  }
}

/**
 * Creates the poll: a draft vote of the voting core and the poll's row, in one transaction. The
 * definition is checked first (validatePollInput: the rules the form and the JSON API share; 400
 * naming each field through `names`), then its eligibility rules against the residents register;
 * nothing is stored unless both pass.
 */
export async function createPoll(db: Db, kov: string, input: PollInput, actor: Actor, names: FieldNames = API_NAMES): Promise<{ id: string }> {
  const errors = validatePollInput(input, names);
  if (errors.length) throw badRequest(errors);
  await eligibleNow(db, kov, input.rules, names);
  return db.tx(
    async (t) => {
      const { id: voteId } = await createVote(t, {
        kov,
        actor,
        title: input.title,
        questions: input.questions,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        revote: input.revote,
      });
      const id = uuidv7();
      await repo.insertPoll(t, { id, kov, voteId, description: input.description, rules: input.rules, threshold: input.threshold, members: input.members, createdBy: actor.id });
      await recordAudit(t, {
        kov,
        actor,
        action: 'polls.poll.create',
        targetType: 'polls_poll',
        targetId: id,
        after: { voteId, rules: input.rules, threshold: input.threshold, members: input.members },
      });
      return { id };
    },
    { kov },
  );
}

export async function getPoll(db: Db, kov: string, id: string): Promise<Poll> {
  const r = await db.tx((t) => pollRow(t, kov, id), { kov });
  return toPoll(r, await getVote(db, kov, r.vote_id));
}

/** The KOV's polls, newest first; `publishedOnly` for the public list. */
export async function listPolls(db: Db, kov: string, publishedOnly: boolean): Promise<Poll[]> {
  const rows = await db.tx((t) => repo.pollsOf(t, kov, publishedOnly), { kov });
  return Promise.all(rows.map(async (r) => toPoll(r, await getVote(db, kov, r.vote_id))));
}

/** How many the poll's rules make eligible now (total and by settlement unit). */
export async function previewEligible(db: Db, kov: string, rules: PollRules, names: FieldNames = API_NAMES): Promise<EligibleCount> {
  return eligibleNow(db, kov, rules, names);
}

/** The settlement units that have residents in the register (for the eligibility form). */
export async function kovUnitsWithResidents(db: Db, kov: string): Promise<{ code: string; name: string }[]> {
  const c = await countEligible(db, kov, {});
  return c.byUnit.filter((u): u is { code: string; name: string | null; count: number } => u.code !== null).map((u) => ({ code: u.code, name: u.name ?? u.code }));
}

export interface Published {
  poll: Poll;
  rollSize: number;
  shares: { member: number; share: string }[];
}

const EXTRA_UNIT = 'extra';

/**
 * Publishes the poll in ONE transaction: the roll is frozen from the register by the poll's rules
 * (plus `extra` voters, used by the demo data) and set on the vote, the key dealt k of n, the vote
 * opened (it stays "scheduled" until its window starts), the poll's own roll copy written and the
 * poll marked published. Either all of it commits or none of it: the shares are answered (ONCE)
 * only after the commit, so a failure at any step leaves a draft that can be published again.
 */
export async function publishPoll(db: Db, kov: string, id: string, actor: Actor, extra: readonly RollEntry[] = []): Promise<Published> {
  const by: Official = { kov, actor };
  const done = await db.tx(
    async (t) => {
      const r = await pollRow(t, kov, id, true);
      if (r.published_at) throw conflict('polls.error.published');
      const people = await snapshotEligible(t, kov, eligibilityOf(r.rules));
      const seen = new Set<string>();
      const entries: RollEntry[] = [];
      for (const p of people) {
        seen.add(p.idcodeHash);
        entries.push({ voterHash: p.idcodeHash, unit: p.unitCode ?? EXTRA_UNIT, birthDate: p.birthDate });
      }
      for (const e of extra) {
        if (seen.has(e.voterHash)) continue;
        seen.add(e.voterHash);
        entries.push(e);
      }
      if (entries.length === 0) throw badRequest([{ field: 'roll', reason: 'polls.error.emptyRoll' }]);
      await setRoll(t, r.vote_id, entries, by);
      const dealt = await dealKey(t, r.vote_id, r.threshold, r.members, by);
      await openVote(t, r.vote_id, by);
      await repo.insertVoters(t, id, kov, entries.map((e) => e.voterHash));
      await repo.markPublished(t, id, actor.id);
      await recordAudit(t, { kov, actor, action: 'polls.poll.publish', targetType: 'polls_poll', targetId: id, after: { voteId: r.vote_id, rollSize: entries.length } });
      return { rollSize: entries.length, shares: dealt.shares };
    },
    { kov },
  );
  // committed: only now may the shares leave this function
  return { poll: await getPoll(db, kov, id), rollSize: done.rollSize, shares: done.shares };
}

export interface VoterState {
  onRoll: boolean;
  casts: number;
}

/** On the poll's roll, and how many times she has cast (the voting core's participation record). */
export async function voterState(db: Db, kov: string, pollId: string, voterHash: string): Promise<VoterState> {
  const voteId = await db.tx((t) => repo.voteOfVoter(t, kov, pollId, voterHash), { kov });
  if (!voteId) return { onRoll: false, casts: 0 };
  return { onRoll: true, casts: (await castsOf(db, voterHash, [voteId])).get(voteId) ?? 0 };
}

/**
 * A resident's ballot: `choices[q]` are the chosen option ids of question q. Every question needs
 * an answer (400 naming `q<i>`); the voting core checks the rules, the roll and the window.
 * Answers the tracker and whether an earlier ballot was replaced.
 */
export async function castBallot(db: Db, poll: Poll, voterHash: string, choices: string[][]): Promise<{ tracker: string; replaced: boolean }> {
  const missing: FieldError[] = [];
  choices.forEach((c, i) => {
    if (c.length === 0) missing.push({ field: `q${i}`, reason: 'polls.ballot.noChoice', vars: { n: i + 1 } });
  });
  if (missing.length) throw badRequest(missing);
  try {
    return await cast(db, poll.voteId, voterHash, choices);
  } catch (e) {
    // the core names the question as choices.<i>[.<j>]: the form's field is q<i>
    if (isHttpError(e) && e.status === 400) {
      throw badRequest(e.fields.map((f) => ({ ...f, field: f.field.replace(/^choices\.(\d+).*$/, 'q$1') })));
    }
    throw e;
  }
}

/** The polls a person is on the roll of, across KOVs (published ones). */
export async function pollsOfVoter(db: Db, voterHash: string): Promise<(Poll & { casts: number })[]> {
  // Platform-wide read of this module's own tables (a person may be on rolls of several KOVs),
  // filtered by the person; each poll's vote is then read in a transaction bound to its KOV.
  const rows = await db.system('the polls a resident is on the roll of, across KOVs', (t) => repo.pollsOfVoter(t, voterHash));
  const casts = await castsOf(
    db,
    voterHash,
    rows.map((r) => r.vote_id),
  );
  return Promise.all(rows.map(async (r) => ({ ...toPoll(r, await getVote(db, r.kov_code, r.vote_id)), casts: casts.get(r.vote_id) ?? 0 })));
}

export async function closePoll(db: Db, kov: string, id: string, actor: Actor): Promise<{ turnout: number }> {
  const p = await getPoll(db, kov, id);
  return closeVote(db, p.voteId, { kov, actor });
}

/**
 * A paper or assisted ballot an official enters for a person on the roll while the vote is open:
 * the voting core checks the choices and the roll, replaces her electronic ballot and audits it.
 */
export async function castPaperBallot(db: Db, kov: string, id: string, voterHash: string, choices: string[][], actor: Actor): Promise<{ tracker: string }> {
  const p = await getPoll(db, kov, id);
  return castPaper(db, p.voteId, voterHash, choices, { kov, actor });
}

/**
 * A committee member's share: the voting core checks it and stores her partial decryption. When k
 * are in, the board is built and published.
 */
export async function submitShare(db: Db, kov: string, id: string, member: number, share: string, actor: Actor): Promise<{ received: number; needed: number; published: boolean }> {
  const p = await getPoll(db, kov, id);
  const by: Official = { kov, actor };
  // One transaction: the partial decryption, the poll's record of it and, with the k-th share, the
  // board. If building the board fails, the share is not kept either and the member can bring it
  // again — the poll never stays "closed" with k shares in and no board.
  return db.tx(
    async (t) => {
      const r = await submitDecryption(t, p.voteId, member, share, by);
      if (await repo.recordDecrypted(t, id, member)) {
        await recordAudit(t, { kov, actor, action: 'polls.poll.share', targetType: 'polls_poll', targetId: id, after: { voteId: p.voteId, member, received: r.received, needed: r.needed } });
      }
      let published = false;
      if (r.received >= r.needed) {
        await publishBoard(t, p.voteId, by);
        published = true;
      }
      return { received: r.received, needed: r.needed, published };
    },
    { kov },
  );
}

/**
 * A committee member signs the result off by confirming the results digest she was shown. When the
 * poll is certified, what its page shows is fixed here, once: the voting core stores the results
 * and turnout tables; the poll keeps the unit names of its turnout table; and, given the site's
 * public URL (where the board is), the protocol PDF is made in every language.
 */
export async function certifyPoll(db: Db, kov: string, id: string, digest: string, actor: Actor, publicUrl?: string) {
  const p = await getPoll(db, kov, id);
  const r = await certify(db, p.voteId, digest, { kov, actor });
  if (r.status === 'certified') {
    await storeUnitNames(db, kov, id);
    if (publicUrl !== undefined) await storeCertifiedPdfs(db, kov, p.voteId, boardUrlOf(publicUrl, p.voteId));
  }
  return r;
}

/** Where a vote's public board is (printed in the protocol PDF). */
export function boardUrlOf(publicUrl: string, voteId: string): string {
  return `${publicUrl}/api/v1/boards/${voteId}`;
}

async function storeUnitNames(db: Db, kov: string, id: string): Promise<{ code: string; name: string }[]> {
  const units = await kovUnitsWithResidents(db, kov);
  await db.tx((t) => repo.storeResultUnits(t, id, units), { kov });
  return units;
}

export async function pollResults(db: Db, poll: Poll): Promise<Results | null> {
  if (!['closed', 'published', 'certified'].includes(poll.status)) return null;
  return results(db, poll.kov, poll.voteId);
}

/** What a certified poll's public page and exports show, as stored at certification, with its validator. */
export interface CertifiedView {
  results: Results;
  /** The stored result's validator (changes only when a later sign-off is added). */
  etag: string;
  unitNames: { code: string; name: string }[];
}

/** The certified poll's stored result and unit names (made and stored on first read if certified before they were kept); null unless certified. */
export async function certifiedView(db: Db, poll: Poll): Promise<CertifiedView | null> {
  if (poll.status !== 'certified') return null;
  const [{ results: res, etag }, stored] = await Promise.all([resultsWithTag(db, poll.kov, poll.voteId), db.tx((t) => repo.resultUnits(t, poll.id), { kov: poll.kov })]);
  if (!etag) return null;
  return { results: res, etag, unitNames: stored ?? (await storeUnitNames(db, poll.kov, poll.id)) };
}

/** The protocol PDF of a certified poll in one language, as stored (made once); null unless certified. */
export async function certifiedPdf(db: Db, poll: Poll, locale: Locale, publicUrl: string): Promise<{ pdf: Uint8Array; etag: string } | null> {
  if (poll.status !== 'certified') return null;
  return certifiedResultsPdf(db, poll.kov, poll.voteId, locale, boardUrlOf(publicUrl, poll.voteId));
}

export async function checkTracker(db: Db, poll: Poll, tracker: string): Promise<boolean | null> {
  return trackerOnBoard(db, poll.voteId, tracker);
}

/** Up to `limit` voters of a poll's roll (their hashes): the demo casts their ballots. */
export function someVoters(db: Db, kov: string, pollId: string, limit: number): Promise<string[]> {
  return db.tx((t) => repo.someVoters(t, kov, pollId, limit), { kov });
}
