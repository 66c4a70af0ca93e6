// `vallamaja verify VOTE-ID` and `vallamaja verify --all`: run the VOTING.md verifier (verifyBoard)
// on the published boards in the database, print the results digest recomputed from each board
// (docs/api.md, "Results digest") and check it against the digests the committee signed off
// (voting_certification.result_digest); exit 1 when any check fails.
import type { Db } from '../../kernel/db.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { UUID_RE } from '../../kernel/ids.js';
import * as repo from './repo.js';
import { digestOfStoredBoard, listBoards, verifyStoredBoard } from './service.js';

export interface DigestCheck {
  /** The digest recomputed from the stored board and the roll size; null if the board cannot be read. */
  digest: string | null;
  /** Sign-offs that confirmed another digest (a result that is not this board's). */
  mismatches: { name: string; signedAt: Date; digest: string }[];
  /** Sign-offs that confirmed this digest. */
  matching: number;
  /** Sign-offs from before digests were kept (no digest to compare). */
  withoutDigest: number;
}

/** The board's results digest and the committee's sign-offs compared with it (platform-wide read). */
export async function checkResultDigest(db: Db, voteId: string): Promise<DigestCheck | null> {
  let digest: string | null = null;
  try {
    digest = await digestOfStoredBoard(db, voteId);
    if (digest === null) return null;
  } catch {
    digest = null; // not a board document: verifyBoard reports it
  }
  return db.system('operator: verify every board', async (t) => {
    if (!(await repo.getVote(t, voteId))) return null;
    const out: DigestCheck = { digest, mismatches: [], matching: 0, withoutDigest: 0 };
    for (const c of await repo.certifications(t, voteId)) {
      if (c.result_digest === null) out.withoutDigest++;
      else if (c.result_digest === digest) out.matching++;
      else out.mismatches.push({ name: c.person_name, signedAt: new Date(c.certified_at), digest: c.result_digest });
    }
    return out;
  });
}

async function verifyOne(db: Db, voteId: string, ctx: CliContext): Promise<boolean> {
  const report = await verifyStoredBoard(db, voteId);
  const digest = report ? await checkResultDigest(db, voteId) : null;
  if (!report || !digest) {
    ctx.err(`No published board for vote ${voteId}.`);
    return false;
  }
  for (const c of report.checks) {
    ctx.out(`${c.ok ? 'ok  ' : 'FAIL'} ${voteId} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  }
  let digestOk = digest.digest !== null;
  ctx.out(`${digest.digest ? 'ok  ' : 'FAIL'} ${voteId} results digest: ${digest.digest ?? 'cannot be computed from the stored board'}`);
  const old = digest.withoutDigest ? ` (${digest.withoutDigest} earlier sign-off(s) carry no digest)` : '';
  if (digest.mismatches.length) {
    digestOk = false;
    for (const m of digest.mismatches) {
      ctx.out(`FAIL ${voteId} sign-off by ${m.name} at ${m.signedAt.toISOString()} confirmed digest ${m.digest}, not the digest recomputed from the board`);
    }
    ctx.err(`Vote ${voteId}: the results digest recomputed from the board does not match ${digest.mismatches.length} of the committee's sign-offs: the board or the roll size changed after they signed off, or the sign-off was altered.`);
  } else if (digest.matching) {
    ctx.out(`ok   ${voteId} sign-offs: ${digest.matching} confirm this digest${old}`);
  } else {
    ctx.out(`ok   ${voteId} sign-offs: none with a digest yet${old}`);
  }
  const ok = report.ok && digestOk;
  ctx.out(`${ok ? 'VALID' : 'INVALID'} board ${voteId}`);
  return ok;
}

export const votingCommands: CliCommand[] = [
  {
    words: ['verify'],
    usage: 'vallamaja verify VOTE-ID | --all',
    summary: 'Re-check a published voting board (or every one) with the VOTING.md verifier, and its results digest against the sign-offs',
    run: async (args, ctx) => {
      const all = args.length === 1 && args[0] === '--all';
      if (!all && (args.length !== 1 || !UUID_RE.test(args[0] ?? ''))) {
        ctx.err('Usage: vallamaja verify VOTE-ID | --all');
        return 2;
      }
      const db = await ctx.openDb();
      try {
        const ids = all ? (await listBoards(db)).map((b) => b.voteId) : [args[0]!];
        if (all && ids.length === 0) ctx.out('No published boards.');
        let ok = true;
        for (const id of ids) ok = (await verifyOne(db, id, ctx)) && ok;
        return ok ? 0 : 1;
      } finally {
        await db.close();
      }
    },
  },
];
