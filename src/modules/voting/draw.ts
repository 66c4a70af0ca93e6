// The public random draw that breaks ties (budget winners with equal votes, a village elder
// election's lot). Anyone can repeat it: the seed is public but unpredictable before the vote
// closes (the last chain hash of the published board, or a value the committee announces), and
// each tied item's place comes from a hash of the seed, the draw's label and the item's id:
//   key(item) = sha256hex("vallamaja/draw/v1\n" ‖ seed ‖ "\n" ‖ label ‖ "\n" ‖ itemId)
// Items are ordered by key ascending (byte order of the hex), ids breaking a (never seen) key tie.
// Pure; the module that draws records seed, label, items and order (docs/decisions.md).
import { createHash } from 'node:crypto';

export const DRAW_DOMAIN = 'vallamaja/draw/v1\n';

export interface DrawResult {
  seed: string;
  label: string;
  /** The tied item ids in the drawn order (first = wins the draw). */
  order: string[];
  /** Each item's key, as published so that anyone can recompute. */
  keys: Record<string, string>;
}

/** The key of one item in a draw: sha256hex(domain ‖ seed ‖ "\n" ‖ label ‖ "\n" ‖ itemId). */
export function drawKey(seed: string, label: string, itemId: string): string {
  return createHash('sha256').update(`${DRAW_DOMAIN}${seed}\n${label}\n${itemId}`, 'utf8').digest('hex');
}

/** Orders the tied items by the public draw. Refuses an empty seed and repeated ids. */
export function publicDraw(seed: string, label: string, itemIds: readonly string[]): DrawResult {
  if (!/^[0-9a-f]{16,128}$/.test(seed)) throw new Error('draw seed must be 16–128 lowercase hex characters');
  if (new Set(itemIds).size !== itemIds.length) throw new Error('draw items must be distinct');
  const keys: Record<string, string> = {};
  for (const id of itemIds) keys[id] = drawKey(seed, label, id);
  const order = [...itemIds].sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return { seed, label, order, keys };
}
