// Results: counts (once the board is published) and turnout by settlement unit and age group
// (after close, small numbers suppressed); the committee's sign-off of the results digest, and
// certification with k sign-offs.
import { recordAudit } from '../../kernel/audit.js';
import { dateInTallinn } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, forbidden } from '../../kernel/errors.js';
import type { BoardDocument } from './crypto/board.js';
import type { Locale } from '../../kernel/i18n.js';
import { LOCALES } from '../../kernel/i18n.js';
import { countsOfTail, tailFields } from './crypto/board-stream.js';
import { sha256hex } from './crypto/group.js';
import { resultsPdf } from './views/results-pdf.js';
import * as repo from './repo.js';
import type { VoteRow } from './repo.js';
import type { Official, QuestionDef, Texts, TurnoutCell } from './rules.js';
import { AGE_GROUPS, DIGEST_RE, ageOn, resultDigestOfBoard, suppress } from './rules.js';
import type { VoteStatus } from './votes.js';
import { getVote, needStatus, voteIn, within } from './votes.js';

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

/**
 * Counts (once published) and turnout by settlement unit and age group (after close), suppressed.
 * A certified result is read as it was stored at certification (storedResults); before that it
 * is computed on each call.
 */
export async function results(db: Db, kov: string, voteId: string): Promise<Results> {
  return (await resultsWithTag(db, kov, voteId)).results;
}

/**
 * The results and, once certified, the stored result's validator (etag, null before certification).
 * A vote certified before results were stored gets its result computed and stored on first read.
 */
export async function resultsWithTag(db: Db, kov: string, voteId: string): Promise<{ results: Results; etag: string | null }> {
  return db.tx(
    async (t) => {
      const v = await voteIn(t, kov, voteId);
      needStatus(v, 'closed', 'published', 'certified');
      if (v.status !== 'certified') return { results: await computeResults(t, v), etag: null };
      const stored = await repo.storedResult(t, voteId);
      if (stored) return { results: parseResults(stored.results), etag: stored.etag };
      const fresh = await storeCertifiedResults(t, v, false);
      return { results: parseResults(fresh.text), etag: fresh.etag };
    },
    { kov },
  );
}

/** The results computed now from the board, the roll and the sign-offs (never the stored ones: tests compare the two). */
export async function recomputeResults(db: Db, kov: string, voteId: string): Promise<Results> {
  return db.tx(async (t) => {
    const v = await voteIn(t, kov, voteId);
    needStatus(v, 'closed', 'published', 'certified');
    return computeResults(t, v);
  }, { kov });
}

/**
 * The results protocol PDF of a certified vote in one language: made once (at certification, or on
 * the first request after a sign-off changed the result) and served as stored, with its validator
 * (SHA-256 of the bytes). null when the vote is not certified.
 */
export async function certifiedResultsPdf(db: Db, kov: string, voteId: string, locale: Locale, boardUrl: string): Promise<{ pdf: Uint8Array; etag: string } | null> {
  const hit = await db.tx(async (t) => {
    const v = await voteIn(t, kov, voteId);
    return v.status === 'certified' ? { stored: await repo.storedPdf(t, voteId, locale) } : null;
  }, { kov });
  if (!hit) return null;
  if (hit.stored) return { pdf: new Uint8Array(hit.stored.pdf), etag: hit.stored.etag };
  const { results: res, etag: resultsEtag } = await resultsWithTag(db, kov, voteId);
  if (!resultsEtag) return null;
  const vote = await getVote(db, kov, voteId);
  const pdf = await resultsPdf(vote, res, locale, { boardUrl });
  const etag = sha256hex(pdf);
  // kept only if the result it was made from is still the stored one (a sign-off in between drops it)
  await db.tx((t) => repo.storePdf(t, voteId, kov, locale, pdf, etag, resultsEtag), { kov });
  return { pdf: new Uint8Array(pdf), etag };
}

/** Makes and stores the protocol PDF in every language (after a certifying sign-off). */
export async function storeCertifiedPdfs(db: Db, kov: string, voteId: string, boardUrl: string): Promise<void> {
  for (const l of LOCALES) await certifiedResultsPdf(db, kov, voteId, l, boardUrl);
}

/** Results as stored: JSON with dates as ISO strings. */
function parseResults(text: string): Results {
  const r = JSON.parse(text) as Omit<Results, 'signatures'> & { signatures: { name: string; signedAt: string; digest: string | null }[] };
  return { ...r, signatures: r.signatures.map((s) => ({ name: s.name, signedAt: new Date(s.signedAt), digest: s.digest })) };
}

async function storeCertifiedResults(t: Tx, v: VoteRow, replace: boolean): Promise<{ text: string; etag: string }> {
  const text = JSON.stringify(await computeResults(t, v));
  const etag = sha256hex(Buffer.from(text, 'utf8'));
  await repo.storeResult(t, v.id, v.kov_code, text, etag, replace);
  return { text, etag };
}

/** The stored board's counts and results digest (legacy boards: from their text). */
async function publishedTally(t: Tx, v: VoteRow): Promise<{ counts: number[][]; digest: string } | null> {
  const b = await repo.boardRow(t, v.id);
  if (!b) return null;
  if (b.board !== null) return { counts: (JSON.parse(b.board) as BoardDocument).tally.counts, digest: resultDigestOfBoard(b.board, v.roll_size) };
  // format 2: the number of decrypted ballots naming each idea
  if (b.slots) return { counts: countsOfTail(b.board_tail!, (v.questions as QuestionDef[])[0]?.options.length ?? 0).counts, digest: b.result_digest! };
  return { counts: tailFields(b.board_tail!).tally.counts, digest: b.result_digest! };
}

async function computeResults(t: Tx, v: VoteRow): Promise<Results> {
  const voteId = v.id;
  const tally = v.status === 'closed' ? null : await publishedTally(t, v);
  const on = dateInTallinn(new Date(v.closes_at));
  const byUnit = new Map<string, { eligible: number; voted: number }>();
  const byAge = AGE_GROUPS.map((g) => ({ key: g.label, eligible: 0, voted: 0 }));
  for (const r of await repo.turnoutCounts(t, voteId)) {
    const u = byUnit.get(r.unit_code) ?? { eligible: 0, voted: 0 };
    u.eligible += r.eligible;
    u.voted += r.voted;
    byUnit.set(r.unit_code, u);
    const age = ageOn(r.birth_date, on);
    const g = byAge.find((_, i) => age >= AGE_GROUPS[i]!.from && age <= AGE_GROUPS[i]!.to);
    if (g) {
      g.eligible += r.eligible;
      g.voted += r.voted;
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
      options: q.options.map((o, oi) => ({ id: o.id, text: o.text, count: tally ? (tally.counts[qi]?.[oi] ?? null) : null })),
    })),
    turnoutByUnit: suppress([...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, c]) => ({ key, ...c }))),
    turnoutByAge: suppress(byAge.filter((g) => g.eligible > 0)),
    digest: tally ? tally.digest : null,
    certifications: certs.length,
    signatures: certs.map((c) => ({ name: c.person_name, signedAt: new Date(c.certified_at), digest: c.result_digest })),
    threshold: v.threshold,
  };
}

/**
 * A committee member signs the published result off by confirming its results digest (the one she
 * was shown: Results.digest). A digest that is not the current result's is refused (409 on
 * `digest`) and nothing is stored. The digest is stored with her sign-off and in the audit entry;
 * with k sign-offs the vote is certified.
 */
/**
 * Whether this person (her person id: the actor of her sign-off, as certify keeps it) has signed the
 * vote's results off — told by who she is, not by her name (two members may share a name).
 */
export async function hasCertified(on: Db | Tx, kov: string, voteId: string, personId: string): Promise<boolean> {
  return within(on, kov, async (t) => {
    await voteIn(t, kov, voteId);
    return repo.certifiedBy(t, voteId, personId);
  });
}

export async function certify(db: Db, voteId: string, digest: string, by: Official): Promise<{ certifications: number; needed: number; status: VoteStatus; digest: string }> {
  if (by.actor.kind !== 'person' || !by.actor.id) throw forbidden('voting.error.personOnly');
  const confirmed = typeof digest === 'string' ? digest.trim().toLowerCase() : '';
  if (!DIGEST_RE.test(confirmed)) throw badRequest([{ field: 'digest', reason: 'voting.field.digest' }]);
  const personId = by.actor.id;
  return db.tx(
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'published', 'certified');
      const current = (await publishedTally(t, v))?.digest ?? null;
      if (confirmed !== current) throw conflict('voting.error.digestMismatch', [{ field: 'digest', reason: 'voting.error.digestMismatch' }]);
      if (!(await repo.insertCertification(t, { voteId, kov: by.kov, personId, personName: by.actor.name, digest: confirmed }))) throw conflict('voting.error.alreadyCertified');
      const n = (await repo.certifications(t, voteId)).length;
      const needed = v.threshold ?? 1;
      let status = v.status;
      if (status === 'published' && n >= needed) {
        await repo.markCertified(t, voteId);
        status = 'certified';
      }
      // a certified result never changes: it is computed here, once, and served as stored (a
      // later sign-off adds itself to the stored result)
      if (status === 'certified') await storeCertifiedResults(t, { ...v, status }, true);
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.result.certify', targetType: 'voting_vote', targetId: voteId, after: { certifications: n, needed, status, digest: confirmed } });
      return { certifications: n, needed, status, digest: confirmed };
    },
    { kov: by.kov },
  );
}

