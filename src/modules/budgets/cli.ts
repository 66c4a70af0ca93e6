// `vallamaja budgets verify PROCESS-ID`: re-checks a participatory budget's result from its published
// board alone — the board with the voting core's verifier (VOTING.md for format 1; the shuffle and the
// decryptions of docs/voting-board-v2.md for format 2), the draws' seed (the board's SHA-256), and the
// winners recomputed by the process's rule (greedy from the totals, the Method of Equal Shares from
// the mixed, decrypted ballots) against the winners the platform kept at certification.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { UUID_RE } from '../../kernel/ids.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import type { Db } from '../../kernel/db.js';
import { getBoardText, verifyStoredBoard } from '../voting/index.js';
import * as voteRepo from './repo/vote.js';
import type { BoardCounts } from './vote.js';
import { ballotOf, winnersFromBoard } from './vote.js';
import { loadProcess } from './service.js';

/** Checks one process; answers whether everything holds. */
export async function verifyBudget(db: Db, id: string, ctx: Pick<CliContext, 'out' | 'err'>): Promise<boolean> {
  const kov = await db.system('operator: budgets verify', (t) => voteRepo.processKov(t, id));
  if (!kov) {
    ctx.err(`No participatory budget process ${id}.`);
    return false;
  }
  const p = await db.tx((t) => loadProcess(t, kov, id), { kov });
  const stored = await db.tx((t) => voteRepo.storedResult(t, kov, id), { kov });
  if (!p.vote_id || !stored) {
    ctx.err(`Process ${id}: no certified result to check yet.`);
    return false;
  }
  let ok = true;
  const say = (good: boolean, what: string) => {
    ok = ok && good;
    ctx.out(`${good ? 'ok  ' : 'FAIL'} ${id} ${what}`);
  };
  const report = await verifyStoredBoard(db, p.vote_id);
  const text = await getBoardText(db, p.vote_id);
  if (!report || !text) {
    ctx.err(`Process ${id}: its vote ${p.vote_id} has no published board.`);
    return false;
  }
  for (const c of report.checks) say(c.ok, `board ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  const seed = createHash('sha256').update(text, 'utf8').digest('hex');
  say(seed === p.seed, `draw seed = SHA-256 of the board (${seed})`);
  const { vote, areas } = await ballotOf(db, kov, id);
  const again = winnersFromBoard(p, vote, areas, JSON.parse(text) as BoardCounts, seed);
  // (the kept result is jsonb: keys in its own order, so compared as values)
  const same = isDeepStrictEqual(JSON.parse(JSON.stringify(again.areas)), stored.areas);
  say(same, `winners recomputed from the board by the ${p.winner_rule} rule ${same ? 'match' : 'DIFFER FROM'} the kept result (${again.areas.map((a) => a.winners.length).reduce((x, y) => x + y, 0)} funded)`);
  ctx.out(`${ok ? 'VALID' : 'INVALID'} result of process ${id}`);
  return ok;
}

export const budgetsCommands: CliCommand[] = [
  {
    words: ['budgets', 'verify'],
    usage: 'vallamaja budgets verify PROCESS-ID',
    summary: 'Re-check a participatory budget’s result from its published board: the board, the draw seed and the winners by the rule',
    run: async (args, ctx) => {
      if (args.length !== 1 || !UUID_RE.test(args[0] ?? '')) {
        ctx.err('Usage: vallamaja budgets verify PROCESS-ID');
        return 2;
      }
      const db = await ctx.openDb();
      try {
        return (await verifyBudget(db, args[0]!, ctx)) ? 0 : 1;
      } finally {
        await db.close();
      }
    },
  },
];
