// `vallamaja verify VOTE-ID` and `vallamaja verify --all`: run the VOTING.md verifier (verifyBoard)
// on the published boards in the database; exit 1 when any check fails.
import type { Db } from '../../kernel/db.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { UUID_RE } from '../../kernel/ids.js';
import { listBoards, verifyStoredBoard } from './service.js';

async function verifyOne(db: Db, voteId: string, ctx: CliContext): Promise<boolean> {
  const report = await verifyStoredBoard(db, voteId);
  if (!report) {
    ctx.err(`No published board for vote ${voteId}.`);
    return false;
  }
  for (const c of report.checks) {
    ctx.out(`${c.ok ? 'ok  ' : 'FAIL'} ${voteId} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  }
  ctx.out(`${report.ok ? 'VALID' : 'INVALID'} board ${voteId}`);
  return report.ok;
}

export const votingCommands: CliCommand[] = [
  {
    words: ['verify'],
    usage: 'vallamaja verify VOTE-ID | --all',
    summary: 'Re-check a published voting board (or every one) with the VOTING.md verifier',
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
