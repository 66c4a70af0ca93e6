// The board document streamed from its parts (VOTING.md "Board"): the text around the entries is
// stored once (head and tail), every entry is written from its row (seq, kind, tracker, the
// ciphertext bytes) with the chain recomputed from the trackers. The bytes are exactly those of
// JSON.stringify(board) for the same board (board.test/voting.board-stream.test prove it), so memory
// stays flat whatever the number of entries: one batch of rows at a time.
import { createHash } from 'node:crypto';
import type { BoardDocument, EntryKind } from './board.js';
import { chainHash, chainStart } from './board.js';
import { CIPHERTEXT_BYTES } from './elgamal.js';
import { SLOT_BYTES, chainStartV2, type MixSectionJson } from './mix.js';

/** One entry as stored: its kind, the tracker the voter received and the ballot's bytes (A‖B per option). */
export interface EntryRow {
  seq: number;
  kind: EntryKind;
  tracker: string;
  ct: Uint8Array;
}

/** The document's text before the entries (ending in `"entries":[`) and after them (from `]`). */
export interface BoardParts {
  head: string;
  tail: string;
}

const ENTRIES_KEY = '"entries":[';

/** Splits the document (given with `entries: []`) around its entries; keys in VOTING.md's order. */
export function boardParts(doc: Omit<BoardDocument, 'entries'>): BoardParts {
  const text = JSON.stringify({
    format: doc.format,
    voteId: doc.voteId,
    kov: doc.kov,
    title: doc.title,
    questions: doc.questions,
    key: doc.key,
    entries: [],
    turnout: doc.turnout,
    tally: doc.tally,
  });
  // the tally after the entries holds only hex and numbers, so the last match is the entries' key
  const at = text.lastIndexOf(`${ENTRIES_KEY}]`);
  if (at < 0) throw new Error('the board document has no entries');
  return { head: text.slice(0, at + ENTRIES_KEY.length), tail: text.slice(at + ENTRIES_KEY.length) };
}

/** A format-2 board document (docs/voting-board-v2.md) without its entries. */
export interface BoardV2Head {
  format: 'vallamaja-board/2';
  voteId: string;
  kov: string;
  title: BoardDocument['title'];
  questions: BoardDocument['questions'];
  key: BoardDocument['key'];
  turnout: number;
  mix: MixSectionJson | null;
}

/** Splits a format-2 document around its entries; keys in docs/voting-board-v2.md's order. */
export function boardPartsV2(doc: BoardV2Head): BoardParts {
  const text = JSON.stringify({
    format: doc.format,
    voteId: doc.voteId,
    kov: doc.kov,
    title: doc.title,
    questions: doc.questions,
    key: doc.key,
    entries: [],
    turnout: doc.turnout,
    mix: doc.mix,
  });
  // the mix after the entries holds only hex, numbers and its own keys, so the last match is the entries' key
  const at = text.lastIndexOf(`${ENTRIES_KEY}]`);
  if (at < 0) throw new Error('the board document has no entries');
  return { head: text.slice(0, at + ENTRIES_KEY.length), tail: text.slice(at + ENTRIES_KEY.length) };
}

/**
 * The counts of a published board read from its tail: version 1's tally.counts; for format 2, per
 * option o the number of decrypted ballots that name idea o + 1 (from mix.ballots; zeros without a mix).
 */
export function countsOfTail(tail: string, options: number): { turnout: number; counts: number[][] } {
  // format 2 as boardPartsV2 writes it: `],"turnout":N,"mix":{… ,"ballots":[…]}}`: only the ballots,
  // the mix section's last field, are parsed (not its outputs, proof and decryptions)
  const v2 = /^\],"turnout":(\d+),"mix":/.exec(tail);
  if (v2 && tail.endsWith(']}}')) {
    const at = tail.lastIndexOf('"ballots":');
    if (at > 0) return { turnout: Number(v2[1]), counts: [countsOfBallots(JSON.parse(tail.slice(at + '"ballots":'.length, -2)) as number[][], options)] };
  }
  const o = JSON.parse(`{${ENTRIES_KEY}${tail}`) as { turnout: number; tally?: BoardDocument['tally']; mix?: MixSectionJson | null };
  if (o.tally) return { turnout: o.turnout, counts: o.tally.counts };
  return { turnout: o.turnout, counts: [countsOfBallots(o.mix?.ballots ?? [], options)] };
}

/** Per option o, how many ballots name idea number o + 1 (each ballot once). Pure. */
export function countsOfBallots(ballots: readonly (readonly number[])[], options: number): number[] {
  const counts = new Array<number>(options).fill(0);
  for (const b of ballots) for (const m of new Set(b)) if (m >= 1 && m <= options) counts[m - 1]!++;
  return counts;
}

/** turnout and tally, read back from the tail (small: it never holds an entry). */
export function tailFields(tail: string): Pick<BoardDocument, 'turnout' | 'tally'> {
  const o = JSON.parse(`{${ENTRIES_KEY}${tail}`) as BoardDocument;
  return { turnout: o.turnout, tally: o.tally };
}

/** One entry's JSON text (as JSON.stringify of the BoardEntry would write it) and its chain hash. */
export function entryText(seq: number, row: Pick<EntryRow, 'kind' | 'tracker' | 'ct'>, shape: readonly number[], prev: string): { text: string; hash: string } {
  const hex = Buffer.from(row.ct.buffer, row.ct.byteOffset, row.ct.byteLength).toString('hex');
  const width = shape.reduce((a, n) => a + n, 0);
  if (hex.length !== width * CIPHERTEXT_BYTES * 2) throw new Error(`entry ${seq} does not have the vote's shape [${shape.join(', ')}]`);
  let k = 0;
  const qs: string[] = [];
  for (const n of shape) {
    const os: string[] = [];
    for (let o = 0; o < n; o++, k++) {
      const off = k * CIPHERTEXT_BYTES * 2;
      os.push(`["${hex.slice(off, off + 64)}","${hex.slice(off + 64, off + 128)}"]`);
    }
    qs.push(`[${os.join(',')}]`);
  }
  const hash = chainHash(prev, seq, row.kind, row.tracker);
  const text = `{"seq":${seq},"kind":${JSON.stringify(row.kind)},"tracker":${JSON.stringify(row.tracker)},"ciphertexts":[${qs.join(',')}],"prev":"${prev}","hash":"${hash}"}`;
  return { text, hash };
}

/** One format-2 entry's JSON text (`slots` instead of `ciphertexts`) and its chain hash. */
export function entryTextV2(seq: number, row: Pick<EntryRow, 'kind' | 'tracker' | 'ct'>, K: number, prev: string): { text: string; hash: string } {
  const hex = Buffer.from(row.ct.buffer, row.ct.byteOffset, row.ct.byteLength).toString('hex');
  if (hex.length !== K * SLOT_BYTES * 2) throw new Error(`entry ${seq} does not have the vote's ${K} slots`);
  const slots: string[] = [];
  for (let k = 0; k < K; k++) {
    const off = k * SLOT_BYTES * 2;
    slots.push(`["${hex.slice(off, off + 64)}","${hex.slice(off + 64, off + 128)}"]`);
  }
  const hash = chainHash(prev, seq, row.kind, row.tracker);
  const text = `{"seq":${seq},"kind":${JSON.stringify(row.kind)},"tracker":${JSON.stringify(row.tracker)},"slots":[${slots.join(',')}],"prev":"${prev}","hash":"${hash}"}`;
  return { text, hash };
}

/** The shape of a board's entries: version 1's options per question, or format 2's slots. */
export type EntryShape = readonly number[] | { slots: number };

/** Reads up to `limit` entries with seq > after, in seq order. */
export type EntryReader = (after: number, limit: number) => Promise<readonly EntryRow[]>;

/** What a pass over the document found: the last entry's hash (the chain's head) and the count. */
export interface StreamState {
  head: string;
  entries: number;
}

/**
 * The document as chunks of text: head, the entries a batch at a time, tail. `state` is filled in
 * as the stream goes (the chain's head once it has ended).
 */
export async function* boardChunks(parts: BoardParts, voteId: string, shape: EntryShape, read: EntryReader, state: StreamState = { head: '', entries: 0 }, batch = 2000): AsyncGenerator<string> {
  yield parts.head;
  const v2 = 'slots' in shape ? shape.slots : 0;
  let prev = v2 ? chainStartV2(voteId) : chainStart(voteId);
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await read(after, batch);
    if (rows.length === 0) break;
    let s = '';
    for (const r of rows) {
      n++;
      const e = v2 ? entryTextV2(n, r, v2, prev) : entryText(n, r, shape as readonly number[], prev);
      s += n === 1 ? e.text : `,${e.text}`;
      prev = e.hash;
    }
    after = rows[rows.length - 1]!.seq;
    yield s;
    if (rows.length < batch) break;
  }
  state.head = prev;
  state.entries = n;
  yield parts.tail;
}

/** SHA-256 (hex) and length in bytes of the streamed document, and its chain head. */
export async function digestOfStream(chunks: AsyncIterable<string>, state: StreamState): Promise<{ sha256: string; bytes: number; head: string; entries: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of chunks) {
    h.update(c, 'utf8');
    bytes += Buffer.byteLength(c, 'utf8');
  }
  return { sha256: h.digest('hex'), bytes, head: state.head, entries: state.entries };
}
