// SQL of the council's secret ballots (secret.ts): a secret vote's row is a council_vote of kind
// 'secret' (voting_vote_id: the voting core's vote); its outcome is written once, when the counting
// commission's k-th share is in and the core has decrypted and verified the counts.
import type { Tx } from '../../../kernel/db.js';

/** Writes the counted outcome of a closed secret vote (once: only while it has none); false otherwise. */
export async function setSecretOutcome(t: Tx, kov: string, voteId: string, outcome: object): Promise<boolean> {
  const r = await t.query<{ id: string }>(
    `UPDATE council_vote SET outcome = $3::jsonb WHERE id = $1 AND kov_code = $2 AND kind = 'secret' AND state = 'closed' AND outcome IS NULL RETURNING id`,
    [voteId, kov, JSON.stringify(outcome)],
  );
  return r.length === 1;
}

/** The last-4 ID-code hints of memberships' persons (the commission's rows in the voting core keep them). */
export async function hintsOf(t: Tx, kov: string, membershipIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await t.query<{ id: string; hint: string | null }>(
    `SELECT m.id, p.idcode_hint AS hint FROM council_membership m JOIN council_person p ON p.id = m.person_id WHERE m.id = ANY($1::uuid[]) AND m.kov_code = $2`,
    [membershipIds, kov],
  );
  return new Map(rows.map((r) => [r.id, r.hint ?? '']));
}
