// The service catalogue's data model and its pure rules (issue 13 items 1–3; CPSV-AP 3.2 vocabulary):
// what a catalogue entry holds (the content of one version), the fixed lists (channels, audiences,
// life events), the status transitions and the validation of content (texts, URLs, costs, ISO 8601
// durations). No database here: service.ts applies these rules inside its transactions.
import type { FieldError } from '../../kernel/errors.js';

/** A text in the three languages; Estonian is required where the text is, en/ru may be empty. */
export interface L3 {
  et: string;
  en: string;
  ru: string;
}

export const LANGS = ['et', 'en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

export const emptyL3 = (): L3 => ({ et: '', en: '', ru: '' });

/** A legal basis (CPSV-AP Rule implementing a LegalResource): the act, its section and a link (Riigi Teataja). */
export interface LegalBasis {
  act: string;
  section: string;
  url: string;
}

/** How a resident reaches the service (CPSV-AP Channel). */
export const CHANNEL_KINDS = ['eservice', 'webpage', 'office', 'phone', 'email', 'post', 'home'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface Channel {
  kind: ChannelKind;
  /** e-service or web page address (required for those kinds). */
  url: string;
  /** Office or postal address (required for office and post). */
  address: string;
  /** Office opening hours, free text (e.g. "E–R 9–17"). */
  openingHours: string;
  /** Phone number (required for phone). */
  phone: string;
  /** E-mail address (required for email). */
  email: string;
  /** Cost through this channel in euro cents; 0 = free (CPSV-AP Cost ifAccessedThrough the channel). */
  costCents: number;
  /** Processing time through this channel, ISO 8601 duration (P10D, PT2H); '' = not stated. */
  processingTime: string;
}

/** Who the service is for (CPSV-AP audience); a fixed list with stable codes. */
export const AUDIENCES = ['residents', 'families', 'children', 'youth', 'elderly', 'disabled', 'jobseekers', 'landowners', 'businesses', 'ngos'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * Life events (sündmusteenused; CPSV-AP LifeEvent): the Estonian state's list of life situations a
 * resident meets, with stable codes. A service belongs to any number of them.
 */
export const LIFE_EVENTS = [
  'birth', // lapse sünd
  'kindergarten', // lasteaeda minek
  'school', // kooliminek
  'moving', // elukoha muutmine
  'marriage', // abiellumine
  'building', // ehitamine
  'business', // ettevõtluse alustamine
  'job-loss', // töö kaotus
  'disability', // puude tuvastamine, töövõime kaotus
  'caring', // lähedase hooldamine
  'low-income', // toimetulekuraskused
  'retirement', // pensionile jäämine
  'death', // lähedase surm
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

/** A related state service (riigiteenus): its name and address. */
export interface StateService {
  name: string;
  url: string;
}

/** One step of the service's process: who (role or unit) does what, in which system, how long. */
export interface ProcessStep {
  who: string;
  what: string;
  system: string;
  /** ISO 8601 duration or ''. */
  duration: string;
}

/** The content of one version of a catalogue entry (and of a template). */
export interface ServiceContent {
  name: L3;
  description: L3;
  legalBases: LegalBasis[];
  /** The competent KOV unit (structural unit), e.g. "Sotsiaalosakond". */
  unit: string;
  /** The named owner of the service (the state catalogue's teenuse omanik). */
  ownerName: string;
  ownerEmail: string;
  audiences: Audience[];
  channels: Channel[];
  requirements: L3;
  /** Input documents (CPSV-AP Evidence). */
  evidence: L3[];
  /** What the resident gets (CPSV-AP Output). */
  output: L3;
  lifeEvents: LifeEvent[];
  relatedState: StateService[];
  /** Ids of related services of the same KOV. */
  relatedServices: string[];
  keywords: string[];
  steps: ProcessStep[];
}

export type ServiceStatus = 'draft' | 'published' | 'archived';

/**
 * A published catalogue entry: everything a public page, the CPSV-AP export and the national
 * portal's feed need (the current published version of one KOV's service).
 */
export interface CatalogueEntry extends ServiceContent {
  id: string;
  slug: string;
  kovCode: string;
  kovName: string;
  status: ServiceStatus;
  versionNo: number;
  templateId: string | null;
  /** When the service was first published. */
  publishedAt: Date;
  /** When this version was published (the entry's last modification). */
  modifiedAt: Date;
}

export function emptyContent(): ServiceContent {
  return {
    name: emptyL3(),
    description: emptyL3(),
    legalBases: [],
    unit: '',
    ownerName: '',
    ownerEmail: '',
    audiences: [],
    channels: [],
    requirements: emptyL3(),
    evidence: [],
    output: emptyL3(),
    lifeEvents: [],
    relatedState: [],
    relatedServices: [],
    keywords: [],
    steps: [],
  };
}

export function emptyChannel(kind: ChannelKind): Channel {
  return { kind, url: '', address: '', openingHours: '', phone: '', email: '', costCents: 0, processingTime: '' };
}

// ---------------------------------------------------------------- status and versions

/**
 * What may happen to a service in each status. A draft (never published) is edited in place and
 * published; a published service is edited into a new draft version (the published one stays
 * current until the draft is published) or archived; an archived one may be edited into a new
 * draft and published again.
 */
export type ServiceCommand = 'edit' | 'publish' | 'archive';

export interface VersionState {
  status: ServiceStatus;
  /** The version being edited, if any. */
  draftNo: number | null;
}

export function canDo(cmd: ServiceCommand, s: VersionState): boolean {
  switch (cmd) {
    case 'edit':
      return true;
    case 'publish':
      return s.draftNo !== null;
    case 'archive':
      return s.status === 'published';
  }
}

/** The status after a command (edit keeps it: a draft of a published service does not unpublish it). */
export function statusAfter(cmd: ServiceCommand, s: VersionState): ServiceStatus {
  if (cmd === 'publish') return 'published';
  if (cmd === 'archive') return 'archived';
  return s.status;
}

/**
 * Which version an edit writes: the open draft in place, or (none open) a new draft numbered after
 * the last version. Returns the number and whether it is new.
 */
export function versionForEdit(draftNo: number | null, lastNo: number): { no: number; created: boolean } {
  return draftNo !== null ? { no: draftNo, created: false } : { no: lastNo + 1, created: true };
}

// ---------------------------------------------------------------- validation

/** ISO 8601 duration as CPSV-AP's xsd:duration takes it: P1Y2M10D, P2W, PT4H30M, P1DT12H. */
const DURATION_RE = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export function isDuration(s: string): boolean {
  return DURATION_RE.test(s);
}

/** The duration in days, approximately (years 365, months 30): for sorting and showing. null if invalid. */
export function durationDays(s: string): number | null {
  const m = DURATION_RE.exec(s);
  if (!m) return null;
  const n = (g: string | undefined) => (g ? parseFloat(g) : 0);
  return n(m[1]) * 365 + n(m[2]) * 30 + n(m[3]) * 7 + n(m[4]) + n(m[6]) / 24 + n(m[7]) / 1440 + n(m[8]) / 86400;
}

export function isHttpUrl(s: string): boolean {
  if (s.length > 2000) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

const EMAIL_RE = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL_RE.test(s);
const PHONE_RE = /^\+?[0-9 ()-]{3,30}$/;

/** Money in euro cents from what a person types: "12", "12.5", "12,50", "0", "tasuta" → 0. null if not money. */
export function parseCostCents(s: string): number | null {
  const v = s.trim().toLowerCase().replace(/\s+/g, '').replace(/€|eur$/, '');
  if (v === '' || v === 'tasuta' || v === 'free' || v === 'бесплатно') return 0;
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(v)) return null;
  const [eur, cents = ''] = v.split(/[.,]/) as [string, string?];
  return Number(eur) * 100 + Number(cents.padEnd(2, '0'));
}

export const MAX = { name: 200, text: 5000, short: 300, list: 50, keyword: 60 } as const;

function checkL3(errs: FieldError[], field: string, v: L3, max: number, required: boolean): void {
  if (required && !v.et.trim()) errs.push({ field: `${field}.et`, reason: 'services.error.required' });
  for (const l of LANGS) if (v[l].length > max) errs.push({ field: `${field}.${l}`, reason: 'services.error.tooLong', vars: { max } });
}

function checkText(errs: FieldError[], field: string, v: string, max: number): void {
  if (v.length > max) errs.push({ field, reason: 'services.error.tooLong', vars: { max } });
}

/** Validates one channel (fields named `${prefix}.<field>`). */
export function validateChannel(c: Channel, prefix = 'channel'): FieldError[] {
  const errs: FieldError[] = [];
  if (!(CHANNEL_KINDS as readonly string[]).includes(c.kind)) errs.push({ field: `${prefix}.kind`, reason: 'services.error.choose' });
  const needsUrl = c.kind === 'eservice' || c.kind === 'webpage';
  if (needsUrl ? !isHttpUrl(c.url) : c.url !== '' && !isHttpUrl(c.url)) errs.push({ field: `${prefix}.url`, reason: 'services.error.url' });
  if ((c.kind === 'office' || c.kind === 'post') && !c.address.trim()) errs.push({ field: `${prefix}.address`, reason: 'services.error.required' });
  checkText(errs, `${prefix}.address`, c.address, MAX.short);
  checkText(errs, `${prefix}.openingHours`, c.openingHours, MAX.short);
  if (c.kind === 'phone' ? !PHONE_RE.test(c.phone) : c.phone !== '' && !PHONE_RE.test(c.phone)) errs.push({ field: `${prefix}.phone`, reason: 'services.error.phone' });
  if (c.kind === 'email' ? !isEmail(c.email) : c.email !== '' && !isEmail(c.email)) errs.push({ field: `${prefix}.email`, reason: 'services.error.email' });
  if (!Number.isInteger(c.costCents) || c.costCents < 0 || c.costCents > 100_000_000) errs.push({ field: `${prefix}.cost`, reason: 'services.error.cost' });
  if (c.processingTime !== '' && !isDuration(c.processingTime)) errs.push({ field: `${prefix}.processingTime`, reason: 'services.error.duration' });
  return errs;
}

export function validateStep(s: ProcessStep, prefix = 'step'): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.what.trim()) errs.push({ field: `${prefix}.what`, reason: 'services.error.required' });
  checkText(errs, `${prefix}.who`, s.who, MAX.short);
  checkText(errs, `${prefix}.what`, s.what, MAX.text);
  checkText(errs, `${prefix}.system`, s.system, MAX.short);
  if (s.duration !== '' && !isDuration(s.duration)) errs.push({ field: `${prefix}.duration`, reason: 'services.error.duration' });
  return errs;
}

export function validateLegalBasis(b: LegalBasis, prefix = 'legalBasis'): FieldError[] {
  const errs: FieldError[] = [];
  if (!b.act.trim()) errs.push({ field: `${prefix}.act`, reason: 'services.error.required' });
  checkText(errs, `${prefix}.act`, b.act, MAX.short);
  checkText(errs, `${prefix}.section`, b.section, MAX.short);
  if (b.url !== '' && !isHttpUrl(b.url)) errs.push({ field: `${prefix}.url`, reason: 'services.error.url' });
  return errs;
}

/**
 * Validates a version's content. Field names are the content's paths (`name.et`, `channels.2.url`),
 * which the pages and the API map to their own fields. Related services are checked by the service
 * (they must be the KOV's own).
 */
export function validateContent(c: ServiceContent): FieldError[] {
  const errs: FieldError[] = [];
  checkL3(errs, 'name', c.name, MAX.name, true);
  checkL3(errs, 'description', c.description, MAX.text, true);
  checkL3(errs, 'requirements', c.requirements, MAX.text, false);
  checkL3(errs, 'output', c.output, MAX.text, false);
  checkText(errs, 'unit', c.unit, MAX.short);
  checkText(errs, 'ownerName', c.ownerName, MAX.short);
  if (c.ownerEmail !== '' && !isEmail(c.ownerEmail)) errs.push({ field: 'ownerEmail', reason: 'services.error.email' });
  const lists: [string, unknown[]][] = [
    ['legalBases', c.legalBases],
    ['channels', c.channels],
    ['evidence', c.evidence],
    ['relatedState', c.relatedState],
    ['relatedServices', c.relatedServices],
    ['keywords', c.keywords],
    ['steps', c.steps],
  ];
  for (const [f, l] of lists) if (l.length > MAX.list) errs.push({ field: f, reason: 'services.error.tooMany', vars: { max: MAX.list } });
  c.legalBases.forEach((b, i) => errs.push(...validateLegalBasis(b, `legalBases.${i}`)));
  c.channels.forEach((ch, i) => errs.push(...validateChannel(ch, `channels.${i}`)));
  c.steps.forEach((s, i) => errs.push(...validateStep(s, `steps.${i}`)));
  c.evidence.forEach((e, i) => checkL3(errs, `evidence.${i}`, e, MAX.short, true));
  c.relatedState.forEach((s, i) => {
    if (!s.name.trim()) errs.push({ field: `relatedState.${i}.name`, reason: 'services.error.required' });
    checkText(errs, `relatedState.${i}.name`, s.name, MAX.short);
    if (!isHttpUrl(s.url)) errs.push({ field: `relatedState.${i}.url`, reason: 'services.error.url' });
  });
  const badAudience = c.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a));
  if (badAudience) errs.push({ field: 'audiences', reason: 'services.error.choose' });
  if (c.lifeEvents.some((e) => !(LIFE_EVENTS as readonly string[]).includes(e))) errs.push({ field: 'lifeEvents', reason: 'services.error.choose' });
  if (c.keywords.some((k) => !k.trim() || k.length > MAX.keyword)) errs.push({ field: 'keywords', reason: 'services.error.keyword', vars: { max: MAX.keyword } });
  return errs;
}

/** Content with every string trimmed, keyword and list duplicates removed (what is stored). */
export function normalizeContent(c: ServiceContent): ServiceContent {
  const t3 = (v: L3): L3 => ({ et: v.et.trim(), en: v.en.trim(), ru: v.ru.trim() });
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  return {
    name: t3(c.name),
    description: t3(c.description),
    legalBases: c.legalBases.map((b) => ({ act: b.act.trim(), section: b.section.trim(), url: b.url.trim() })),
    unit: c.unit.trim(),
    ownerName: c.ownerName.trim(),
    ownerEmail: c.ownerEmail.trim(),
    audiences: uniq(c.audiences),
    channels: c.channels.map((ch) => ({
      kind: ch.kind,
      url: ch.url.trim(),
      address: ch.address.trim(),
      openingHours: ch.openingHours.trim(),
      phone: ch.phone.trim(),
      email: ch.email.trim(),
      costCents: ch.costCents,
      processingTime: ch.processingTime.trim(),
    })),
    requirements: t3(c.requirements),
    evidence: c.evidence.map(t3),
    output: t3(c.output),
    lifeEvents: uniq(c.lifeEvents),
    relatedState: c.relatedState.map((s) => ({ name: s.name.trim(), url: s.url.trim() })),
    relatedServices: uniq(c.relatedServices),
    keywords: uniq(c.keywords.map((k) => k.trim().toLowerCase()).filter((k) => k !== '')),
    steps: c.steps.map((s) => ({ who: s.who.trim(), what: s.what.trim(), system: s.system.trim(), duration: s.duration.trim() })),
  };
}

/** Content read from storage (jsonb) with any missing field filled (older versions stay readable). */
export function contentFrom(raw: unknown): ServiceContent {
  const base = emptyContent();
  if (!raw || typeof raw !== 'object') return base;
  return { ...base, ...(raw as Partial<ServiceContent>) };
}

/** A URL-safe identifier from an Estonian name: lower case, ä→a, õ→o, ö→o, ü→u, š→s, ž→z, words joined by '-'. */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'teenus';
}

/** The texts searched (weights A: names, B: keywords and life events, C: the rest). */
export function searchTexts(c: ServiceContent): { a: string; b: string; c: string } {
  const all = (v: L3) => `${v.et} ${v.en} ${v.ru}`;
  return {
    a: all(c.name),
    b: [...c.keywords, ...c.lifeEvents].join(' '),
    c: [all(c.description), all(c.requirements), all(c.output), ...c.evidence.map(all), c.unit, ...c.legalBases.map((b) => b.act)].join(' '),
  };
}
