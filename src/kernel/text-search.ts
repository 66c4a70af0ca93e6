// Estonian full-text search done in the application, so that it works the same on PostgreSQL 15
// (which has no 'estonian' text-search configuration) and on PGlite: words are stemmed here, the
// stems are written into a tsvector literal (no parser, no configuration, no locale involved) and
// the query is stemmed the same way into a tsquery literal. Highlights are made over the original
// text, marking the word forms that appear there.
//
// The stemmer is a port of the Snowball Estonian algorithm (estonian.sbl, by Linda Freienthal,
// 2019; Snowball is BSD-licensed, https://snowballstem.org/), written anew in TypeScript from the
// algorithm's description, plus two small steps of our own (marked below) that join forms the
// algorithm leaves apart: the -us nouns' genitive (turvalisus / turvalisuse) and the -ne words'
// (inimene / inimese).

const V1 = new Set('aeiouõäöü');
const RV = new Set('aeiuo');
const KI = new Set('kptgbdshfšzž');
const GI = new Set('cjlmnqrvwxaeiouõäöü');
const LONG_VOWELS = ['aa', 'ee', 'ii', 'oo', 'uu', 'ää', 'öö', 'üü', 'õõ'];

/** The word's region R1 starts after the first non-vowel that follows a vowel (or after an apostrophe past the 2nd letter). */
function regionStart(w: string): number {
  const apo = w.indexOf("'", 2);
  if (apo >= 0) return apo + 1;
  let i = 0;
  while (i < w.length && !V1.has(w[i]!)) i++;
  while (i < w.length && V1.has(w[i]!)) i++;
  return i < w.length ? i + 1 : w.length;
}

const inGroup = (g: Set<string>, w: string, at: number) => at > 0 && g.has(w[at - 1]!);
const longVowelBefore = (w: string, at: number) => at >= 2 && LONG_VOWELS.includes(w.slice(at - 2, at));
const rvOrLong = (w: string, at: number) => inGroup(RV, w, at) || longVowelBefore(w, at);

/** The longest of `suffixes` that ends the word and starts in R1 (at or after p1): its start, or -1. */
function suffixIn(w: string, p1: number, suffixes: readonly string[]): { s: string; at: number } | null {
  let best: { s: string; at: number } | null = null;
  for (const s of suffixes) {
    if (w.endsWith(s) && w.length - s.length >= p1 && (!best || s.length > best.s.length)) best = { s, at: w.length - s.length };
  }
  return best;
}

const replaceEnd = (w: string, at: number, by: string) => w.slice(0, at) + by;

/** A step: the word after it, or null when it did not apply (the word is then unchanged). */
type Step = (w: string, p1: number) => string | null;

const emphasis: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['gi', 'ki']);
  if (!m || m.at < 4) return null;
  if (m.s === 'gi') return inGroup(GI, w, m.at) && !longVowelBefore(w, m.at) ? w.slice(0, m.at) : null;
  return inGroup(KI, w, m.at) ? w.slice(0, m.at) : null;
};

const VERB_DELETE = ['nuksin', 'nuksime', 'nuksid', 'nuksite', 'ksin', 'ksid', 'ksime', 'ksite', 'mata', 'takse', 'dakse', 'taks', 'daks', 'sime', 'site', 'sin'];
const VERB_AFTER_VOWEL = ['me', 'da', 'n', 'b'];
const verb: Step = (w, p1) => {
  const m = suffixIn(w, p1, [...VERB_DELETE, 'akse', ...VERB_AFTER_VOWEL]);
  if (!m) return null;
  if (m.s === 'akse') return replaceEnd(w, m.at, 'a');
  if (VERB_AFTER_VOWEL.includes(m.s)) return inGroup(V1, w, m.at) ? w.slice(0, m.at) : null;
  return w.slice(0, m.at);
};

const SPECIAL: Record<string, string> = {
  lasse: 'lase', last: 'lase', lane: 'lase', lasi: 'lase',
  misse: 'mise', mist: 'mise', mine: 'mise', misi: 'mise',
  lisse: 'lise', list: 'lise', line: 'lise', lisi: 'lise',
};
const specialNounEndings: Step = (w, p1) => {
  const m = suffixIn(w, p1, Object.keys(SPECIAL));
  return m ? replaceEnd(w, m.at, SPECIAL[m.s]!) : null;
};

const caseEnding: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['sse', 'st', 'le', 'lt', 'ga', 'ks', 'ta', 't', 's', 'l']);
  if (!m) return null;
  if (m.s === 't') return m.at >= 4 ? w.slice(0, m.at) : null;
  return rvOrLong(w, m.at) ? w.slice(0, m.at) : null;
};

const pluralFirstCases: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['ikkude', 'ikke', 'ike', 'sid', 'te', 'de', 'd']);
  if (!m) return null;
  switch (m.s) {
    case 'ikkude':
    case 'ikke':
    case 'ike':
      return replaceEnd(w, m.at, 'iku');
    case 'sid':
      return longVowelBefore(w, m.at) ? null : w.slice(0, m.at);
    case 'te': {
      if (m.at < 4) return replaceEnd(w, m.at, 't');
      const before = w.slice(0, m.at);
      if (/(mis|las|lis)$/.test(before)) return before + 'e';
      if (before.endsWith('t')) return w;
      return before;
    }
    default:
      return rvOrLong(w, m.at) ? w.slice(0, m.at) : null;
  }
};

const degrees: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['mai', 'ma', 'm']);
  if (!m) return null;
  if (m.s === 'ma') return w.slice(0, m.at);
  return inGroup(RV, w, m.at) ? w.slice(0, m.at) : null;
};

const iPlural: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['i']);
  return m && inGroup(RV, w, m.at) ? w.slice(0, m.at) : null;
};

const nu: Step = (w, p1) => {
  const m = suffixIn(w, p1, ['nu', 'tu', 'du', 'va']);
  return m ? w.slice(0, m.at) : null;
};

const undoubleKpt: Step = (w, p1) => {
  const n = w.length;
  if (n < 3 || !V1.has(w[n - 1]!) || n - 1 < p1) return null;
  const pair = w.slice(n - 3, n - 1);
  return pair === 'kk' || pair === 'pp' || pair === 'tt' ? w.slice(0, n - 2) + w[n - 1] : null;
};

// Irregular verbs (the algorithm's exception list): every form listed here stems to the given stem.
const VERB_EXCEPTIONS: Record<string, string> = {};
for (const [stem, forms] of [
  ['joo', 'joon jood joob joote joome joovad jõin jõid jõi jõime jõite joomata juuakse joodakse juua jooma'],
  ['saa', 'saan saad saab saate saame saavad saaksin saaksid saaks saaksite saaksime sain said sai saite saime saamata saadakse saadi saama saada'],
  ['viima', 'viin viid viib viite viime viivad viiksin viiksid viiks viiksite viiksime viisin viisite viisime viimata viiakse viidi viima viia'],
  ['keesi', 'keen keeb keed kees keeme keete keevad keeksin keeks keeksid keeksime keeksite keemata keema keeta keedakse'],
  ['löö', 'löön lööd lööb lööme lööte löövad lööksin lööksid lööks lööksime lööksite löömata lüüakse löödakse löödi lööma lüüa'],
  ['lõi', 'lõin lõid lõi lõime lõite'],
  ['loo', 'loon lood loob loome loote loovad looksin looksid looks looksime looksite loomata luuakse loodi luua looma'],
  ['käisi', 'käin käib käid käis käime käite käivad käiksin käiks käiksid käiksime käiksite käimata käiakse käidi käia käima'],
  ['söö', 'söön sööb sööd sööme sööte söövad sööksin sööks sööksid sööksime sööksite sõin sõi sõid sõime sõite söömata süüakse söödakse söödi sööma süüa'],
  ['too', 'toon tood toob toote toome toovad tooksin tooksid tooks tooksite tooksime tõin tõid tõi tõime tõite toomata tuuakse toodi tooma tuua'],
  ['võisi', 'võin võid võib võime võis võite võivad võiksin võiksid võiks võiksime võiksite võimata võidakse võidi võida võima'],
  ['jääma', 'jään jääd jääb jääme jääte jäävad jääksin jääksid jääks jääksime jääksite jäime jäite jäin jäid jäi jäämata jäädakse jääda jääma jäädi'],
  ['müüsi', 'müün müüd müüb müüs müüme müüte müüvad müüksin müüksid müüks müüksime müüksite müümata müüakse müüdi müüa müüma'],
  ['luge', 'loeb loen loed loeme loete loevad loeks loeksin loeksid loeksime loeksite'],
  ['põde', 'põen põeb põed põeme põete põevad põeksin põeks põeksid põeksime põeksite'],
  ['ladu', 'laon laob laod laome laote laovad laoksin laoks laoksid laoksime laoksite'],
  ['tegi', 'teeksin teeks teeksid teeksime teeksite teen teeb teed teeme teete teevad tegemata tehakse tehti tegema teha'],
  ['nägi', 'näen näeb näed näeme näete näevad näeksin näeks näeksid näeksime näeksite nägemata nähakse nähti näha nägema'],
] as const) {
  for (const f of forms.split(' ')) VERB_EXCEPTIONS[f] = stem;
}

/** The algorithm's steps on a word that is not an exception. */
function snowball(word: string): string {
  const p1 = regionStart(word);
  let w = word;
  const apply = (step: Step) => {
    const r = step(w, p1);
    if (r !== null) w = r;
    return r !== null;
  };
  apply(emphasis);
  if (!apply(verb)) {
    for (const step of [specialNounEndings, caseEnding, pluralFirstCases, degrees, iPlural, nu]) apply(step);
  }
  apply(undoubleKpt);
  if (w.endsWith("'")) w = w.slice(0, -1);
  return w;
}

/** The stem of one lower-case Estonian word (Snowball Estonian, with the two joins described above). */
export function stemEstonian(word: string): string {
  const exception = VERB_EXCEPTIONS[word];
  if (exception) return exception;
  const w = snowball(word);
  // our own joins (not in estonian.sbl): what is left as -us or -use (turvalisuse, teenuste → teenus)
  // is stemmed once more as the -us noun (turvalisus → turvalisu); -ne words end as -se (inimene → inimese)
  if (w.length >= 5 && /use?$/.test(w)) return snowball(w.endsWith('e') ? w.slice(0, -1) : w);
  if (w.length >= 6 && /[aeiouõäöü]ne$/.test(w)) return w.slice(0, -2) + 'se';
  return w;
}

/** A word of the text: its place in the original and its form (lower case). */
export interface Token {
  start: number;
  end: number;
  word: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The words of a text (letters and digits; an inner apostrophe kept), lower-cased. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase().replace('’', "'");
    out.push({ start: m.index, end: m.index + m[0].length, word });
  }
  return out;
}

/** Words longer than this are not indexed (nothing real is this long; a tsvector lexeme may be at most 2 kB). */
const MAX_WORD = 60;

/** Stems already made (words repeat: highlighting a page stems the same words again and again). */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;

/** The stem a word is indexed and searched by (digits and one-letter words as they are). */
export function stemOf(word: string): string {
  const w = word.toLowerCase().replace(/['’]/g, '');
  if (w.length < 3 || /\d/.test(w)) return w;
  let s = stemCache.get(w);
  if (s === undefined) {
    s = stemEstonian(w);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** The lexemes of a text, in order (for a tsvector): only letters and digits, so a literal needs no escaping. */
export function stems(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.word.length <= MAX_WORD)
    .map((t) => stemOf(t.word))
    .filter((s) => s.length > 0);
}

export type Weight = 'A' | 'B' | 'C' | 'D';

/**
 * A tsvector literal (cast it with ::tsvector) of weighted texts: each text's stems with their
 * positions (1…16383, as PostgreSQL keeps them) and the weight given. Engine-independent: no
 * text-search configuration or parser is involved.
 */
export function tsvectorLiteral(parts: readonly { text: string; weight: Weight }[]): string {
  const at = new Map<string, string[]>();
  let pos = 0;
  for (const p of parts) {
    for (const s of stems(p.text)) {
      pos = Math.min(pos + 1, 16383);
      const list = at.get(s) ?? [];
      // PostgreSQL keeps at most 256 positions per lexeme
      if (list.length < 256) list.push(`${pos}${p.weight === 'D' ? '' : p.weight}`);
      at.set(s, list);
    }
    pos = Math.min(pos + 1, 16383);
  }
  return [...at.entries()].map(([s, list]) => `'${s}':${list.join(',')}`).join(' ');
}

/** Stems of a query of at least this many letters also match longer stems (parool → paroolipoliitika). */
const PREFIX_FROM = 5;

/**
 * A tsquery literal (cast it with ::tsquery) for what a person typed: every word must occur (AND),
 * in any of its forms; stems of 5+ letters match as prefixes too. Null when the query has no word.
 */
export function tsqueryLiteral(query: string): string | null {
  const list = [...new Set(stems(query))];
  if (list.length === 0) return null;
  return list.map((s) => (s.length >= PREFIX_FROM ? `'${s}':*` : `'${s}'`)).join(' & ');
}

/** A piece of a highlighted text: `hit` when it is a word form of the query. */
export interface Fragment {
  text: string;
  hit: boolean;
}

/** Whether a word of the text is a form of one of the query's stems (the same rule as tsqueryLiteral). */
function matcher(query: string): (word: string) => boolean {
  const qs = [...new Set(stems(query))];
  return (word) => {
    const s = stemOf(word);
    return qs.some((q) => s === q || (q.length >= PREFIX_FROM && s.startsWith(q)));
  };
}

/** The whole text in fragments, with the query's word forms as hits (as they are written in the text). */
export function highlight(text: string, query: string): Fragment[] {
  const isHit = matcher(query);
  const out: Fragment[] = [];
  let last = 0;
  for (const t of tokenize(text)) {
    if (!isHit(t.word)) continue;
    if (t.start > last) out.push({ text: text.slice(last, t.start), hit: false });
    out.push({ text: text.slice(t.start, t.end), hit: true });
    last = t.end;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}

/**
 * An excerpt of about `size` characters around the first hit (or the text's start), highlighted,
 * with an ellipsis where it was cut.
 */
export function excerpt(text: string, query: string, size = 220): Fragment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const isHit = matcher(query);
  const first = tokenize(flat).find((t) => isHit(t.word));
  let from = first ? Math.max(0, first.start - Math.floor(size / 3)) : 0;
  if (from > 0) {
    const space = flat.indexOf(' ', from);
    from = space >= 0 && space < (first?.start ?? flat.length) ? space + 1 : from;
  }
  let to = Math.min(flat.length, from + size);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  const frags = highlight(flat.slice(from, to), query);
  if (from > 0) frags.unshift({ text: '… ', hit: false });
  if (to < flat.length) frags.push({ text: ' …', hit: false });
  return frags;
}
