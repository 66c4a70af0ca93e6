// Village elder elections (külavanem): an election is a vote of the voting core plus the election's
// own settings, candidates, committee and outcome. Set-up by a KOV admin; nominations by residents
// (a candidate herself, or an eligible resident with the candidate's consent); the admin confirms
// the candidate list, which creates the vote (one question, one choice), freezes the roll from the
// residents register, deals the key to the committee (each share sealed for its member, picked up
// once) and opens it. After close the committee decrypts and certifies as in polls; certification
// decides the winner (a tie by the public draw or a run-off round) and starts the elder's term.
// Official actions are audited: the voting core audits its own; this module audits its own tables.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { dateInTallinn, now as clockNow, today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, isHttpError, notFound } from '../../kernel/errors.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { EligibilityRules } from '../residents/index.js';
import { bornOnOrBefore, countEligible, findResident, importExtraList, snapshotEligible } from '../residents/index.js';
import { settlementUnitsOf } from '../territory/index.js';
import type { CommitteeMember, Official, Results, RollEntry, VoteView } from '../voting/index.js';
import { cast, closeVote, certify, committeeMemberOf, committeeMembers, committeePlacesEverywhere, copyCommittee, createVote, dealToCommittee, decryptedMembers, getVote, nameCommittee, openVote, pickUpCommitteeShare, publishBoard, results, setRoll, submitDecryption } from '../voting/index.js';
import type { CandidateRow, ElderRow, ElectionRow, Outcome } from './repo.js';
import * as repo from './repo.js';
import type { ElectionInput } from './rules.js';
import { decide, electionErrors, termEnd } from './rules.js';

/** The server's secrets an election needs (as polls): the ID code hash key and the share-sealing secret. */
export interface EldersSecrets {
  idcodeKey: string;
  sealSecret: string;
}

export function eldersSecrets(config: { idcodeHmacKey: string; sessionSecret: string }): EldersSecrets {
  return { idcodeKey: config.idcodeHmacKey, sealSecret: config.sessionSecret };
}

/**
 * Where an election is: before the list is confirmed, by the nomination window; after, by its
 * vote; once certified, by its outcome (elected, a run-off, or nobody).
 */
export type ElectionStatus = 'upcoming' | 'nomination' | 'nominationClosed' | 'scheduled' | 'voting' | 'ended' | 'closed' | 'published' | 'certified' | 'runoff' | 'failed';

export interface Candidate {
  id: string;
  name: string;
  unit: string | null;
  statement: string;
  self: boolean;
  consented: boolean;
}

export interface Election {
  id: string;
  kov: string;
  title: ElectionRow['title'];
  units: string[];
  nominationOpens: Date;
  nominationCloses: Date;
  votingOpens: Date;
  votingCloses: Date;
  candidateMinAge: number;
  candidateResident: boolean;
  voterMinAge: number;
  extraList: string | null;
  tieRule: ElectionRow['tie_rule'];
  termYears: number;
  threshold: number;
  members: number;
  runoffOf: string | null;
  voteId: string | null;
  outcome: Outcome | null;
  seed: string | null;
  candidates: Candidate[];
  vote: VoteView | null;
  status: ElectionStatus;
  elder: Elder | null;
}

export interface Elder {
  id: string;
  kov: string;
  electionId: string;
  name: string;
  units: string[];
  termStart: string;
  termEnd: string;
}

const elderOf = (r: ElderRow): Elder => ({ id: r.id, kov: r.kov_code, electionId: r.election_id, name: r.name, units: r.units, termStart: r.term_start, termEnd: r.term_end });

function candidateOf(r: CandidateRow): Candidate {
  return { id: r.id, name: r.name, unit: r.unit_code, statement: r.statement, self: r.nominated_by === r.idcode_hash, consented: r.consented_at !== null };
}

export function statusOf(r: Pick<ElectionRow, 'nomination_opens' | 'nomination_closes' | 'confirmed_at' | 'outcome'>, vote: VoteView | null, now = clockNow()): ElectionStatus {
  if (r.outcome) return r.outcome.kind === 'elected' ? 'certified' : r.outcome.kind === 'runoff' ? 'runoff' : 'failed';
  if (!r.confirmed_at || !vote) {
    if (now < new Date(r.nomination_opens)) return 'upcoming';
    if (now < new Date(r.nomination_closes)) return 'nomination';
    return 'nominationClosed';
  }
  if (vote.status === 'open') {
    if (now < vote.opensAt) return 'scheduled';
    if (now >= vote.closesAt) return 'ended';
    return 'voting';
  }
  if (vote.status === 'draft') return 'nominationClosed';
  return vote.status;
}

async function electionRow(t: Tx, kov: string, id: string, forUpdate = false): Promise<ElectionRow> {
  if (!UUID_RE.test(id)) throw notFound();
  const r = await repo.electionById(t, kov, id, forUpdate);
  if (!r) throw notFound();
  return r;
}

async function toElection(db: Db, r: ElectionRow): Promise<Election> {
  const { candidates, elder } = await db.tx(async (t) => ({ candidates: await repo.candidatesOf(t, r.kov_code, r.id), elder: await repo.elderOfElection(t, r.id) }), { kov: r.kov_code });
  const vote = r.vote_id ? await getVote(db, r.kov_code, r.vote_id) : null;
  return {
    id: r.id,
    kov: r.kov_code,
    title: r.title,
    units: r.units,
    nominationOpens: new Date(r.nomination_opens),
    nominationCloses: new Date(r.nomination_closes),
    votingOpens: new Date(r.voting_opens),
    votingCloses: new Date(r.voting_closes),
    candidateMinAge: r.candidate_min_age,
    candidateResident: r.candidate_resident,
    voterMinAge: r.voter_min_age,
    extraList: r.extra_list,
    tieRule: r.tie_rule,
    termYears: r.term_years,
    threshold: r.threshold,
    members: r.members,
    runoffOf: r.runoff_of,
    voteId: r.vote_id,
    outcome: r.outcome,
    seed: r.seed,
    candidates: candidates.map(candidateOf),
    vote,
    status: statusOf(r, vote),
    elder: elder ? elderOf(elder) : null,
  };
}

export async function getElection(db: Db, kov: string, id: string): Promise<Election> {
  const r = await db.tx((t) => electionRow(t, kov, id), { kov });
  return toElection(db, r);
}

export async function listElections(db: Db, kov: string): Promise<Election[]> {
  const rows = await db.tx((t) => repo.electionsOf(t, kov), { kov });
  return Promise.all(rows.map((r) => toElection(db, r)));
}

/** Elections of every KOV not yet decided (public: nominations and votes are open to see). */
export async function openElectionsEverywhere(db: Db, limit = 200): Promise<Election[]> {
  // Platform-wide read of this module's own tables: elections are public in every KOV.
  const rows = await db.system('the undecided village elder elections of every KOV, for the public list', (t) => repo.openElections(t, limit));
  return Promise.all(rows.map((r) => toElection(db, r)));
}

/** The KOV's elders in office today. */
export async function currentElders(db: Db, kov: string): Promise<Elder[]> {
  return (await db.tx((t) => repo.currentElders(t, kov, today()), { kov })).map(elderOf);
}

/** Every KOV's elders in office today (public list across Estonia). */
export async function currentEldersEverywhere(db: Db, limit = 1000): Promise<Elder[]> {
  // Platform-wide read of this module's own tables: elders and their terms are public.
  return (await db.system('the village elders in office in every KOV, for the public list', (t) => repo.allCurrentElders(t, today(), limit))).map(elderOf);
}

// ---------------------------------------------------------------- set-up

/** The voters' rules in the residents register's terms (age on the day voting opens). */
export function voterRules(e: { units: string[]; voterMinAge: number; votingOpens: Date; extraList: string | null }): EligibilityRules {
  return { units: e.units, minAge: e.voterMinAge, on: dateInTallinn(e.votingOpens), ...(e.extraList ? { extraLists: [e.extraList] } : {}) };
}

const rowRules = (r: ElectionRow) => voterRules({ units: r.units, voterMinAge: r.voter_min_age, votingOpens: new Date(r.voting_opens), extraList: r.extra_list });

/**
 * Creates an election: the settings checked (400 naming each field), the units and the extra list
 * against the KOV's register (unknown ones refused), an optional list of extra voters (CSV of ID
 * codes, e.g. property owners) imported into the register's extra lists under the election's own
 * name, and the committee kept as keyed hashes. One audited transaction for the election's rows.
 */
export async function createElection(db: Db, kov: string, input: ElectionInput, actor: Actor, secrets: EldersSecrets, voterListCsv?: string): Promise<{ id: string }> {
  const errors = electionErrors(input, clockNow());
  if (errors.length) throw badRequest(errors);
  const id = uuidv7();
  let extraList = input.extraList?.trim() || null;
  if (voterListCsv !== undefined && voterListCsv.trim() !== '') {
    if (extraList) throw badRequest([{ field: 'voterListCsv', reason: 'elders.error.listAndCsv' }]);
    extraList = `elders-${id}`;
    const r = await importExtraList(db, secrets.idcodeKey, { kov, name: extraList, text: voterListCsv, actor });
    if (!r.ok) throw badRequest([{ field: 'voterListCsv', reason: 'elders.error.voterList', vars: { lines: r.problems.map((p) => p.line).join(', ') } }]);
  }
  try {
    await countEligible(db, kov, voterRules({ ...input, extraList }));
  } catch (e) {
    if (isHttpError(e) && e.status === 400) throw badRequest(e.fields.map((f) => ({ ...f, field: f.field === 'extraLists' ? 'extraList' : f.field })));
    throw e;
  }
  await db.tx(
    async (t) => {
      await repo.insertElection(t, { ...input, id, kov, extraList, runoffOf: null, createdBy: actor.id });
      // the committee as the voting core keeps it (owner = the election's id): keyed hashes and last-4 hints
      const hints = await nameCommittee(t, kov, id, input.committee, secrets.idcodeKey);
      await recordAudit(t, {
        kov,
        actor,
        action: 'elders.election.create',
        targetType: 'elders_election',
        targetId: id,
        after: {
          units: input.units,
          nomination: [input.nominationOpens, input.nominationCloses],
          voting: [input.votingOpens, input.votingCloses],
          candidateMinAge: input.candidateMinAge,
          candidateResident: input.candidateResident,
          voterMinAge: input.voterMinAge,
          extraList,
          tieRule: input.tieRule,
          termYears: input.termYears,
          threshold: input.threshold,
          committee: hints,
        },
      });
    },
    { kov },
  );
  return { id };
}

// ---------------------------------------------------------------- nomination

/** Whether the person is a voter of the election: by the register (units, age) or on its extra list. */
async function isVoter(db: Db, r: ElectionRow, hash: string): Promise<boolean> {
  const on = dateInTallinn(new Date(r.voting_opens));
  const res = await findResident(db, r.kov_code, hash);
  if (res && r.units.includes(res.unitCode) && res.birthDate <= bornOnOrBefore(on, r.voter_min_age)) return true;
  if (!r.extra_list) return false;
  const people = await db.tx((t) => snapshotEligible(t, r.kov_code, rowRules(r)), { kov: r.kov_code });
  return people.some((p) => p.idcodeHash === hash);
}

/**
 * A nomination. The nominator is the signed-in person; with no `candidateIdcode` she nominates
 * herself (and has consented), otherwise the candidate must consent herself later. Only in the
 * nomination window (409 otherwise); the nominator of another person must be a voter of the
 * election (403 with the reason); the candidate must meet the requirements (age on the day voting
 * opens, residence in the units if required; 400 naming `candidate`).
 */
export async function nominate(
  db: Db,
  kov: string,
  id: string,
  nominator: { idcodeHash: string; birthDate: string; name: string },
  actor: Actor,
  secrets: EldersSecrets,
  candidateIdcode?: string,
  statement = '',
): Promise<Candidate> {
  if (statement.length > 2000) throw badRequest([{ field: 'statement', reason: 'elders.error.tooLong', vars: { max: 2000 } }]);
  const self = candidateIdcode === undefined || candidateIdcode.trim() === '';
  let hash = nominator.idcodeHash;
  let birthDate = nominator.birthDate;
  if (!self) {
    const p = parseIdcode(candidateIdcode);
    if (!p.ok) throw badRequest([{ field: 'candidate', reason: 'elders.error.idcode' }]);
    hash = hashIdcode(secrets.idcodeKey, candidateIdcode.trim());
    birthDate = p.value.birthDate;
    if (hash === nominator.idcodeHash) return nominate(db, kov, id, nominator, actor, secrets, undefined, statement);
  }
  const r = await db.tx((t) => electionRow(t, kov, id), { kov });
  const now = clockNow();
  if (r.confirmed_at || now < new Date(r.nomination_opens) || now >= new Date(r.nomination_closes)) throw conflict('elders.error.notNomination');
  if (!self && !(await isVoter(db, r, nominator.idcodeHash))) throw badRequest([{ field: 'candidate', reason: 'elders.error.nominatorNotVoter' }]);
  const on = dateInTallinn(new Date(r.voting_opens));
  const resident = await findResident(db, kov, hash);
  if (birthDate > bornOnOrBefore(on, r.candidate_min_age)) throw badRequest([{ field: 'candidate', reason: 'elders.error.candidateAge', vars: { age: r.candidate_min_age } }]);
  if (r.candidate_resident && !(resident && r.units.includes(resident.unitCode))) throw badRequest([{ field: 'candidate', reason: 'elders.error.candidateResidence' }]);
  const name = resident ? `${resident.givenName} ${resident.familyName}` : self ? nominator.name : null;
  if (!name) throw badRequest([{ field: 'candidate', reason: 'elders.error.candidateUnknown' }]);
  const cid = uuidv7();
  return db.tx(
    async (t) => {
      await electionRow(t, kov, id, true);
      if (!(await repo.insertCandidate(t, { id: cid, electionId: id, kov, hash, name, unit: resident?.unitCode ?? null, nominatedBy: nominator.idcodeHash, statement: statement.trim(), consented: self }))) {
        throw conflict('elders.error.alreadyCandidate', [{ field: 'candidate', reason: 'elders.error.alreadyCandidate' }]);
      }
      await recordAudit(t, { kov, actor, action: 'elders.candidate.nominate', targetType: 'elders_election', targetId: id, after: { candidate: cid, self } });
      return { id: cid, name, unit: resident?.unitCode ?? null, statement: statement.trim(), self, consented: self };
    },
    { kov },
  );
}

/** The candidate (signed in) consents to her nomination, in the nomination window; 404 unless it is hers, 409 when done already or too late. */
export async function consent(db: Db, kov: string, id: string, candidateId: string, idcodeHash: string, actor: Actor): Promise<void> {
  if (!UUID_RE.test(candidateId)) throw notFound();
  await db.tx(
    async (t) => {
      const r = await electionRow(t, kov, id, true);
      const c = (await repo.candidatesOf(t, kov, id)).find((x) => x.id === candidateId && x.idcode_hash === idcodeHash);
      if (!c) throw notFound();
      const now = clockNow();
      if (r.confirmed_at || now >= new Date(r.nomination_closes)) throw conflict('elders.error.notNomination');
      if (!(await repo.consentCandidate(t, kov, id, candidateId, idcodeHash))) throw conflict('elders.error.alreadyConsented');
      await recordAudit(t, { kov, actor, action: 'elders.candidate.consent', targetType: 'elders_election', targetId: id, after: { candidate: candidateId } });
    },
    { kov },
  );
}

/** The nominations waiting for this person's consent, in the KOV. */
export async function pendingFor(db: Db, kov: string, id: string, idcodeHash: string): Promise<Candidate[]> {
  const rows = await db.tx((t) => repo.candidatesOf(t, kov, id), { kov });
  return rows.filter((c) => c.idcode_hash === idcodeHash && !c.consented_at).map(candidateOf);
}

// ---------------------------------------------------------------- the vote

const EXTRA_UNIT = 'extra';

/**
 * The admin confirms the candidate list after nomination has closed: in ONE transaction the vote
 * is created (one question, one choice per consented candidate), the roll frozen from the register,
 * the key dealt k of n with each share sealed into its member's row, the vote opened. Nominations
 * without consent are left off. 409 before nomination closes, when confirmed already, or when no
 * candidate has consented.
 */
export async function confirmCandidates(db: Db, kov: string, id: string, actor: Actor, secrets: EldersSecrets): Promise<Election> {
  return confirmList(db, kov, id, actor, secrets, false);
}

async function confirmList(db: Db, kov: string, id: string, actor: Actor, secrets: EldersSecrets, runoff: boolean): Promise<Election> {
  const by: Official = { kov, actor };
  await db.tx(
    async (t) => {
      const r = await electionRow(t, kov, id, true);
      if (r.confirmed_at) throw conflict('elders.error.confirmed');
      if (!runoff && clockNow() < new Date(r.nomination_closes)) throw conflict('elders.error.nominationOpen');
      const candidates = (await repo.candidatesOf(t, kov, id)).filter((c) => c.consented_at);
      if (candidates.length === 0) throw conflict('elders.error.noCandidates', [{ field: 'candidates', reason: 'elders.error.noCandidates' }]);
      const { id: voteId } = await createVote(t, {
        kov,
        actor,
        title: r.title,
        questions: [
          {
            id: 'elder',
            text: { et: 'Külavanem', en: 'Village elder', ru: 'Сельский старейшина' },
            rule: { kind: 'one' },
            options: candidates.map((c) => ({ id: c.id, text: { et: c.name, en: c.name, ru: c.name } })),
          },
        ],
        opensAt: new Date(r.voting_opens),
        closesAt: new Date(r.voting_closes),
        revote: true,
      });
      const people = await snapshotEligible(t, kov, rowRules(r));
      const entries: RollEntry[] = people.map((p) => ({ voterHash: p.idcodeHash, unit: p.unitCode ?? EXTRA_UNIT, birthDate: p.birthDate }));
      if (entries.length === 0) throw badRequest([{ field: 'roll', reason: 'elders.error.emptyRoll' }]);
      await setRoll(t, voteId, entries, by);
      const members = await committeeMembers(t, kov, id);
      // the key k of n (n = the committee, as many as the election's members), each share sealed into its member's row
      await dealToCommittee(t, voteId, id, r.threshold, secrets.sealSecret, by);
      await openVote(t, voteId, by);
      if (!(await repo.markConfirmed(t, id, voteId))) throw conflict('elders.error.confirmed');
      await recordAudit(t, {
        kov,
        actor,
        action: 'elders.election.confirm',
        targetType: 'elders_election',
        targetId: id,
        after: { voteId, candidates: candidates.map((c) => c.id), rollSize: entries.length, sharesSealedFor: members.map((m) => m.member) },
      });
    },
    { kov },
  );
  return getElection(db, kov, id);
}

/** A committee member (number, last-4 hint, share state, pick-up time), kept by the voting core (owner = the election's id). */
export type { CommitteeMember };

export async function committeeOf(db: Db, kov: string, id: string): Promise<CommitteeMember[]> {
  return db.tx((t) => committeeMembers(t, kov, id), { kov });
}

/** The person's place on the election's committee, or null. */
export async function memberOf(db: Db, kov: string, id: string, idcodeHash: string): Promise<CommitteeMember | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx((t) => committeeMemberOf(t, kov, id, idcodeHash), { kov });
}

/** The elections whose committee the person sits on, across KOVs, with her place (her "my" list). */
export async function committeesOfPerson(db: Db, idcodeHash: string, limit = 100): Promise<{ e: Election; me: CommitteeMember }[]> {
  // Platform-wide read (a person may sit on committees of several KOVs), filtered by the person: her
  // places in the voting core's committees, of which this module keeps its elections; each election
  // is then read in a transaction bound to its KOV.
  const rows = await db.system('the elder election committees a person sits on, across KOVs', async (t) => {
    const places = new Map((await committeePlacesEverywhere(t, idcodeHash)).map((p) => [p.owner, p]));
    return (await repo.electionsAmong(t, [...places.keys()], limit)).map((e) => ({ kov: e.kov_code, id: e.id, me: places.get(e.id)!.me }));
  });
  return Promise.all(rows.map(async (m) => ({ e: await getElection(db, m.kov, m.id), me: m.me })));
}

/** The members whose partial decryption the voting core holds (after close). */
export async function decryptedOf(db: Db, e: Election): Promise<number[]> {
  if (!e.voteId || !e.vote || e.vote.status === 'draft' || e.vote.status === 'open') return [];
  return decryptedMembers(db, e.kov, e.voteId);
}

/** The member picks up her own share once (as in polls): taken out of her row, opened, audited (never the share). */
export async function pickUpShare(db: Db, kov: string, id: string, idcodeHash: string, actor: Actor, secrets: EldersSecrets): Promise<{ member: number; share: string }> {
  return db.tx(
    async (t) => {
      await electionRow(t, kov, id);
      const me = await committeeMemberOf(t, kov, id, idcodeHash);
      if (!me) throw notFound();
      if (me.share === 'pickedUp') throw conflict('elders.share.already');
      if (me.share === 'named') throw conflict('elders.share.notDealt');
      let taken: { member: number; share: string };
      try {
        taken = await pickUpCommitteeShare(t, kov, id, idcodeHash, secrets.sealSecret);
      } catch (e) {
        // taken by a pick-up running at the same moment: as before the move, "not dealt" (nothing waits)
        if (isHttpError(e) && e.status === 409) throw conflict('elders.share.notDealt');
        throw e;
      }
      await recordAudit(t, { kov, actor, action: 'elders.share.pickup', targetType: 'elders_election', targetId: id, after: { member: taken.member } });
      return { member: taken.member, share: taken.share };
    },
    { kov },
  );
}

async function voteOf(db: Db, kov: string, id: string): Promise<{ r: ElectionRow; voteId: string }> {
  const r = await db.tx((t) => electionRow(t, kov, id), { kov });
  if (!r.vote_id) throw conflict('elders.error.notConfirmed');
  return { r, voteId: r.vote_id };
}

/** A resident's ballot for one candidate, through the voting core (roll, window, re-voting). */
export async function castVote(db: Db, kov: string, id: string, voterHash: string, candidateId: string): Promise<{ tracker: string; replaced: boolean }> {
  const { voteId } = await voteOf(db, kov, id);
  if (!candidateId) throw badRequest([{ field: 'candidate', reason: 'elders.error.noChoice' }]);
  return cast(db, voteId, voterHash, [[candidateId]]);
}

/** Closes the vote (the voting core shuffles, unlinks and sums); audited here too. */
export async function closeElection(db: Db, kov: string, id: string, actor: Actor): Promise<{ turnout: number }> {
  const { voteId } = await voteOf(db, kov, id);
  return db.tx(
    async (t) => {
      const r = await closeVote(t, voteId, { kov, actor });
      await recordAudit(t, { kov, actor, action: 'elders.election.close', targetType: 'elders_election', targetId: id, after: { voteId, turnout: r.turnout } });
      return r;
    },
    { kov },
  );
}

/**
 * A member's share: the voting core checks it and stores her partial decryption; with the k-th the
 * board is published and its SHA-256 kept as the election's public seed (a tie's draw). One transaction.
 */
export async function submitShare(db: Db, kov: string, id: string, member: number, share: string, actor: Actor): Promise<{ received: number; needed: number; published: boolean }> {
  const { voteId } = await voteOf(db, kov, id);
  const by: Official = { kov, actor };
  return db.tx(
    async (t) => {
      const r = await submitDecryption(t, voteId, member, share, by);
      await recordAudit(t, { kov, actor, action: 'elders.election.share', targetType: 'elders_election', targetId: id, after: { voteId, member, received: r.received, needed: r.needed } });
      if (r.received < r.needed) return { received: r.received, needed: r.needed, published: false };
      const board = await publishBoard(t, voteId, by);
      await repo.storeSeed(t, id, board.sha256);
      return { received: r.received, needed: r.needed, published: true };
    },
    { kov },
  );
}

/** The candidates' counts from the published results (in the ballot's order). */
function countsOf(res: Results): { candidateId: string; votes: number }[] {
  return (res.questions[0]?.options ?? []).map((o) => ({ candidateId: o.id, votes: o.count ?? 0 }));
}

/**
 * A committee member signs the result off (the results digest she was shown). With k sign-offs the
 * vote is certified and the outcome decided, once: the winner's term starts today (an earlier
 * elder of the units hands over the day before), or a tie goes to the public draw or a run-off.
 */
export async function certifyElection(db: Db, kov: string, id: string, digest: string, actor: Actor): Promise<{ certifications: number; needed: number; status: string; outcome: Outcome | null }> {
  const { voteId } = await voteOf(db, kov, id);
  const c = await certify(db, voteId, digest, { kov, actor });
  let outcome: Outcome | null = null;
  if (c.status === 'certified') outcome = await decideOutcome(db, kov, id, actor);
  return { certifications: c.certifications, needed: c.needed, status: c.status, outcome };
}

/** Decides and stores the outcome of a certified election (idempotent: a stored outcome is answered as is). */
export async function decideOutcome(db: Db, kov: string, id: string, actor: Actor): Promise<Outcome> {
  const { r, voteId } = await voteOf(db, kov, id);
  if (r.outcome) return r.outcome;
  const res = await results(db, kov, voteId);
  if (res.status !== 'certified') throw conflict('elders.error.notCertified');
  const outcome = decide(countsOf(res), r.tie_rule, r.seed, id);
  return db.tx(
    async (t) => {
      const again = await electionRow(t, kov, id, true);
      if (again.outcome) return again.outcome;
      await repo.storeOutcome(t, id, outcome);
      let term: { start: string; end: string } | null = null;
      if (outcome.kind === 'elected') {
        const cand = (await repo.candidatesOf(t, kov, id)).find((c) => c.id === outcome.candidateId)!;
        const start = today();
        term = { start, end: termEnd(start, r.term_years) };
        await repo.endOverlappingTerms(t, kov, r.units, start);
        await repo.insertElder(t, { id: uuidv7(), kov, electionId: id, candidateId: cand.id, name: cand.name, units: r.units, start, end: term.end });
      }
      await recordAudit(t, { kov, actor, action: 'elders.election.decide', targetType: 'elders_election', targetId: id, after: { outcome, term } });
      return outcome;
    },
    { kov },
  );
}

/**
 * A run-off round after a tie (tie rule "run-off"): a new election of the same units, rules and
 * committee whose candidates are the tied ones (their consent stands), confirmed at once: its vote
 * opens at `opensAt` and closes at `closesAt`. Its own tie, if any, is broken by lot. 409 unless
 * the election ended in a tie waiting for its run-off.
 */
export async function startRunoff(db: Db, kov: string, id: string, window: { opensAt: Date; closesAt: Date }, actor: Actor, secrets: EldersSecrets): Promise<Election> {
  const now = clockNow();
  const errors: FieldError[] = [];
  if (!(window.opensAt instanceof Date) || Number.isNaN(window.opensAt.getTime()) || window.opensAt <= now) errors.push({ field: 'opensAt', reason: 'elders.error.runoffOpens' });
  if (!(window.closesAt instanceof Date) || Number.isNaN(window.closesAt.getTime()) || !(window.closesAt > window.opensAt)) errors.push({ field: 'closesAt', reason: 'elders.error.order' });
  if (errors.length) throw badRequest(errors);
  const runoffId = uuidv7();
  await db.tx(
    async (t) => {
      const r = await electionRow(t, kov, id, true);
      if (r.outcome?.kind !== 'runoff' || r.outcome.runoffId) throw conflict('elders.error.noRunoff');
      const tied = new Set(r.outcome.tied);
      await repo.insertElection(t, {
        id: runoffId,
        kov,
        title: { et: `${r.title.et} (kordusvoor)`, en: `${r.title.en} (run-off)`, ru: `${r.title.ru} (второй тур)` },
        units: r.units,
        nominationOpens: now,
        nominationCloses: window.opensAt,
        votingOpens: window.opensAt,
        votingCloses: window.closesAt,
        candidateMinAge: r.candidate_min_age,
        candidateResident: r.candidate_resident,
        voterMinAge: r.voter_min_age,
        extraList: r.extra_list,
        tieRule: 'lot',
        termYears: r.term_years,
        threshold: r.threshold,
        members: r.members,
        runoffOf: id,
        createdBy: actor.id,
      });
      await copyCommittee(t, kov, id, runoffId);
      for (const c of await repo.candidatesOf(t, kov, id)) {
        if (!tied.has(c.id)) continue;
        await repo.insertCandidate(t, { id: uuidv7(), electionId: runoffId, kov, hash: c.idcode_hash, name: c.name, unit: c.unit_code, nominatedBy: c.nominated_by, statement: c.statement, consented: true });
      }
      await repo.setRunoff(t, id, runoffId);
      await recordAudit(t, { kov, actor, action: 'elders.election.runoff', targetType: 'elders_election', targetId: id, after: { runoffId, tied: [...tied], opensAt: window.opensAt, closesAt: window.closesAt } });
    },
    { kov },
  );
  // the run-off's list is the tied candidates: confirmed at once (its nomination window is only formal)
  return confirmList(db, kov, runoffId, actor, secrets, true);
}

/** The election's results (counts once the board is published), or null before close. */
export async function electionResults(db: Db, e: Election): Promise<Results | null> {
  if (!e.voteId || !e.vote || !['closed', 'published', 'certified'].includes(e.vote.status)) return null;
  return results(db, e.kov, e.voteId);
}

/** The KOV's settlement units (code → name) for showing an election's villages. */
export async function unitNamesOf(db: Db, kov: string): Promise<Map<string, string>> {
  const units = await db.tx((t) => settlementUnitsOf(t, kov), { kov });
  return new Map(units.map((u) => [u.code, u.name]));
}
