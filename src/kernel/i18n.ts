// i18n: Estonian (default), English, Russian. Every message is written in all three languages in one
// place (a missing translation is a type error, not a runtime surprise). Modules add their own
// messages with defineMessages() in their messages.ts and register them in their manifest.
// Dates and numbers are shown in Estonian format, in Europe/Tallinn time, whatever the language.

export const LOCALES = ['et', 'en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'et';

export type Message = { et: string; en: string; ru: string };
export type Messages = Record<string, Message>;

const catalog = new Map<string, Message>();

export function defineMessages<M extends Messages>(m: M): M {
  return m;
}

type Union2Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * One catalogue from a module's parts (messages.ts, messages-vote.ts, …). A key defined in two parts
 * would silently take the later text, so it is refused when the module loads.
 */
export function joinMessages<P extends Messages[]>(...parts: P): Union2Intersection<P[number]> {
  const out: Messages = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      if (Object.hasOwn(out, k)) throw new Error(`message ${k} is defined twice`);
      out[k] = v;
    }
  }
  return out as Union2Intersection<P[number]>;
}

export function registerMessages(m: Messages): void {
  for (const [k, v] of Object.entries(m)) catalog.set(k, v);
}

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/**
 * A message's parameters: a string or number is put in as it is; a text in the three languages
 * (e.g. "Question 2, option 3 (English)", built where the error is found) in the reader's language.
 */
export type Vars = Record<string, string | number | Message>;
export type T = (key: string, vars?: Vars) => string;

const PLACEHOLDER_RE = /\{(\w+)\}/g;

/**
 * The message in `locale` with its parameters put in. A parameter the caller did not give is left
 * out (never shown as a raw `{name}`), and the punctuation around the gap is tidied: "Voted: {n}."
 * without `n` reads "Voted."
 */
export function translate(locale: Locale, key: string, vars?: Vars): string {
  const m = catalog.get(key);
  const s = m ? m[locale] : key;
  let missing = false;
  const out = s.replace(PLACEHOLDER_RE, (_, name: string) => {
    const v = vars?.[name];
    if (v === undefined || v === null) {
      missing = true;
      return '';
    }
    return typeof v === 'object' ? (v[locale] ?? v.et) : String(v);
  });
  return missing ? tidyGaps(out) : out;
}

/** Closes the gaps a left-out parameter leaves: empty brackets, doubled spaces, a dangling ": ." */
function tidyGaps(s: string): string {
  return s
    .replace(/[(«„"]\s*[)»“"]/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([.,:;!?)])/g, '$1')
    .replace(/[:,;–-]+([.!?])/g, '$1')
    .replace(/^[\s:,;.–-]+/, '')
    .replace(/[\s:,;–-]+$/, '')
    .trim();
}

/** Every registered message (the catalogue), for checks that go over all of them. */
export function catalogEntries(): [string, Message][] {
  return [...catalog.entries()];
}

/** The names of a text's placeholders ({name}), in order of first appearance. */
export function placeholdersOf(s: string): string[] {
  return [...new Set([...s.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!))];
}

export function hasMessage(key: string): boolean {
  return catalog.has(key);
}

export function translator(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars);
}

const TZ = 'Europe/Tallinn';
const dateFmt = new Intl.DateTimeFormat('et-EE', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('et-EE', {
  timeZone: TZ,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const numFmt = new Intl.NumberFormat('et-EE');

/** 22.11.2026 (a Date is shown in Tallinn time; a 'YYYY-MM-DD' legal date as it is). */
export function fmtDate(d: Date | string): string {
  if (typeof d === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
    d = new Date(d);
  }
  return dateFmt.format(d);
}

/** 22.11.2026 14:05 in Tallinn time. */
export function fmtDateTime(d: Date | string): string {
  return dateTimeFmt.format(typeof d === 'string' ? new Date(d) : d).replace(',', '');
}

/** 1 234 567,5 */
export function fmtNumber(n: number): string {
  return numFmt.format(n);
}

/** Picks the text for a locale from a {et,en,ru} object, falling back to Estonian. */
export function pick(text: Partial<Record<Locale, string>> | null | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.et || text.en || text.ru || '';
}
