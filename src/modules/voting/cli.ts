// `vallamaja verify VOTE-ID` and `vallamaja verify --all`: run the VOTING.md verifier (verifyBoard; for
// board format 2 the shuffle and the decryptions of docs/voting-board-v2.md) on the published boards in
// the database, print the results digest recomputed from each board (docs/api.md, "Results digest") and
// check it against the digests the committee signed off (voting_certification.result_digest), and, for
// a vote counted by a winner rule, recompute the winners from the board and compare them with the kept
// winners document (docs/voting-winners.md); exit 1 when any check fails.
// `vallamaja verify BOARD-FILE [WINNERS-FILE]`: the same checks offline, on downloaded files (no
// database; no sign-offs to compare).
import type { Db } from '../../kernel/db.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { UUID_RE } from '../../kernel/ids.js';
import { readFile } from 'node:fs/promises';
import * as repo from './repo.js';
import { digestOfStoredBoard, getBoardText, listBoards, verifyStoredBoard } from './service.js';
import { ready } from './crypto/group.js';
import { verifyBoard } from './crypto/verify.js';
import { verifyBoardV2 } from './crypto/verify-v2.js';
import { verifyWinners } from './winners/document.js';
import { winnersState } from './winners/store.js';

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

/** Prints the winners checks of a document against its board; answers whether they all hold. */
function winnersChecks(boardText: string, winnersText: string, id: string, ctx: Pick<CliContext, 'out' | 'err'>): boolean {
  const w = verifyWinners(boardText, winnersText);
  for (const c of w.checks) ctx.out(`${c.ok ? 'ok  ' : 'FAIL'} ${id} ${c.name}: ${c.detail}`);
  if (!w.ok) {
    const failed = w.checks.filter((c) => !c.ok && !c.detail.startsWith('not checked'));
    ctx.err(`Vote ${id}: the winners document does not follow from the board — ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  }
  return w.ok;
}

/**
 * Every check of one stored vote (the board, the results digest against the sign-offs, the winners
 * document against the board when one is kept); prints them and answers whether they all hold.
 */
export async function verifyVote(db: Db, voteId: string, ctx: Pick<CliContext, 'out' | 'err'>): Promise<boolean> {
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
  let winnersOk = true;
  const w = await winnersState(db, voteId);
  if (w?.text) {
    const board = await getBoardText(db, voteId);
    winnersOk = board !== null && winnersChecks(board, w.text, voteId, ctx);
    const kind = (JSON.parse(w.text) as { rule?: { kind?: string } }).rule?.kind;
    if (w.rule !== null && kind !== w.rule) {
      winnersOk = false;
      ctx.out(`FAIL ${voteId} winners rule: the vote is counted by the ${w.rule} rule, the document by ${String(kind)}`);
      ctx.err(`Vote ${voteId}: the winners document is not of the vote's winner rule (${w.rule}).`);
    }
  } else if (w?.rule && w.certified) {
    winnersOk = false;
    ctx.out(`FAIL ${voteId} winners: the vote is counted by the ${w.rule} rule and certified, but no winners document is kept`);
    ctx.err(`Vote ${voteId}: certified with the ${w.rule} winner rule but without its winners document.`);
  } else if (w?.rule) ctx.out(`ok   ${voteId} winners: counted by the ${w.rule} rule; the winners document comes with the certification`);
  else ctx.out(`ok   ${voteId} winners: no winners document (a vote without a winner rule)`);
  const ok = report.ok && digestOk && winnersOk;
  ctx.out(`${ok ? 'VALID' : 'INVALID'} board ${voteId}`);
  return ok;
}

/** `vallamaja verify BOARD-FILE [WINNERS-FILE]`: the board's checks and the winners' on files. */
async function verifyFiles(boardFile: string, winnersFile: string | undefined, ctx: CliContext): Promise<number> {
  let boardText: string;
  let winnersText: string | undefined;
  try {
    boardText = await readFile(boardFile, 'utf8');
    winnersText = winnersFile === undefined ? undefined : await readFile(winnersFile, 'utf8');
  } catch (e) {
    ctx.err(`Cannot read ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  await ready();
  let doc: unknown = null;
  try {
    doc = JSON.parse(boardText);
  } catch {
    doc = null; // reported by the format check
  }
  const id = typeof doc === 'object' && doc !== null && typeof (doc as { voteId?: unknown }).voteId === 'string' ? (doc as { voteId: string }).voteId : boardFile;
  const report = typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === 'vallamaja-board/2' ? verifyBoardV2(doc) : verifyBoard(doc);
  for (const c of report.checks) ctx.out(`${c.ok ? 'ok  ' : 'FAIL'} ${id} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  if (!report.ok) ctx.err(`Board ${boardFile}: ${report.errors.slice(0, 5).join('; ')}`);
  const winnersOk = winnersText === undefined ? true : winnersChecks(boardText, winnersText, id, ctx);
  const ok = report.ok && winnersOk;
  ctx.out(`${ok ? 'VALID' : 'INVALID'} board ${id}${winnersText === undefined ? '' : ' and its winners'}`);
  return ok ? 0 : 1;
}

export const votingCommands: CliCommand[] = [
  {
    words: ['verify'],
    usage: 'vallamaja verify VOTE-ID | --all | BOARD-FILE [WINNERS-FILE]',
    summary: 'Re-check a published voting board (or every one, or a downloaded one): the board (chain, trackers, tally or shuffle and decryptions), its results digest against the sign-offs, and the winners recomputed from it against the winners document',
    run: async (args, ctx) => {
      const all = args.length === 1 && args[0] === '--all';
      if (!all && args.length >= 1 && args.length <= 2 && !UUID_RE.test(args[0] ?? '') && !args[0]!.startsWith('-')) return verifyFiles(args[0]!, args[1], ctx);
      if (!all && (args.length !== 1 || !UUID_RE.test(args[0] ?? ''))) {
        ctx.err('Usage: vallamaja verify VOTE-ID | --all | BOARD-FILE [WINNERS-FILE]');
        return 2;
      }
      const db = await ctx.openDb();
      try {
        const ids = all ? (await listBoards(db)).map((b) => b.voteId) : [args[0]!];
        if (all && ids.length === 0) ctx.out('No published boards.');
        let ok = true;
        for (const id of ids) ok = (await verifyVote(db, id, ctx)) && ok;
        return ok ? 0 : 1;
      } finally {
        await db.close();
      }
    },
  },
];
