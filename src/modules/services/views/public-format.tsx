// Formatting for the public catalogue's pages: a text in the reader's language with Estonian
// fallback, money in Estonian format, ISO 8601 durations in words.
import type { Locale, T } from '../../../kernel/i18n.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { L3 } from '../model.js';

/** The text in the locale, else Estonian (and which language it is in). */
export function textIn(l: L3, locale: Locale): { text: string; lang: Locale } {
  const own = l[locale]?.trim();
  if (own) return { text: own, lang: locale };
  return { text: l.et.trim(), lang: 'et' };
}

/** 1 234,50 € (cents in, Estonian number format). */
export function eur(cents: number): string {
  const v = cents / 100;
  return `${Number.isInteger(v) ? fmtNumber(v) : new Intl.NumberFormat('et-EE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)} €`;
}

const DUR_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** "P10D" → "10 päeva", "P1M2W" → "1 kuud 2 nädalat"; an unparsable value is shown as it is. */
export function durationText(t: T, iso: string): string {
  const m = DUR_RE.exec(iso);
  if (!m) return iso;
  const units = ['Y', 'M', 'W', 'D', 'H', 'MIN', 'S'] as const;
  const parts = units.flatMap((u, i) => (m[i + 1] ? [t(`services.pub.dur.${u}`, { n: fmtNumber(Number(m[i + 1])) })] : []));
  return parts.length ? parts.join(' ') : iso;
}
