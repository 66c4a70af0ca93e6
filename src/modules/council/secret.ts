// Secret ballots for electing people (issue 12, item 3) on the voting core (VOTING.md).
//
// A council vote of kind 'secret' elects one person among candidates (the chair, the deputy, a
// commission's chair …). The secretary (or the chair) opens it on the open agenda item, naming the
// candidates and the counting commission (häältelugemiskomisjon: members present, k of n needed to
// count). In ONE transaction holding the sitting's lock: the core's vote is created (one question, one
// option per candidate, rule 'one': a ballot names one candidate or is blank), its roll is the
// eligible seats at opening (present, seated, without a conflict-of-interest declaration for the item)
// by their ID-code hashes, the key is dealt k of n to the commission (each share sealed into its
// member's row until she picks it up), the core's vote opened, the council_vote row written.
//
// Members cast from their own view through the core: the ballot is encrypted on the server and
// stored without her name after close; she gets its tracker. Re-voting REPLACES her ballot (the core's
// rule, revote = true): only her last ballot counts, so a member pressed to show her choice can
// still change it before the close, and a mis-tap can be corrected; one ballot per seat is counted.
//
// The chair closes: the core shuffles and sums the ballots; the council vote is closed with no outcome
// yet (event vote.counting). The commission members give their shares on their page; with the k-th the
// core decrypts the sums, checks every proof and publishes the board (/api/v1/boards/{votingVoteId},
// which `vallamaja verify` checks unchanged); the counts per candidate become the council vote's
// outcome (event vote.closed, counts only — no choices, no names of who chose what).
//
// The rule (secretOutcome): the candidate with the most votes is elected if her votes reach the
// majority chosen for the vote (rules.ts votesNeeded; for 'simple' an election's "against" is the
// votes for the other candidates together, blank ballots count neither way). If two or more lead with
// equal votes nobody is elected and the vote is repeated between the tied candidates; if the one
// leader falls short of the majority, between the two who got most votes (all tied at second place
// included). The repeat is a new secret vote (repeatOf + a recorded reason) whose candidates are
// those; with a single candidate who fell short, a new election with new candidates.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { now, nowMs, today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.js';
import { isId, uuidv7 } from '../../kernel/ids.js';
import type { CommitteeMember, Official } from '../voting/index.js';
import {
  cast,
  closeVote as coreClose,
  committeeMemberOf,
  committeeMembers,
  createVote,
  dealToCommittee,
  decryptedMembers,
  getVote,
  nameCommitteeHashed,
  openVote as coreOpen,
  pickUpCommitteeShare,
  publishBoard,
  setRoll,
  submitDecryption,
  turnoutProgress,
} from '../voting/index.js';
import type { Member } from './live.js';
import { closeVote as closeOpenVote, command, context, MAJORITIES } from './live.js';
import type { SittingRow } from './repo/setup.js';
import {
  appendEvent,
  eventsAfter,
  finishVote,
  insertVote,
  itemsOfSitting,
  lastSeq,
  membershipsOfBody,
  notifyTally,
  presenceOf,
  recusalsOfSitting,
  sittingById,
  voteById,
  votesOfSitting,
  type Majority,
  type VoteOutcome,
  type VoteRow,
} from './repo/live.js';
import { hintsOf, setSecretOutcome } from './repo/secret.js';
import { eligibleFor, quorumOf, votesNeeded } from './rules.js';

/** The core question of a secret election. */
export const CANDIDATES_QUESTION = 'candidates';
export const MAX_CANDIDATES = 20;
export const MAX_COMMISSION = 9;
/** How long the core's window stays open at most (the chair closes it long before). */
const WINDOW_MS = 24 * 3600 * 1000;
/** The roll's unit: a council member's settlement unit is not what the council vote is about. */
const ROLL_UNIT = 'council';

/** The server's secrets a secret vote needs: the share-sealing secret. */
export interface SecretSecrets {
  sealSecret: string;
}

export function secretSecrets(config: { sessionSecret: string }): SecretSecrets {
  return { sealSecret: config.sessionSecret };
}

export interface CandidateCount {
  id: string;
  name: string;
  votes: number;
}

/**
 * A secret election's outcome: counts only. It carries the open vote's fields too, so that readers
 * of any vote.closed event can show it: for = the leading (elected) candidate's votes, against = the
 * other candidates' votes together, abstain = blank ballots, notVoting = eligible seats without a
 * counted ballot; adopted = somebody was elected.
 */
export interface SecretOutcome extends VoteOutcome {
  kind: 'secret';
  /** Counted ballots (the board's turnout). */
  ballots: number;
  blank: number;
  candidates: CandidateCount[];
  elected: { id: string; name: string } | null;
  /** Nobody elected: the candidates of the repeat vote (tied leaders, or the two with most votes); null: new candidates. */
  repeatBetween: { id: string; name: string }[] | null;
}

/** The outcome of a secret election from the decrypted counts (the rule in the file's head). Pure. */
export function secretOutcome(
  majority: Majority,
  c: { seats: number; present: number; eligible: number; ballots: number; candidates: readonly { id: string; name: string }[]; counts: readonly number[] },
): SecretOutcome {
  const candidates = c.candidates.map((x, i) => ({ id: x.id, name: x.name, votes: c.counts[i] ?? 0 }));
  const total = candidates.reduce((s, x) => s + x.votes, 0);
  const blank = Math.max(0, c.ballots - total);
  const ranked = [...candidates].sort((a, b) => b.votes - a.votes);
  const top = ranked[0]?.votes ?? 0;
  const leaders = ranked.filter((x) => x.votes === top);
  const lead = leaders[0] ?? null;
  const others = lead ? total - lead.votes : 0;
  const needed = votesNeeded(majority, { seats: c.seats, present: c.present, against: others });
  const elected = lead && leaders.length === 1 && lead.votes >= needed && lead.votes > 0 ? { id: lead.id, name: lead.name } : null;
  let repeatBetween: SecretOutcome['repeatBetween'] = null;
  if (!elected && leaders.length > 1) repeatBetween = leaders.map((x) => ({ id: x.id, name: x.name }));
  else if (!elected && ranked.length > 1) {
    const second = ranked[1]!.votes;
    repeatBetween = ranked.filter((x) => x.votes >= second).map((x) => ({ id: x.id, name: x.name }));
  }
  return {
    kind: 'secret',
    ballots: c.ballots,
    blank,
    candidates,
    elected,
    repeatBetween,
    for: lead?.votes ?? 0,
    against: others,
    abstain: blank,
    notVoting: Math.max(0, c.eligible - c.ballots),
    seats: c.seats,
    present: c.present,
    needed,
    adopted: elected !== null,
  };
}

// ---------------------------------------------------------------- the sitting's context

async function secretVoteOf(t: Tx, kov: string, s: SittingRow, voteId: string): Promise<VoteRow & { voting_vote_id: string }> {
  if (!isId(voteId)) throw notFound();
  const v = await voteById(t, kov, voteId);
  if (!v || v.sitting_id !== s.id || v.kind !== 'secret' || !v.voting_vote_id) throw notFound();
  return v as VoteRow & { voting_vote_id: string };
}

// ---------------------------------------------------------------- opening

export interface OpenSecretInput {
  itemId: string;
  subject: string;
  majority: Majority;
  /** The candidates' names in ballot order (ignored for a repeat that names its candidates). */
  candidates: string[];
  /** Membership ids of the counting commission (member i the i-th), present members. */
  commission: string[];
  /** Commission members needed to count. */
  threshold: number;
  repeatOf?: string | null;
  reason?: string | null;
}

function cleanCandidates(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map((x) => String(x).trim()).filter((x) => x !== '') : [];
}

/**
 * Opens a secret election on the open item (the file's head). Refused: 400 for a bad subject,
 * majority, candidates (1–20 distinct names), commission (1–9 distinct members present in the room or
 * online, signed-in persons) or threshold (1…n); 409 without quorum, while another vote is open, when
 * the item is not open, or for a repeat of a vote not yet counted; 400 for a repeat without a reason.
 */
export async function openSecretVote(db: Db, kov: string, sittingId: string, input: OpenSecretInput, actor: Actor, secrets: SecretSecrets): Promise<string> {
  const subject = String(input.subject ?? '').trim();
  const reason = String(input.reason ?? '').trim();
  const fields: FieldError[] = [];
  if (subject.length < 1 || subject.length > 500) fields.push({ field: 'subject', reason: 'council.error.subject' });
  if (!MAJORITIES.includes(input.majority)) fields.push({ field: 'majority', reason: 'council.error.majority' });
  if (input.repeatOf && (reason.length < 1 || reason.length > 1000)) fields.push({ field: 'reason', reason: 'council.error.repeatReason' });
  const commission = Array.isArray(input.commission) ? input.commission.map((x) => String(x)) : [];
  if (commission.length < 1 || commission.length > MAX_COMMISSION || new Set(commission).size !== commission.length || commission.some((x) => !isId(x))) {
    fields.push({ field: 'commission', reason: 'council.secret.error.commission', vars: { max: MAX_COMMISSION } });
  }
  const threshold = Number(input.threshold);
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > Math.max(1, commission.length)) fields.push({ field: 'threshold', reason: 'council.secret.error.threshold', vars: { n: commission.length } });
  return command(db, kov, sittingId, async (t, s) => {
    if (s.state !== 'open') throw conflict('council.error.sittingNotOpen');
    const item = (await itemsOfSitting(t, kov, s.id)).find((i) => i.id === input.itemId);
    if (!item) throw notFound();
    const votes = await votesOfSitting(t, kov, s.id);
    let repeated: VoteRow | null = null;
    if (input.repeatOf) {
      repeated = votes.find((v) => v.id === input.repeatOf) ?? null;
      if (!repeated || repeated.item_id !== item.id || repeated.kind !== 'secret') fields.push({ field: 'repeatOf', reason: 'council.error.repeatOf' });
    }
    let candidates = cleanCandidates(input.candidates);
    const between = (repeated?.outcome as SecretOutcome | null)?.repeatBetween;
    if (between?.length) candidates = between.map((c) => c.name);
    if (candidates.length < 1 || candidates.length > MAX_CANDIDATES || candidates.some((c) => c.length > 200) || new Set(candidates.map((c) => c.toLowerCase())).size !== candidates.length) {
      fields.push({ field: 'candidates', reason: 'council.secret.error.candidates', vars: { max: MAX_CANDIDATES } });
    }
    const c = await context(t, kov, s);
    const presentIds = new Set((await presenceOf(t, kov, s.id)).filter((p) => p.present).map((p) => p.membership_id));
    const present = c.seated.filter((m) => presentIds.has(m.id));
    const members = commission.map((id) => present.find((m) => m.id === id) ?? null);
    members.forEach((m, i) => {
      if (!m || !m.idcode_hash) fields.push({ field: `commission.${i}`, reason: 'council.secret.error.commissionMember' });
    });
    if (fields.length) throw badRequest(fields);
    if (item.state !== 'open') throw conflict('council.error.itemNotOpen');
    if (votes.some((v) => v.state === 'open')) throw conflict('council.error.voteOpen');
    if (repeated && (repeated.state !== 'closed' || !repeated.outcome)) throw conflict('council.secret.error.repeatNotCounted');
    const q = quorumOf(c.seats, present.length);
    if (!q.has) throw conflict('council.error.noQuorum', [{ field: 'quorum', reason: 'council.error.noQuorumDetail', vars: { present: q.present, needed: q.needed, seats: q.seats } }]);

    const recused = (await recusalsOfSitting(t, kov, s.id)).filter((r) => r.item_id === item.id).map((r) => r.membership_id);
    const eligible = eligibleFor(present.map((m) => m.id), recused);
    const byId = new Map(c.all.map((m) => [m.id, m]));
    const roll = eligible.map((id) => byId.get(id)?.idcode_hash).filter((h): h is string => !!h);
    if (roll.length === 0) throw conflict('council.secret.error.emptyRoll');

    const id = uuidv7();
    const by: Official = { kov, actor };
    const opensAt = now();
    const title = { et: subject, en: subject, ru: subject };
    const { id: votingVoteId } = await createVote(t, {
      kov,
      actor,
      title,
      questions: [
        {
          id: CANDIDATES_QUESTION,
          text: { et: 'Kandidaadid', en: 'Candidates', ru: 'Кандидаты' },
          rule: { kind: 'one' },
          options: candidates.map((name, i) => ({ id: `c${i + 1}`, text: { et: name, en: name, ru: name } })),
        },
      ],
      opensAt,
      closesAt: new Date(nowMs() + WINDOW_MS),
      revote: true,
    });
    // The roll's birth date: the core asks one for its turnout by age group, which a council vote never
    // shows; the council keeps only ID-code hashes, so the day of the vote stands in for every seat.
    await setRoll(t, votingVoteId, roll.map((voterHash) => ({ voterHash, unit: ROLL_UNIT, birthDate: today() })), by);
    const hintOf = await hintsOf(t, kov, commission);
    const hints = await nameCommitteeHashed(t, kov, id, members.map((m) => ({ hash: m!.idcode_hash!, hint: hintOf.get(m!.id) ?? '' })));
    await dealToCommittee(t, votingVoteId, id, threshold, secrets.sealSecret, by);
    await coreOpen(t, votingVoteId, by);
    await insertVote(t, {
      id,
      kov_code: kov,
      sitting_id: s.id,
      item_id: item.id,
      amendment_id: null,
      subject,
      kind: 'secret',
      majority: input.majority,
      eligible,
      repeat_of: repeated?.id ?? null,
      repeat_reason: repeated ? reason : null,
      voting_vote_id: votingVoteId,
      present: present.length,
    });
    const commissionNames = members.map((m) => m!.name);
    await appendEvent(
      t,
      kov,
      s.id,
      'vote.opened',
      {
        voteId: id,
        itemId: item.id,
        subject,
        kind: 'secret',
        majority: input.majority,
        eligible: eligible.length,
        repeatOf: repeated?.id ?? null,
        reason: repeated ? reason : null,
        candidates,
        commission: commissionNames,
        threshold,
        votingVoteId,
      },
      actor.name,
    );
    const after = { itemId: item.id, subject, majority: input.majority, candidates, commission, threshold, votingVoteId, rollSize: roll.length, repeatOf: repeated?.id ?? null, reason: repeated ? reason : null, hints: hints.length };
    if (repeated) await recordAudit(t, { kov, actor, action: 'council.secret.repeat', targetType: 'council_vote', targetId: id, after });
    else await recordAudit(t, { kov, actor, action: 'council.secret.open', targetType: 'council_vote', targetId: id, after });
    return id;
  });
}

// ---------------------------------------------------------------- casting

export interface SecretBallotView {
  voteId: string;
  subject: string;
  state: VoteRow['state'];
  counted: boolean;
  votingVoteId: string;
  candidates: { id: string; name: string }[];
  eligible: boolean;
  recused: boolean;
}

/** What a member sees of a secret vote: its candidates and whether she may cast. */
export async function secretBallotFor(db: Db, kov: string, sittingId: string, voteId: string, me: Member | null): Promise<SecretBallotView> {
  const v = await db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) throw notFound();
    const row = await secretVoteOf(t, kov, s, voteId);
    const recused = me ? (await recusalsOfSitting(t, kov, s.id)).some((r) => r.item_id === row.item_id && r.membership_id === me.membershipId) : false;
    return { row, recused };
  }, { kov });
  const core = await getVote(db, kov, v.row.voting_vote_id);
  return {
    voteId: v.row.id,
    subject: v.row.subject,
    state: v.row.state,
    counted: v.row.outcome !== null,
    votingVoteId: v.row.voting_vote_id,
    candidates: (core.questions[0]?.options ?? []).map((o) => ({ id: o.id, name: o.text.et })),
    eligible: !!me && v.row.eligible.includes(me.membershipId),
    recused: v.recused,
  };
}

/**
 * A member's secret ballot: `candidate` is a candidate's id (c1, c2, …) or '' for a blank ballot.
 * 403 when she was not eligible when the vote opened (absent, or a declared conflict of interest);
 * 409 when the vote is not open; 400 for an unknown candidate. Her earlier ballot is replaced.
 * Answers the tracker (her check on the published board). Not audited (a member's own act; the
 * core keeps who cast, never what, and forgets even that at close).
 */
export async function castSecretBallot(db: Db, kov: string, sittingId: string, voteId: string, me: Member, candidate: string): Promise<{ tracker: string; replaced: boolean }> {
  const { row, hash } = await db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) throw notFound();
    const v = await secretVoteOf(t, kov, s, voteId);
    if (v.state !== 'open') throw conflict('council.error.voteNotOpen');
    if (!v.eligible.includes(me.membershipId)) {
      const recused = (await recusalsOfSitting(t, kov, s.id)).some((r) => r.item_id === v.item_id && r.membership_id === me.membershipId);
      throw forbidden(recused ? 'council.error.recused' : 'council.error.notEligible');
    }
    const seat = (await membershipsOfBody(t, kov, s.body_id)).find((m) => m.id === me.membershipId);
    if (!seat?.idcode_hash) throw forbidden('council.error.notEligible');
    return { row: v, hash: seat.idcode_hash };
  }, { kov });
  const core = await getVote(db, kov, row.voting_vote_id);
  const ids = (core.questions[0]?.options ?? []).map((o) => o.id);
  const pick = String(candidate ?? '').trim();
  if (pick !== '' && !ids.includes(pick)) throw badRequest([{ field: 'candidate', reason: 'council.secret.error.candidate' }]);
  const r = await cast(db, row.voting_vote_id, hash, [pick === '' ? [] : [pick]]);
  // watchers' pages re-read the state (no event: a ballot is no part of the sitting's record)
  await db.tx(async (t) => notifyTally(t, sittingId, await lastSeq(t, kov, sittingId)), { kov });
  return r;
}

// ---------------------------------------------------------------- closing and counting

/**
 * The chair closes the ballot: the core shuffles, unlinks and sums the ballots; the council vote is
 * closed without an outcome until the commission counts (event vote.counting { voteId, itemId,
 * subject, kind, turnout }). Audited.
 */
export async function closeSecretVote(db: Db, kov: string, sittingId: string, voteId: string, actor: Actor): Promise<{ turnout: number }> {
  return command(db, kov, sittingId, async (t, s) => {
    const v = await secretVoteOf(t, kov, s, voteId);
    if (v.state !== 'open') throw conflict('council.error.voteNotOpen');
    const { turnout } = await coreClose(t, v.voting_vote_id, { kov, actor });
    await finishVote(t, kov, v.id, 'closed', null);
    await appendEvent(t, kov, s.id, 'vote.counting', { voteId: v.id, itemId: v.item_id, subject: v.subject, kind: 'secret', turnout }, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.secret.close', targetType: 'council_vote', targetId: v.id, after: { turnout } });
    return { turnout };
  });
}

/** Closes the sitting's open vote of either kind (the console's one close button). */
export async function closeAnyVote(db: Db, kov: string, sittingId: string, voteId: string, actor: Actor): Promise<void> {
  const kind = await db.tx(async (t) => (isId(voteId) ? ((await voteById(t, kov, voteId))?.kind ?? null) : null), { kov });
  if (kind === 'secret') await closeSecretVote(db, kov, sittingId, voteId, actor);
  else await closeOpenVote(db, kov, sittingId, voteId, actor);
}

export interface CommissionView {
  voteId: string;
  subject: string;
  state: VoteRow['state'];
  counted: boolean;
  threshold: number;
  members: (CommitteeMember & { name: string })[];
  /** Members whose share is in. */
  decrypted: number[];
  votingVoteId: string;
  outcome: SecretOutcome | null;
}

/** The counting commission of a secret vote and where the count stands (public: no secrets in it). */
export async function commissionOf(db: Db, kov: string, sittingId: string, voteId: string): Promise<CommissionView> {
  const r = await db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) throw notFound();
    const v = await secretVoteOf(t, kov, s, voteId);
    const members = await committeeMembers(t, kov, v.id);
    // the members' names as the vote's opening event recorded them (member i the i-th)
    const opened = (await eventsAfter(t, kov, s.id, 0)).find((e) => e.kind === 'vote.opened' && e.data.voteId === v.id);
    const names = Array.isArray(opened?.data.commission) ? (opened.data.commission as string[]) : [];
    return { v, members, names };
  }, { kov });
  const core = await getVote(db, kov, r.v.voting_vote_id);
  const decrypted = core.status === 'open' || core.status === 'draft' ? [] : await decryptedMembers(db, kov, r.v.voting_vote_id);
  return {
    voteId: r.v.id,
    subject: r.v.subject,
    state: r.v.state,
    counted: r.v.outcome !== null,
    threshold: core.key?.threshold ?? 0,
    members: r.members.map((m) => ({ ...m, name: r.names[m.member - 1] ?? '' })),
    decrypted,
    votingVoteId: r.v.voting_vote_id,
    outcome: (r.v.outcome as SecretOutcome | null) ?? null,
  };
}

/** The signed-in person's place on the vote's commission, or null. */
export async function commissionMemberOf(db: Db, kov: string, sittingId: string, voteId: string, idcodeHash: string): Promise<CommitteeMember | null> {
  return db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) throw notFound();
    const v = await secretVoteOf(t, kov, s, voteId);
    return committeeMemberOf(t, kov, v.id, idcodeHash);
  }, { kov });
}

/** A commission member picks up her share once (audited: her number, never the share). */
export async function pickUpSecretShare(db: Db, kov: string, sittingId: string, voteId: string, idcodeHash: string, actor: Actor, secrets: SecretSecrets): Promise<{ member: number; share: string }> {
  return db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) throw notFound();
    const v = await secretVoteOf(t, kov, s, voteId);
    const got = await pickUpCommitteeShare(t, kov, v.id, idcodeHash, secrets.sealSecret);
    await recordAudit(t, { kov, actor, action: 'council.secret.pickup', targetType: 'council_vote', targetId: v.id, after: { member: got.member } });
    return got;
  }, { kov });
}

/**
 * A commission member gives her share after the close: the core checks it (400 for a wrong one) and
 * keeps her partial decryption; with the k-th the core publishes the verified board, and the counts
 * become the council vote's outcome (event vote.closed, counts only). 404 when she is not on the
 * commission, 409 before the close or after the count. Audited.
 */
export async function submitSecretShare(
  db: Db,
  kov: string,
  sittingId: string,
  voteId: string,
  idcodeHash: string,
  share: string,
  actor: Actor,
): Promise<{ received: number; needed: number; outcome: SecretOutcome | null }> {
  const candidates = (await secretBallotFor(db, kov, sittingId, voteId, null)).candidates;
  return command(db, kov, sittingId, async (t, s) => {
    const v = await secretVoteOf(t, kov, s, voteId);
    const me = await committeeMemberOf(t, kov, v.id, idcodeHash);
    if (!me) throw notFound();
    if (v.state !== 'closed') throw conflict('council.secret.error.notClosed');
    if (v.outcome) throw conflict('council.secret.error.counted');
    const by: Official = { kov, actor };
    const r = await submitDecryption(t, v.voting_vote_id, me.member, typeof share === 'string' ? share.trim().toLowerCase() : '', by);
    await recordAudit(t, { kov, actor, action: 'council.secret.share', targetType: 'council_vote', targetId: v.id, after: { member: me.member, received: r.received, needed: r.needed } });
    if (r.received < r.needed) return { received: r.received, needed: r.needed, outcome: null };
    const board = await publishBoard(t, v.voting_vote_id, by);
    const c = await context(t, kov, s);
    const outcome = secretOutcome(v.majority, {
      seats: c.seats,
      present: v.present ?? v.eligible.length,
      eligible: v.eligible.length,
      ballots: board.turnout,
      candidates,
      counts: board.counts[0] ?? [],
    });
    await setSecretOutcome(t, kov, v.id, outcome);
    await appendEvent(t, kov, s.id, 'vote.closed', { voteId: v.id, itemId: v.item_id, subject: v.subject, kind: 'secret', majority: v.majority, outcome }, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.secret.count', targetType: 'council_vote', targetId: v.id, after: { outcome, boardSha256: board.sha256 } });
    return { received: r.received, needed: r.needed, outcome };
  });
}

/** How many eligible members have cast a ballot so far (who, never what; a re-vote is not counted twice). */
export async function secretTurnout(db: Db, kov: string, votingVoteId: string): Promise<{ cast: number; roll: number }> {
  const p = await turnoutProgress(db, kov, votingVoteId);
  return { cast: p.total, roll: p.rollSize };
}
