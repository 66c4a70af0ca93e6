// `vallamaja budgets verify PROCESS-ID`: a participatory budget's result checked by process id. It runs
// `vallamaja verify` on the process's vote (the board — for format 2 the shuffle and the decryptions —,
// the results digest against the sign-offs, and the winners recomputed from the board against the
// published winners document, docs/voting-winners.md), and adds what only the budgets module knows: the
// winners document's areas, budgets, costs and minimum voters are the process's, and the result the
// module keeps (budgets_result) is the document's.
import { isDeepStrictEqual } from 'node:util';
import { UUID_RE } from '../../kernel/ids.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import type { Db } from '../../kernel/db.js';
import type { WinnersDocument } from '../voting/index.js';
import { getWinnersText, verifyVote } from '../voting/index.js';
import * as voteRepo from './repo/vote.js';
import { ballotOf, winnersInputs } from './vote.js';

/** Checks one process; answers whether everything holds. */
export async function verifyBudget(db: Db, id: string, ctx: Pick<CliContext, 'out' | 'err'>): Promise<boolean> {
  const kov = await db.system('operator: budgets verify', (t) => voteRepo.processKov(t, id));
  if (!kov) {
    ctx.err(`No participatory budget process ${id}.`);
    return false;
  }
  const { process: p, vote, areas } = await ballotOf(db, kov, id);
  const stored = await db.tx((t) => voteRepo.storedResult(t, kov, id), { kov });
  const text = await getWinnersText(db, vote.id);
  if (!stored || text === null) {
    ctx.err(`Process ${id}: no certified result to check yet.`);
    return false;
  }
  let ok = await verifyVote(db, vote.id, ctx);
  const say = (good: boolean, what: string) => {
    ok = ok && good;
    ctx.out(`${good ? 'ok  ' : 'FAIL'} ${id} ${what}`);
  };
  const doc = JSON.parse(text) as WinnersDocument;
  const inputs = winnersInputs(vote, areas);
  const sameInputs = isDeepStrictEqual({ rule: doc.rule, count: doc.count, areas: doc.areas }, JSON.parse(JSON.stringify(inputs)));
  say(sameInputs, `winners document's rule, areas, budgets, costs and minimum voters ${sameInputs ? 'are' : 'ARE NOT'} the process's`);
  say(doc.board.sha256 === p.seed, `draw seed = the board's SHA-256 in the winners document (${p.seed ?? 'none'})`);
  // (the kept result is jsonb: keys in its own order, so compared as values)
  const same = isDeepStrictEqual(JSON.parse(JSON.stringify(doc.result)), JSON.parse(JSON.stringify(stored.areas)));
  say(same, `the result the process keeps ${same ? 'is' : 'DIFFERS FROM'} the winners document's (${doc.result.map((a) => a.winners.length).reduce((x, y) => x + y, 0)} funded by the ${p.winner_rule} rule)`);
  ctx.out(`${ok ? 'VALID' : 'INVALID'} result of process ${id}`);
  return ok;
}

export const budgetsCommands: CliCommand[] = [
  {
    words: ['budgets', 'verify'],
    usage: 'vallamaja budgets verify PROCESS-ID',
    summary: 'Re-check a participatory budget’s result by process id: `vallamaja verify` on its vote, and the winners document’s inputs and the kept result against the process',
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
