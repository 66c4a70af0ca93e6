// Estonian personal ID code (isikukood): GYYMMDDSSSC. Validation, birth date, and the keyed hash
// that is the only form in which the platform stores a code.
import { createHmac } from 'node:crypto';

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const W2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

export function checkDigit(first10: string): number {
  const d = [...first10].map(Number);
  const sum = (w: number[]) => d.reduce((s, x, i) => s + x * w[i]!, 0) % 11;
  const r1 = sum(W1);
  if (r1 !== 10) return r1;
  const r2 = sum(W2);
  return r2 === 10 ? 0 : r2;
}

export type IdcodeProblem = 'format' | 'century' | 'date' | 'checksum';

export interface ParsedIdcode {
  code: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'M' | 'F';
}

export function parseIdcode(input: string): { ok: true; value: ParsedIdcode } | { ok: false; problem: IdcodeProblem } {
  const code = input.trim();
  if (!/^\d{11}$/.test(code)) return { ok: false, problem: 'format' };
  const g = Number(code[0]);
  if (g < 1 || g > 8) return { ok: false, problem: 'century' };
  const century = 1800 + Math.floor((g - 1) / 2) * 100;
  const year = century + Number(code.slice(1, 3));
  const month = Number(code.slice(3, 5));
  const day = Number(code.slice(5, 7));
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || dt.getUTCFullYear() !== year || dt.getUTCMonth() !== month - 1 || dt.getUTCDate() !== day) {
    return { ok: false, problem: 'date' };
  }
  if (checkDigit(code.slice(0, 10)) !== Number(code[10])) return { ok: false, problem: 'checksum' };
  const birthDate = `${String(year).padStart(4, '0')}-${code.slice(3, 5)}-${code.slice(5, 7)}`;
  return { ok: true, value: { code, birthDate, sex: g % 2 === 1 ? 'M' : 'F' } };
}

export function isValidIdcode(code: string): boolean {
  return parseIdcode(code).ok;
}

/** The keyed hash under which a personal ID code is stored and looked up. */
export function hashIdcode(key: string, code: string): string {
  return createHmac('sha256', key).update(`isikukood:${code}`).digest('hex');
}

/** What a person may be shown of a code that is not theirs: the last four digits. */
export function idcodeHint(code: string): string {
  return `•••••••${code.slice(-4)}`;
}

/** Builds a valid code from its first ten digits (used by generators and tests). */
export function withCheckDigit(first10: string): string {
  return first10 + String(checkDigit(first10));
}
