// The public board (VOTING.md "Board"): the document, trackers, the hash chain, and building a
// board from entries and partial decryptions. Verifying one is verify.ts.
import { randomInt } from 'node:crypto';
import { concatBytes, fromHex32, pointFromHex, pointToHex, sha256hex, utf8, type Point, type Scalar } from './group.js';
import { ballotToBytes, discreteLog, sumBallots, type BallotCiphertexts, type Ciphertext } from './elgamal.js';
import { combineWithCoefficients, lagrangeAll, publicShare, verifyShare } from './feldman.js';
import { partialDecrypt, proofFromJson, proofToJson, verifyCp, type CpProofJson } from './proofs.js';

export const BOARD_FORMAT = 'vallamaja-board/1';
export const BALLOT_DOMAIN = 'vallamaja/ballot/v1\n';
export const BOARD_DOMAIN = 'vallamaja/board/v1\n';

// ---------------------------------------------------------------- the document

export type EntryKind = 'e' | 'paper';
/** `["A hex", "B hex"]` */
export type CiphertextJson = [string, string];

export interface BoardTitle {
  et: string;
  en: string;
  ru: string;
}

export interface BoardQuestion {
  id: string;
  options: { id: string }[];
}

export interface BoardKey {
  Y: string;
  threshold: number;
  members: number;
  commitments: string[];
}

export interface BoardEntry {
  seq: number;
  kind: EntryKind;
  tracker: string;
  /** [question][option] = [A, B] */
  ciphertexts: CiphertextJson[][];
  prev: string;
  hash: string;
}

export interface BoardDecryption {
  member: number;
  /** [question][option] = Dᵢ */
  shares: string[][];
  /** [question][option] = { c, s } */
  proofs: CpProofJson[][];
}

export interface BoardTally {
  sums: CiphertextJson[][];
  decryptions: BoardDecryption[];
  counts: number[][];
}

export interface BoardDocument {
  format: typeof BOARD_FORMAT;
  voteId: string;
  kov: string;
  title: BoardTitle;
  questions: BoardQuestion[];
  key: BoardKey;
  entries: BoardEntry[];
  turnout: number;
  tally: BoardTally;
}

// ---------------------------------------------------------------- trackers and the chain

/** Options per question: the shape every ballot of the vote has. */
export function shapeOf(questions: readonly BoardQuestion[]): number[] {
  return questions.map((q) => q.options.length);
}

/** "vallamaja/ballot/v1\n" ‖ voteId ‖ "\n" ‖ A₀₀ ‖ B₀₀ ‖ A₀₁ ‖ B₀₁ ‖ … */
export function trackerInput(voteId: string, ballotBytes: Uint8Array): Uint8Array {
  return concatBytes(utf8(BALLOT_DOMAIN), utf8(voteId), utf8('\n'), ballotBytes);
}

/** The tracker of a ballot given as its bytes (elgamal.ballotToBytes). */
export function trackerOfBytes(voteId: string, ballotBytes: Uint8Array): string {
  return sha256hex(trackerInput(voteId, ballotBytes));
}

/** The tracker the voter receives when she casts. */
export function computeTracker(voteId: string, ballot: BallotCiphertexts): string {
  return trackerOfBytes(voteId, ballotToBytes(ballot));
}

/** `prev` of entry 1: sha256hex("vallamaja/board/v1\n" ‖ voteId). */
export function chainStart(voteId: string): string {
  return sha256hex(concatBytes(utf8(BOARD_DOMAIN), utf8(voteId)));
}

/** prev-bytes ‖ seq as 8-byte big-endian ‖ kind as ASCII ‖ tracker-bytes */
export function chainHashInput(prev: string, seq: number, kind: EntryKind, tracker: string): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error('seq must be a non-negative integer');
  const seqBytes = new Uint8Array(8);
  new DataView(seqBytes.buffer).setBigUint64(0, BigInt(seq), false);
  return concatBytes(fromHex32(prev), seqBytes, utf8(kind), fromHex32(tracker));
}

export function chainHash(prev: string, seq: number, kind: EntryKind, tracker: string): string {
  return sha256hex(chainHashInput(prev, seq, kind, tracker));
}

export function ciphertextToJson(c: Ciphertext): CiphertextJson {
  return [pointToHex(c.A), pointToHex(c.B)];
}

export function ballotToJson(ballot: BallotCiphertexts): CiphertextJson[][] {
  return ballot.map((row) => row.map(ciphertextToJson));
}

export function ballotFromJson(json: readonly (readonly CiphertextJson[])[]): BallotCiphertexts {
  return json.map((row) => row.map(([A, B]) => ({ A: pointFromHex(A), B: pointFromHex(B) })));
}

/** A uniformly random permutation (Fisher–Yates with node:crypto randomness), as a new array. */
export function shuffle<T>(items: readonly T[]): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

export interface EntryInput {
  kind: EntryKind;
  ciphertexts: BallotCiphertexts;
}

/** Numbers the entries 1…N in the given order, computes trackers and chains them. */
export function buildEntries(voteId: string, shape: readonly number[], entries: readonly EntryInput[]): BoardEntry[] {
  const seen = new Set<string>();
  let prev = chainStart(voteId);
  return entries.map((e, idx) => {
    if (e.kind !== 'e' && e.kind !== 'paper') throw new Error(`entry ${idx + 1}: kind must be 'e' or 'paper'`);
    checkShape(e.ciphertexts, shape, `entry ${idx + 1}`);
    const seq = idx + 1;
    const tracker = computeTracker(voteId, e.ciphertexts);
    if (seen.has(tracker)) throw new Error(`entry ${seq}: duplicate tracker ${tracker}`);
    seen.add(tracker);
    const hash = chainHash(prev, seq, e.kind, tracker);
    const entry: BoardEntry = { seq, kind: e.kind, tracker, ciphertexts: ballotToJson(e.ciphertexts), prev, hash };
    prev = hash;
    return entry;
  });
}

function checkShape(ballot: BallotCiphertexts, shape: readonly number[], what: string): void {
  if (ballot.length !== shape.length || ballot.some((row, q) => row.length !== shape[q])) {
    throw new Error(`${what} does not have the vote's shape [${shape.join(', ')}]`);
  }
}

/** sums[q][o] = (ΣA, ΣB) over the entries (one thread; for huge tallies use sumCiphertextBytes in workers). */
export function computeSums(entries: readonly BallotCiphertexts[], shape: readonly number[]): BallotCiphertexts {
  return sumBallots(entries, shape);
}

/**
 * Member i's partial decryptions of every sum, with proofs. The share is first checked against the
 * published commitments (sᵢ·G = Yᵢ); a wrong share is refused with an error.
 */
export function makeDecryption(
  voteId: string,
  member: number,
  share: Scalar,
  commitments: readonly Point[],
  sums: BallotCiphertexts,
): BoardDecryption {
  if (!verifyShare(member, share, commitments)) throw new Error(`the share of member ${member} does not match its public commitment`);
  const shares: string[][] = [];
  const proofs: CpProofJson[][] = [];
  for (const row of sums) {
    const sRow: string[] = [];
    const pRow: CpProofJson[] = [];
    for (const c of row) {
      const { D, proof } = partialDecrypt(voteId, share, c.A);
      sRow.push(pointToHex(D));
      pRow.push(proofToJson(proof));
    }
    shares.push(sRow);
    proofs.push(pRow);
  }
  return { member, shares, proofs };
}

export interface BuildBoardInput {
  voteId: string;
  kov: string;
  title: BoardTitle;
  questions: readonly BoardQuestion[];
  key: { threshold: number; members: number; commitments: readonly Point[] };
  /** In board order (shuffle them first). */
  entries: readonly EntryInput[];
  /** k or more partial decryptions of `sums` (makeDecryption). */
  decryptions: readonly BoardDecryption[];
  /** The sums, if already computed (e.g. by worker threads) from exactly these entries. */
  sums?: BallotCiphertexts;
}

/**
 * Builds the board document: trackers, chain, turnout, sums, the decryptions (every proof is
 * checked; a bad one is refused) and the counts (M = ΣB − Σ λᵢ·Dᵢ over all listed members, m by
 * discrete log with m ≤ turnout). Throws on any inconsistency.
 */
export function buildBoard(input: BuildBoardInput): BoardDocument {
  const { voteId, key } = input;
  const shape = shapeOf(input.questions);
  if (shape.length === 0 || shape.some((n) => n < 1)) throw new Error('a vote has at least one question, each with at least one option');
  if (!Number.isSafeInteger(key.threshold) || key.threshold < 1 || key.threshold > key.members) throw new Error('bad threshold');
  if (key.commitments.length !== key.threshold) throw new Error('one commitment per coefficient (threshold many)');
  const entries = buildEntries(voteId, shape, input.entries);
  const sums = input.sums ?? computeSums(input.entries.map((e) => e.ciphertexts), shape);
  checkShape(sums, shape, 'sums');
  const turnout = entries.length;

  const counts = countsOf({ voteId, key, shape, sums, turnout, decryptions: input.decryptions });

  return {
    format: BOARD_FORMAT,
    voteId,
    kov: input.kov,
    title: { et: input.title.et, en: input.title.en, ru: input.title.ru },
    questions: input.questions.map((q) => ({ id: q.id, options: q.options.map((o) => ({ id: o.id })) })),
    key: {
      Y: pointToHex(key.commitments[0]!),
      threshold: key.threshold,
      members: key.members,
      commitments: key.commitments.map(pointToHex),
    },
    entries,
    turnout,
    tally: {
      sums: ballotToJson(sums),
      decryptions: input.decryptions.map((d) => ({
        member: d.member,
        shares: d.shares.map((r) => r.slice()),
        proofs: d.proofs.map((r) => r.map((p) => ({ c: p.c, s: p.s }))),
      })),
      counts,
    },
  };
}

/**
 * The counts from the sums and k or more partial decryptions: every decryption's shape and proof is
 * checked (a bad one is refused), then M = ΣB − Σ λᵢ·Dᵢ over all listed members and m by discrete
 * log with m ≤ turnout. Needs no entry: publication runs it without loading the board.
 */
export function countsOf(input: {
  voteId: string;
  key: { threshold: number; members: number; commitments: readonly Point[] };
  shape: readonly number[];
  sums: BallotCiphertexts;
  turnout: number;
  decryptions: readonly BoardDecryption[];
}): number[][] {
  const { voteId, key, shape, sums, turnout } = input;
  const members = input.decryptions.map((d) => d.member);
  if (new Set(members).size !== members.length) throw new Error('a member is listed twice among the decryptions');
  if (members.length < key.threshold) throw new Error(`${members.length} decryptions, ${key.threshold} needed`);
  const Ds: Point[][][] = input.decryptions.map((d) => {
    if (!Number.isSafeInteger(d.member) || d.member < 1 || d.member > key.members) throw new Error(`no member ${d.member}`);
    const fits = (g: readonly (readonly unknown[])[]): boolean => g.length === shape.length && g.every((row, q) => row.length === shape[q]);
    if (!fits(d.shares) || !fits(d.proofs)) throw new Error(`the decryption of member ${d.member} does not have the vote's shape`);
    const Yi = publicShare(d.member, key.commitments);
    return sums.map((row, q) =>
      row.map((c, o) => {
        const D = pointFromHex(d.shares[q]?.[o] ?? '');
        const proof = proofFromJson(d.proofs[q]?.[o]);
        if (!verifyCp(voteId, Yi, c.A, D, proof)) throw new Error(`the proof of member ${d.member} at [${q}][${o}] does not hold`);
        return D;
      }),
    );
  });
  const lambdas = lagrangeAll(members);
  const counts = sums.map((row, q) =>
    row.map((c, o) => {
      const M = combineWithCoefficients(
        c.B,
        lambdas,
        Ds.map((d) => d[q]![o]!),
      );
      const m = discreteLog(M, turnout);
      if (m === null) throw new Error(`no count 0…${turnout} decrypts the sum at [${q}][${o}]`);
      return m;
    }),
  );

  return counts;
}
