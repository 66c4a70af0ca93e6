import { randomBytes } from 'node:crypto';
import { nowMs } from './clock.js';

let lastMs = 0;
let seq = 0;

/**
 * Forgets the last id's time, as a new process starts (tests: the workers run file after file in one
 * process, and a file that set the clock years ahead would otherwise stamp the next file's ids).
 */
export function resetIdSequence(): void {
  lastMs = 0;
  seq = 0;
}

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds from the kernel clock, a 12-bit sequence (RFC 9562
 * §6.2, method 1) and random bits. Ids made in one process sort by creation, also while a test
 * holds the clock still: within one millisecond (or if the clock goes back) the sequence counts up.
 */
export function uuidv7(at?: number): string {
  let ms = at ?? nowMs();
  if (at === undefined) {
    if (ms <= lastMs) {
      ms = lastMs;
      seq++;
      if (seq > 0xfff) {
        ms = ++lastMs; // the sequence ran out: borrow the next millisecond
        seq = 0;
      }
    } else seq = 0;
    lastMs = ms;
  } else seq = randomBytes(2).readUInt16BE(0) & 0xfff;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `s` is an id as this platform writes them (a lower-case UUID, UUID_RE): a route's or form's id is checked with it before any query. */
export function isId(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}
