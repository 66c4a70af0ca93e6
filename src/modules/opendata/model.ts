// The open-data register's pure rules: the EU vocabularies a dataset's metadata is chosen from (data
// themes, frequencies, licences, access rights, file types), the metadata's validation with et/en/ru
// errors, and the publication workflow (draft → reviewed → published; published → withdrawn or back
// to draft; four eyes: the reviewer is not the person who last edited it).
import type { FieldError } from '../../kernel/errors.js';
import type { DcatText } from './catalog.js';

/** The EU data themes (http://publications.europa.eu/resource/authority/data-theme/), all 13. */
export const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;
/** The common EU frequencies (http://publications.europa.eu/resource/authority/frequency/). */
export const FREQUENCIES = ['CONT', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'BIANNUAL', 'ANNUAL', 'IRREG', 'NEVER', 'UNKNOWN'] as const;
/** Licences of the EU licence table (http://publications.europa.eu/resource/authority/licence/). */
export const LICENSES = ['CC_BY_4_0', 'CC0', 'CC_BYSA_4_0', 'CC_BYND_4_0', 'CC_BYNC_4_0'] as const;
/** The EU access rights (http://publications.europa.eu/resource/authority/access-right/). */
export const ACCESS_RIGHTS = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;
export const STATUSES = ['draft', 'reviewed', 'published', 'withdrawn'] as const;

export type Theme = (typeof THEMES)[number];
export type DatasetStatus = (typeof STATUSES)[number];
export type AccessRights = (typeof ACCESS_RIGHTS)[number];

export const EU = {
  theme: 'http://publications.europa.eu/resource/authority/data-theme/',
  frequency: 'http://publications.europa.eu/resource/authority/frequency/',
  license: 'http://publications.europa.eu/resource/authority/licence/',
  access: 'http://publications.europa.eu/resource/authority/access-right/',
  fileType: 'http://publications.europa.eu/resource/authority/file-type/',
  publisherType: 'http://purl.org/adms/publishertype/',
} as const;

/** The file types an upload may have: extension → IANA media type and EU file-type code. */
export const FILE_TYPES: Record<string, { mediaType: string; format: string }> = {
  csv: { mediaType: 'text/csv', format: 'CSV' },
  json: { mediaType: 'application/json', format: 'JSON' },
  geojson: { mediaType: 'application/geo+json', format: 'GEOJSON' },
  xml: { mediaType: 'application/xml', format: 'XML' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', format: 'XLSX' },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', format: 'ODS' },
  txt: { mediaType: 'text/plain', format: 'TXT' },
  pdf: { mediaType: 'application/pdf', format: 'PDF' },
  zip: { mediaType: 'application/zip', format: 'ZIP' },
};
/** The formats a link or an API may declare (EU file-type codes). */
export const LINK_FORMATS = ['CSV', 'JSON', 'GEOJSON', 'XML', 'XLSX', 'ODS', 'HTML', 'PDF', 'ZIP', 'WMS_SRVC', 'WFS_SRVC'] as const;

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A dataset's DCAT-AP metadata as the register keeps it (opendata_dataset.meta). */
export interface DatasetMeta {
  title: DcatText;
  description: DcatText;
  contactName: string;
  contactEmail: string;
  themes: string[];
  keywords: string[];
  /** EHAK code of the area (the KOV by default). */
  spatial: string;
  temporalStart: string | null;
  temporalEnd: string | null;
  frequency: string;
  license: string;
  accessRights: AccessRights;
}

export function emptyMeta(kov: string): DatasetMeta {
  return {
    title: { et: '', en: '', ru: '' },
    description: { et: '', en: '', ru: '' },
    contactName: '',
    contactEmail: '',
    themes: [],
    keywords: [],
    spatial: kov,
    temporalStart: null,
    temporalEnd: null,
    frequency: 'ANNUAL',
    license: 'CC_BY_4_0',
    accessRights: 'PUBLIC',
  };
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Cleans a metadata input (trims, drops empty keywords and repeats) and lists what is wrong with it. */
export function checkMeta(input: DatasetMeta): { meta: DatasetMeta; errors: FieldError[] } {
  const tx = (t: DcatText): DcatText => ({ et: t.et.trim(), en: t.en.trim(), ru: t.ru.trim() });
  const meta: DatasetMeta = {
    ...input,
    title: tx(input.title),
    description: tx(input.description),
    contactName: input.contactName.trim(),
    contactEmail: input.contactEmail.trim(),
    themes: [...new Set(input.themes)],
    keywords: [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))],
    spatial: input.spatial.trim(),
    temporalStart: input.temporalStart?.trim() || null,
    temporalEnd: input.temporalEnd?.trim() || null,
  };
  const errors: FieldError[] = [];
  const err = (field: string, reason: string, vars?: FieldError['vars']) => errors.push(vars ? { field, reason, vars } : { field, reason });
  if (!meta.title.et) err('title_et', 'opendata.error.titleMissing');
  for (const l of ['et', 'en', 'ru'] as const) if (meta.title[l].length > 200) err(`title_${l}`, 'opendata.error.tooLong', { n: 200 });
  if (!meta.description.et) err('description_et', 'opendata.error.descriptionMissing');
  for (const l of ['et', 'en', 'ru'] as const) if (meta.description[l].length > 5000) err(`description_${l}`, 'opendata.error.tooLong', { n: 5000 });
  if (!meta.contactName) err('contactName', 'opendata.error.contactNameMissing');
  else if (meta.contactName.length > 200) err('contactName', 'opendata.error.tooLong', { n: 200 });
  if (!EMAIL_RE.test(meta.contactEmail) || meta.contactEmail.length > 200) err('contactEmail', 'opendata.error.email');
  if (!meta.themes.length) err('themes', 'opendata.error.themeMissing');
  else if (meta.themes.some((t) => !(THEMES as readonly string[]).includes(t))) err('themes', 'opendata.error.theme');
  if (meta.keywords.length > 30 || meta.keywords.some((k) => k.length > 60)) err('keywords', 'opendata.error.keywords');
  if (!/^\d{4}$/.test(meta.spatial)) err('spatial', 'opendata.error.spatial');
  if (meta.temporalStart && !validDate(meta.temporalStart)) err('temporalStart', 'opendata.error.date');
  if (meta.temporalEnd && !validDate(meta.temporalEnd)) err('temporalEnd', 'opendata.error.date');
  if (meta.temporalStart && meta.temporalEnd && validDate(meta.temporalStart) && validDate(meta.temporalEnd) && meta.temporalStart > meta.temporalEnd) {
    err('temporalEnd', 'opendata.error.temporalOrder');
  }
  if (!(FREQUENCIES as readonly string[]).includes(meta.frequency)) err('frequency', 'opendata.error.frequency');
  if (!(LICENSES as readonly string[]).includes(meta.license)) err('license', 'opendata.error.license');
  if (!(ACCESS_RIGHTS as readonly string[]).includes(meta.accessRights)) err('accessRights', 'opendata.error.accessRights');
  return { meta, errors };
}

/** Whether a link or endpoint URL is acceptable: http or https, absolute, no credentials. */
export function isHttpUrl(s: string): boolean {
  if (s.length > 2000) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The type of an uploaded file, by its extension; null when the register does not take it. */
export function fileTypeOf(name: string): { mediaType: string; format: string } | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && FILE_TYPES[ext]) || null;
}

/** A safe file name: its base name, control characters and quotes out, up to 200 characters. */
export function safeFileName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}"]/gu, '').trim().slice(0, 200) || 'andmed';
}

// ---------------------------------------------------------------- the workflow

export type Transition = 'review' | 'publish' | 'withdraw' | 'reopen';

/** The status each transition starts from and leads to. */
export const TRANSITIONS: Record<Transition, { from: readonly DatasetStatus[]; to: DatasetStatus }> = {
  review: { from: ['draft'], to: 'reviewed' },
  publish: { from: ['reviewed'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
  reopen: { from: ['published', 'withdrawn', 'reviewed'], to: 'draft' },
};

/** Whether a dataset in `status` may be edited (its metadata and distributions): drafts only. */
export const editable = (status: DatasetStatus): boolean => status === 'draft';

/**
 * Why a transition is refused (a message key), or null when it may happen. Four eyes: the person
 * who marks a dataset reviewed is not the one who last edited it.
 */
export function refusal(status: DatasetStatus, tr: Transition, who: { actorId: string | null; lastEditorId: string | null }): string | null {
  if (!TRANSITIONS[tr].from.includes(status)) return `opendata.error.cannot.${tr}`;
  if (tr === 'review' && who.actorId !== null && who.actorId === who.lastEditorId) return 'opendata.error.fourEyes';
  return null;
}
