// Results: counts (once the board is published) and turnout by settlement unit and age group
// (after close, small numbers suppressed); the committee's sign-off of the results digest, and
// certification with k sign-offs.
import { recordAudit } from '../../kernel/audit.js';
import { dateInTallinn } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict, forbidden } from '../../kernel/errors.js';
import type { BoardDocument } from './crypto/board.js';
import * as repo from './repo.js';
import type { Official, QuestionDef, Texts, TurnoutCell } from './rules.js';
import { AGE_GROUPS, DIGEST_RE, ageOn, resultDigestOfBoard, suppress } from './rules.js';
import type { VoteStatus } from './votes.js';
import { needStatus, voteIn } from './votes.js';

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
        await repo.markCertified(t, voteId);
        status = 'certified';
      }
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.result.certify', targetType: 'voting_vote', targetId: voteId, after: { certifications: n, needed, status, digest: confirmed } });
      return { certifications: n, needed, status, digest: confirmed };
    },
    { kov: by.kov },
  );
}

