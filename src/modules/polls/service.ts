// Polls (rahvaküsitlus): a poll is a vote of the voting core plus the poll's own metadata (description,
// eligibility rules, committee). The roll comes from the residents register (snapshotEligible), the
// key is dealt k of n to the committee named at creation (each share sealed for its member only,
// picked up once by her and then forgotten: pickUpShare), and the rest is the voting core's cycle.
// Official actions are audited: the voting core audits its own; this module audits writes to its
// own tables.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, isHttpError, notFound } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { EligibilityRules, EligibleCount } from '../residents/index.js';
import { countEligible, snapshotEligible } from '../residents/index.js';
import type { UnitBoundary } from '../territory/index.js';
import { unitBoundaries } from '../territory/index.js';
import type { CommitteeMember, Official, Results, RollEntry, Texts, TurnoutProgress, VoteView } from '../voting/index.js';
import { cast, castPaper, committeeMemberOf, committeeMembers, committeePlacesEverywhere, dealToCommittee, dropCommittee, nameCommittee, pickUpCommitteeShare, certifiedResultsPdf, certify, participationOf, closeVote, createVote, deleteDraft, getVote, openVote, publishBoard, redefineDraft, results, resultsWithTag, setRoll, storeCertifiedPdfs, submitDecryption, trackerOnBoard, turnoutProgress } from '../voting/index.js';
import type { FieldNames, PeriodBounds, PollInput, PollRules, RuleField } from './input.js';
import type { Locale } from '../../kernel/i18n.js';
import { API_NAMES, validatePollInput } from './input.js';
import type { PollRow } from './repo.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../kernel/clock.js';

export type { PollRow };

/**
 * The server's secrets a poll needs: the key of the personal ID code hash (the committee is found
 * by it) and the secret the sealing key of waiting shares is derived from (seal.ts).
 */
export interface PollSecrets {
  idcodeKey: string;
  sealSecret: string;
}

/** The secrets from the app's configuration. */
export function pollSecrets(config: { idcodeHmacKey: string; sessionSecret: string }): PollSecrets {
  return { idcodeKey: config.idcodeHmacKey, sealSecret: config.sessionSecret };
}

/**
 * A committee member as officials see her: her number, the last four digits of her code, her share's
 * state (named: key not dealt yet; waiting: her share waits for her; pickedUp: she has it, the server
 * no longer does) and when she picked it up. The committee is kept by the voting core
 * (voting_committee), owner = the poll's id.
 */
export type { CommitteeMember };

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

/** The committee as it is kept: the keyed hash of each code and its last four digits, never the code. */

/** The configured bounds of a voting period (POLL_START_GRACE_MINUTES, POLL_MAX_PERIOD_DAYS) as of now. */
export function periodBounds(cfg: { startGraceMinutes: number; maxPeriodDays: number } = DEFAULT_PERIOD): PeriodBounds {
  return { now: clockNow(), startGraceMinutes: cfg.startGraceMinutes, maxPeriodDays: cfg.maxPeriodDays };
}
/** The defaults of src/config.ts, for callers without the app's config (scripts, tests). */
export const DEFAULT_PERIOD = { startGraceMinutes: 5, maxPeriodDays: 90 } as const;

/**
 * Creates the poll: a draft vote of the voting core and the poll's row, in one transaction. The
 * definition is checked first (validatePollInput: the rules the form and the JSON API share, with
 * the voting period's bounds as of now; 400 naming each field through `names`), then its eligibility rules against the residents register;
 * nothing is stored unless both pass.
 */
export async function createPoll(
  db: Db,
  kov: string,
  input: PollInput,
  actor: Actor,
  secrets: PollSecrets,
  names: FieldNames = API_NAMES,
  bounds: PeriodBounds | null = periodBounds(),
): Promise<{ id: string }> {
  // `bounds` null: the demo seeds polls that ran in the past; every official's request passes the configured bounds
  const errors = validatePollInput(input, names, bounds ?? undefined);
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
      // the committee as it is kept (by the voting core): the keyed hash of each code and its last four digits, never the code
      const hints = await nameCommittee(t, kov, id, input.committee, secrets.idcodeKey);
      await recordAudit(t, {
        kov,
        actor,
        action: 'polls.poll.create',
        targetType: 'polls_poll',
        targetId: id,
        after: { voteId, rules: input.rules, threshold: input.threshold, members: input.members, committee: hints },
      });
      return { id };
    },
    { kov },
  );
}

/**
 * Edits a draft: the same checks as creating one (the definition with the period's bounds as of
 * now, then the register), then the vote's definition and the poll's own settings in one
 * transaction, audited with before and after. A published poll is refused (409): its roll is
 * frozen and its key dealt.
 */
export async function updateDraftPoll(
  db: Db,
  kov: string,
  id: string,
  input: PollInput,
  actor: Actor,
  secrets: PollSecrets,
  names: FieldNames = API_NAMES,
  bounds: PeriodBounds | null = periodBounds(),
): Promise<void> {
  const first = await db.tx((t) => pollRow(t, kov, id), { kov });
  if (first.published_at) throw conflict('polls.error.publishedNoEdit');
  const errors = validatePollInput(input, names, bounds ?? undefined);
  if (errors.length) throw badRequest(errors);
  await eligibleNow(db, kov, input.rules, names);
  await db.tx(
    async (t) => {
      const r = await pollRow(t, kov, id, true);
      if (r.published_at) throw conflict('polls.error.publishedNoEdit');
      await redefineDraft(t, r.vote_id, { kov, actor, title: input.title, questions: input.questions, opensAt: input.opensAt, closesAt: input.closesAt, revote: input.revote });
      if (!(await repo.updateDraftPoll(t, { id, description: input.description, rules: input.rules, threshold: input.threshold, members: input.members }))) {
        throw conflict('polls.error.publishedNoEdit');
      }
      // the committee is named again (its codes are kept only as keyed hashes, so the form asks for them anew)
      await nameCommittee(t, kov, id, input.committee, secrets.idcodeKey);
      await recordAudit(t, {
        kov,
        actor,
        action: 'polls.poll.update',
        targetType: 'polls_poll',
        targetId: id,
        before: { rules: r.rules, threshold: r.threshold, members: r.members },
        after: { voteId: r.vote_id, rules: input.rules, threshold: input.threshold, members: input.members },
      });
    },
    { kov },
  );
}

/** Deletes a draft (the poll and its draft vote), audited; a published poll is refused (409). */
export async function deleteDraftPoll(db: Db, kov: string, id: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const r = await pollRow(t, kov, id, true);
      if (r.published_at) throw conflict('polls.error.publishedNoDelete');
      await dropCommittee(t, kov, id);
      if (!(await repo.deleteDraftPoll(t, id))) throw conflict('polls.error.publishedNoDelete');
      await deleteDraft(t, r.vote_id, { kov, actor });
      await recordAudit(t, {
        kov,
        actor,
        action: 'polls.poll.delete',
        targetType: 'polls_poll',
        targetId: id,
        before: { voteId: r.vote_id, rules: r.rules, threshold: r.threshold, members: r.members },
      });
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

/** The most recently published polls across Estonia (public), newest first. */
export async function publicPolls(db: Db, limit = 200): Promise<Poll[]> {
  // Platform-wide read of this module's own tables: published polls are public in every KOV.
  const rows = await db.system('the published polls of every KOV, for the public list across Estonia', (t) => repo.publishedPolls(t, limit));
  return Promise.all(rows.map(async (r) => toPoll(r, await getVote(db, r.kov_code, r.vote_id))));
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
  /** Who holds which share now (each waits for its member); never a share itself. */
  committee: CommitteeMember[];
}

const EXTRA_UNIT = 'extra';

/**
 * Publishes the poll in ONE transaction: the roll is frozen from the register by the poll's rules
 * (plus `extra` voters, used by the demo data) and set on the vote, the key dealt k of n, each
 * member's share sealed into her own committee row (seal.ts), the vote opened (it stays "scheduled"
 * until its window starts), the poll's own roll copy written and the poll marked published. Either
 * all of it commits or none of it. No share leaves this function: each member picks hers up
 * herself (pickUpShare), so nobody — the publisher included — ever holds more than her own.
 */
export async function publishPoll(db: Db, kov: string, id: string, actor: Actor, secrets: PollSecrets, extra: readonly RollEntry[] = []): Promise<Published> {
  const by: Official = { kov, actor };
  const done = await db.tx(
    async (t) => {
      const r = await pollRow(t, kov, id, true);
      if (r.published_at) throw conflict('polls.error.published');
      const members = await committeeMembers(t, kov, id);
      if (members.length !== r.members) throw conflict('polls.error.noCommittee', [{ field: 'committee', reason: 'polls.error.noCommittee' }]);
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
      // the key k of n (n = the committee, checked above to be the poll's member count), each share sealed into its member's row
      await dealToCommittee(t, r.vote_id, id, r.threshold, secrets.sealSecret, by);
      await openVote(t, r.vote_id, by);
      await repo.insertVoters(t, id, kov, entries.map((e) => e.voterHash));
      await repo.markPublished(t, id, actor.id);
      await recordAudit(t, { kov, actor, action: 'polls.poll.publish', targetType: 'polls_poll', targetId: id, after: { voteId: r.vote_id, rollSize: entries.length, sharesSealedFor: members.map((m) => m.member) } });
      return { rollSize: entries.length, committee: await committeeMembers(t, kov, id) };
    },
    { kov },
  );
  return { poll: await getPoll(db, kov, id), rollSize: done.rollSize, committee: done.committee };
}

/** The poll's committee as officials see it (numbers, hints, whose share still waits). */
export async function committeeOf(db: Db, kov: string, pollId: string): Promise<CommitteeMember[]> {
  return db.tx((t) => committeeMembers(t, kov, pollId), { kov });
}

/** The person's place on the poll's committee, or null when she is not on it. */
export async function memberOf(db: Db, kov: string, pollId: string, idcodeHash: string): Promise<CommitteeMember | null> {
  if (!UUID_RE.test(pollId)) return null;
  return db.tx((t) => committeeMemberOf(t, kov, pollId, idcodeHash), { kov });
}

/** The published polls whose committee the person is on, across KOVs, with her share's state. */
export async function committeesOfPerson(db: Db, idcodeHash: string): Promise<{ poll: Poll; me: CommitteeMember }[]> {
  // Platform-wide read (a person may sit on committees of several KOVs), filtered by the person:
  // her places in the voting core's committees, of which this module keeps its published polls;
  // each poll is then read in a transaction bound to its KOV.
  const rows = await db.system('the committees a person sits on, across KOVs', async (t) => {
    const places = new Map((await committeePlacesEverywhere(t, idcodeHash)).map((p) => [p.owner, p]));
    return (await repo.publishedAmong(t, [...places.keys()])).map((p) => ({ kov: p.kov_code, id: p.id, me: places.get(p.id)!.me }));
  });
  return Promise.all(rows.map(async (r) => ({ poll: await getPoll(db, r.kov, r.id), me: r.me })));
}

/**
 * The member picks up her own share, ONCE: in one transaction her sealed share is taken out of her
 * row (the row keeps only the time), opened, and the pick-up audited (who, which share number;
 * the audit entry's time is when) — never the share. 404 when she is not on the committee, 409
 * when the key is not dealt yet or she has picked it up already. If anything fails, nothing is
 * cleared and she can try again.
 */
export async function pickUpShare(db: Db, kov: string, pollId: string, idcodeHash: string, actor: Actor, secrets: PollSecrets): Promise<{ member: number; share: string; pickedUpAt: Date }> {
  return db.tx(
    async (t) => {
      await pollRow(t, kov, pollId);
      const me = await committeeMemberOf(t, kov, pollId, idcodeHash);
      if (!me) throw notFound();
      if (me.share === 'pickedUp') throw conflict('polls.share.already', [{ field: 'share', reason: 'polls.share.already' }]);
      if (me.share === 'named') throw conflict('polls.share.notDealt', [{ field: 'share', reason: 'polls.share.notDealt' }]);
      let taken: { member: number; share: string; pickedUpAt: Date };
      try {
        taken = await pickUpCommitteeShare(t, kov, pollId, idcodeHash, secrets.sealSecret);
      } catch (e) {
        // taken by a pick-up running at the same moment: as before the move, "not dealt" (nothing waits)
        if (isHttpError(e) && e.status === 409) throw conflict('polls.share.notDealt', [{ field: 'share', reason: 'polls.share.notDealt' }]);
        throw e;
      }
      await recordAudit(t, { kov, actor, action: 'polls.share.pickup', targetType: 'polls_poll', targetId: pollId, after: { member: taken.member } });
      return taken;
    },
    { kov },
  );
}

export interface VoterState {
  onRoll: boolean;
  casts: number;
  /** When she last cast (null: not yet). */
  lastAt: Date | null;
}

/** On the poll's roll, and how many times she has cast (the voting core's participation record). */
export async function voterState(db: Db, kov: string, pollId: string, voterHash: string): Promise<VoterState> {
  const voteId = await db.tx((t) => repo.voteOfVoter(t, kov, pollId, voterHash), { kov });
  if (!voteId) return { onRoll: false, casts: 0, lastAt: null };
  const p = (await participationOf(db, voterHash, [voteId])).get(voteId);
  return { onRoll: true, casts: p?.casts ?? 0, lastAt: p?.lastAt ?? null };
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
export async function pollsOfVoter(db: Db, voterHash: string): Promise<(Poll & { casts: number; lastAt: Date | null })[]> {
  // Platform-wide read of this module's own tables (a person may be on rolls of several KOVs),
  // filtered by the person; each poll's vote is then read in a transaction bound to its KOV.
  const rows = await db.system('the polls a resident is on the roll of, across KOVs', (t) => repo.pollsOfVoter(t, voterHash));
  const seen = await participationOf(
    db,
    voterHash,
    rows.map((r) => r.vote_id),
  );
  return Promise.all(
    rows.map(async (r) => ({ ...toPoll(r, await getVote(db, r.kov_code, r.vote_id)), casts: seen.get(r.vote_id)?.casts ?? 0, lastAt: seen.get(r.vote_id)?.lastAt ?? null })),
  );
}

/** Longest reason for closing early (characters). */
export const MAX_CLOSE_REASON = 500;

/** Whether closing the poll now would end its voting period before the planned end. */
export function closingEarly(poll: Poll, now = clockNow()): boolean {
  return now < poll.vote.closesAt;
}

/**
 * Closes the vote (the voting core shuffles, unlinks and sums) and writes the poll's own audit
 * entry in the same transaction. Closing before the planned end needs a reason (400 on `reason`
 * when it is missing or longer than MAX_CLOSE_REASON); the reason goes into that audit entry.
 */
export async function closePoll(db: Db, kov: string, id: string, actor: Actor, reason = ''): Promise<{ turnout: number; early: boolean }> {
  const p = await getPoll(db, kov, id);
  const why = reason.trim();
  const early = closingEarly(p);
  if (early && p.vote.status === 'open') {
    if (why === '') throw badRequest([{ field: 'reason', reason: 'polls.close.reasonNeeded' }]);
    if (why.length > MAX_CLOSE_REASON) throw badRequest([{ field: 'reason', reason: 'polls.close.reasonTooLong', vars: { max: MAX_CLOSE_REASON } }]);
  }
  return db.tx(
    async (t) => {
      const r = await closeVote(t, p.voteId, { kov, actor });
      await recordAudit(t, {
        kov,
        actor,
        action: 'polls.poll.close',
        targetType: 'polls_poll',
        targetId: id,
        after: { voteId: p.voteId, turnout: r.turnout, early, ...(early ? { reason: why } : {}) },
      });
      return { turnout: r.turnout, early };
    },
    { kov },
  );
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

/** Turnout per hour or day since the poll opened (counts only; for officials); null for a draft. */
export async function pollProgress(db: Db, poll: Poll): Promise<TurnoutProgress | null> {
  if (poll.status === 'draft') return null;
  return turnoutProgress(db, poll.kov, poll.voteId);
}

/** The KOV's imported settlement unit boundaries, for the turnout map (empty: the table alone). */
export function kovBoundaries(db: Db, kov: string): Promise<UnitBoundary[]> {
  return db.tx((t) => unitBoundaries(t, kov), { kov });
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
