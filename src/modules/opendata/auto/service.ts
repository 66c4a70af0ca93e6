// The automatic open datasets' service: the refresh that makes every file (each KOV's and the
// all-KOV one, CSV and JSON) from the modules' public exports and stores it with its SHA-256, size
// and row count; the stored files for the public route; the datasets as DCAT for the catalogue; and
// the nightly job's claim (one refresh per Tallinn day, in the night window, across processes).
import { createHash } from 'node:crypto';
import type { Actor } from '../../../kernel/audit.js';
import { PLATFORM_CHAIN, recordAudit } from '../../../kernel/audit.js';
import { TIME_ZONE, dateInTallinn, now } from '../../../kernel/clock.js';
import type { Db } from '../../../kernel/db.js';
import { notFound } from '../../../kernel/errors.js';
import type { JobLog, Jobs } from '../../../kernel/jobs.js';
import { listTenants, tenantContact } from '../../../kernel/tenants.js';
import type { DcatDataset, DcatDistribution, DcatText } from '../catalog.js';
import type { DatasetDef, DatasetKey } from './datasets.js';
import { DATASETS, DATASET_KEYS, datasetDef } from './datasets.js';
import type { Row } from './format.js';
import { toCsv, toJson } from './format.js';
import * as repo from './repo.js';

export const AUTO_FORMATS = ['csv', 'json'] as const;
export type AutoFormat = (typeof AUTO_FORMATS)[number];
export const ALL = 'all';
/** The refresh job (declared in index.ts): sent every hour by the workers; `{ force: true }` refreshes now. */
export const AUTO_REFRESH_JOB = 'opendata.auto-refresh';

const MEDIA: Record<AutoFormat, string> = { csv: 'text/csv', json: 'application/json' };
const FORMAT_CODE: Record<AutoFormat, string> = { csv: 'CSV', json: 'JSON' };

/** The platform's publisher of the all-KOV datasets (dcat:contactPoint). */
export const ELVL_CONTACT = { name: 'Eesti Linnade ja Valdade Liit', email: 'elvl@elvl.ee' } as const;

/** The dataset's id in the catalogue (and its page /opendata/{id}). */
export const autoDatasetId = (scope: string, key: string) => `auto-${scope}-${key}`;
/** The stable URL of a file. */
export const autoFilePath = (scope: string, key: string, format: AutoFormat) => `/opendata/auto/${scope}/${key}.${format}`;
/** The file's name when saved. */
export const autoFileName = (scope: string, key: string, format: AutoFormat) => `vallamaja-${scope}-${key}.${format}`;

const quiet: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as JobLog;

export interface RefreshOptions {
  /** The site's public address (links in the rows); default: http://localhost. */
  publicUrl?: string;
  /** Only these KOVs (the all-KOV files are then left as they are); default every active KOV. */
  kovs?: readonly string[];
  log?: JobLog;
}

export interface RefreshSummary {
  /** Files written (each KOV's and the all-KOV ones, both formats). */
  files: number;
  /** Of them, those whose content changed (a new ETag and modified time). */
  changed: number;
  /** KOV × dataset reads that failed (their files were kept as they were; the all-KOV file too). */
  errors: number;
}

function sha256hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

async function store(db: Db, scope: string, def: DatasetDef, rows: readonly Row[], at: Date): Promise<number> {
  let changed = 0;
  const texts: Record<AutoFormat, string> = { csv: toCsv(def.columns, rows), json: toJson(autoDatasetId(scope, def.key), scope, def.columns, rows) };
  await db.tx(async (t) => {
    for (const format of AUTO_FORMATS) {
      const body = Buffer.from(texts[format], 'utf8');
      if (await repo.storeFile(t, { scope, dataset: def.key, format, body, sha256: sha256hex(body), rows: rows.length, at })) changed++;
    }
  });
  return changed;
}

/**
 * Makes every automatic dataset's files again: for each active KOV (or those in `kovs`) and each
 * dataset its CSV and JSON, then the all-KOV files (every KOV's rows in KOV order). A KOV without data
 * still gets its files (the header row; an empty `rows`), so that every URL stays. A failing read is
 * logged (the KOV code, the dataset and the error's kind, never a row) and keeps the old files.
 */
export async function refreshAutoDatasets(db: Db, opts: RefreshOptions = {}): Promise<RefreshSummary> {
  const log = opts.log ?? quiet;
  const ctx = { publicUrl: (opts.publicUrl ?? 'http://localhost').replace(/\/$/, '') };
  const at = now();
  const tenants = await db.tx((t) => listTenants(t));
  const only = opts.kovs ? new Set(opts.kovs) : null;
  const kovs = tenants.map((t) => t.code).filter((c) => !only || only.has(c));
  const sum: RefreshSummary = { files: 0, changed: 0, errors: 0 };
  for (const def of DATASETS) {
    const all: Row[] = [];
    let complete = true;
    for (const kov of kovs) {
      let rows: Row[];
      try {
        rows = await def.rows(db, kov, ctx);
      } catch (e) {
        complete = false;
        sum.errors++;
        log.warn({ kov, dataset: def.key, error: e instanceof Error ? e.name : typeof e }, 'opendata: a dataset could not be read; its files were kept');
        continue;
      }
      all.push(...rows);
      sum.changed += await store(db, kov, def, rows, at);
      sum.files += AUTO_FORMATS.length;
    }
    if (!only && complete) {
      sum.changed += await store(db, ALL, def, all, at);
      sum.files += AUTO_FORMATS.length;
    }
    log.info({ dataset: def.key, kovs: kovs.length, rows: all.length, complete }, 'opendata: automatic dataset made');
  }
  if (!only) await db.tx((t) => repo.dropScopesExcept(t, [...kovs, ALL]));
  log.info({ kovs: kovs.length, ...sum }, 'opendata: automatic datasets refreshed');
  return sum;
}

export interface AutoFile {
  body: Buffer;
  sha256: string;
  modifiedAt: Date;
  mediaType: string;
  fileName: string;
}

/** A stored file (public), or null for an unknown scope, dataset or format, or one not made yet. */
export async function autoFile(db: Db, scope: string, key: string, format: string): Promise<AutoFile | null> {
  if (!(scope === ALL || /^\d{4}$/.test(scope)) || !datasetDef(key) || !(AUTO_FORMATS as readonly string[]).includes(format)) return null;
  const f = await db.tx((t) => repo.fileOf(t, scope, key, format));
  if (!f) return null;
  const fmt = format as AutoFormat;
  return { body: Buffer.from(f.body), sha256: f.sha256, modifiedAt: new Date(f.modified_at), mediaType: MEDIA[fmt], fileName: autoFileName(scope, key, fmt) };
}

export interface CatalogueOptions {
  /** Only this KOV's datasets (null: every KOV's and the all-KOV ones). */
  kov?: string | null;
  /** The contact of the all-KOV datasets (default ELVL). */
  platformContact?: { name: string; email: string };
}

/**
 * The automatic datasets as DCAT (for the catalogue, its DCAT-AP export and pages): each dataset
 * whose files exist, with both distributions (their size and last change), the KOV's contact (its
 * e-mail, else ELVL's), spatial = the KOV's EHAK code, daily, CC BY 4.0, public.
 */
export async function autoCatalogue(db: Db, opts: CatalogueOptions = {}): Promise<DcatDataset[]> {
  const kovFilter = opts.kov ?? null;
  const { tenants, files } = await db.tx(async (t) => ({
    tenants: await listTenants(t),
    files: await repo.filesMeta(t, kovFilter ? [kovFilter] : null),
  }));
  const names = new Map(tenants.map((t) => [t.code, t.name] as const));
  const platform = opts.platformContact ?? ELVL_CONTACT;
  const contacts = new Map<string, { name: string; email: string }>();
  const contactOf = async (kov: string) => {
    let c = contacts.get(kov);
    if (!c) {
      const tc = await tenantContact(db, kov);
      contacts.set(kov, (c = { name: names.get(kov) ?? kov, email: tc?.email ?? platform.email }));
    }
    return c;
  };
  const byDataset = new Map<string, repo.AutoFileMeta[]>();
  for (const f of files) {
    if (f.scope !== ALL && !names.has(f.scope)) continue;
    const id = autoDatasetId(f.scope, f.dataset);
    let list = byDataset.get(id);
    if (!list) byDataset.set(id, (list = []));
    list.push(f);
  }
  const out: DcatDataset[] = [];
  for (const [id, list] of byDataset) {
    const { scope, dataset } = list[0]!;
    const def = datasetDef(dataset);
    if (!def) continue;
    const kov = scope === ALL ? null : scope;
    const landingPage = `/opendata/${id}`;
    const distributions: DcatDistribution[] = AUTO_FORMATS.flatMap((format) => {
      const f = list.find((x) => x.format === format);
      if (!f) return [];
      return [
        {
          id: `${id}-${format}`,
          kind: 'file' as const,
          title: { et: `${FORMAT_CODE[format]}-fail`, en: `${FORMAT_CODE[format]} file`, ru: `Файл ${FORMAT_CODE[format]}` },
          accessUrl: landingPage,
          downloadUrl: autoFilePath(scope, dataset, format),
          mediaType: MEDIA[format],
          format: FORMAT_CODE[format],
          byteSize: f.bytes,
          modified: new Date(f.modified_at).toISOString(),
        },
      ];
    });
    const modified = list.map((f) => new Date(f.modified_at).getTime()).reduce((a, b) => Math.max(a, b), 0);
    const issued = list.map((f) => new Date(f.created_at).getTime()).reduce((a, b) => Math.min(a, b), Infinity);
    out.push({
      id,
      kov,
      auto: true,
      title: def.title(kov === null ? null : (names.get(kov) ?? kov)),
      description: def.description,
      contact: kov === null ? { ...platform } : await contactOf(kov),
      themes: [...def.themes],
      keywords: [...def.keywords],
      spatial: kov,
      temporal: null,
      frequency: 'DAILY',
      license: 'CC_BY_4_0',
      accessRights: 'PUBLIC',
      issued: Number.isFinite(issued) ? new Date(issued).toISOString() : null,
      modified: modified ? new Date(modified).toISOString() : null,
      landingPage,
      distributions,
    });
  }
  return out.sort((a, b) => (a.kov ?? '~').localeCompare(b.kov ?? '~') || a.id.localeCompare(b.id));
}

/** The hour (0–23) in Tallinn. */
export function hourInTallinn(d: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(d));
}

/** The nightly window (Tallinn hours) in which the job refreshes. */
export const NIGHT = { from: 3, to: 6 } as const;

/**
 * The job's step: claims today's refresh (the first run ever at any hour, then once per Tallinn day
 * in the night window; `force` at any hour) and runs it. Answers the summary, or null when there was
 * nothing to do (another process has today's run, or it is not night).
 */
export async function nightlyRefresh(db: Db, opts: RefreshOptions & { force?: boolean } = {}): Promise<RefreshSummary | null> {
  const at = now();
  const h = hourInTallinn(at);
  const due = opts.force === true || (h >= NIGHT.from && h < NIGHT.to);
  const claimed = await db.tx((t) => repo.claimRun(t, dateInTallinn(at), due, at));
  if (!claimed && !opts.force) return null;
  const sum = await refreshAutoDatasets(db, opts);
  await db.tx((t) => repo.finishRun(t, now(), sum));
  return sum;
}

/** The last refresh run (for the CLI and operators), or null before the first. */
export async function lastAutoRun(db: Db): Promise<repo.RunRow | null> {
  return db.tx((t) => repo.lastRun(t));
}

// ------------------------------------------------------------------ the keeper's page (opendata-elvl)

/** The last run as the keeper's page shows it. */
export interface KeeperRun {
  /** The Tallinn day it ran for (YYYY-MM-DD). */
  day: string;
  startedAt: Date;
  /** Null while it runs (or when it stopped half-way). */
  finishedAt: Date | null;
  files: number | null;
  changed: number | null;
  errors: number | null;
}

/** One dataset's files in one scope (a KOV or all): its rows, each format's size and address, its last change. */
export interface KeeperEntry {
  scope: string;
  key: DatasetKey;
  title: DcatText;
  rows: number;
  /** The last refresh that changed the bytes (Last-Modified). */
  modifiedAt: Date;
  /** The last refresh (also when the bytes stayed). */
  generatedAt: Date;
  files: { format: AutoFormat; url: string; bytes: number }[];
}

/** A dataset over every scope: the all-KOV files, and how many KOVs have files with how many rows. */
export interface KeeperDataset {
  key: DatasetKey;
  title: DcatText;
  all: KeeperEntry | null;
  kovs: number;
  kovRows: number;
}

export interface KeeperOverview {
  run: KeeperRun | null;
  datasets: KeeperDataset[];
  /** The KOVs that have files (for the select), by name. */
  kovs: { code: string; name: string }[];
  /** The KOV asked for (null: none, or one without files). */
  kov: { code: string; name: string } | null;
  /** That KOV's datasets. */
  entries: KeeperEntry[];
}

function entriesOf(files: readonly repo.AutoFileMeta[], names: ReadonlyMap<string, string>): KeeperEntry[] {
  const by = new Map<string, repo.AutoFileMeta[]>();
  for (const f of files) {
    const k = `${f.scope}/${f.dataset}`;
    let list = by.get(k);
    if (!list) by.set(k, (list = []));
    list.push(f);
  }
  const out: KeeperEntry[] = [];
  for (const list of by.values()) {
    const { scope, dataset } = list[0]!;
    const def = datasetDef(dataset);
    if (!def) continue;
    const max = (pick: (f: repo.AutoFileMeta) => Date) => new Date(Math.max(...list.map((f) => new Date(pick(f)).getTime())));
    out.push({
      scope,
      key: def.key,
      title: def.title(scope === ALL ? null : (names.get(scope) ?? scope)),
      rows: list[0]!.row_count,
      modifiedAt: max((f) => f.modified_at),
      generatedAt: max((f) => f.generated_at),
      files: AUTO_FORMATS.flatMap((format) => {
        const f = list.find((x) => x.format === format);
        return f ? [{ format, url: autoFilePath(scope, dataset, format), bytes: f.bytes }] : [];
      }),
    });
  }
  return out.sort((a, b) => DATASET_KEYS.indexOf(a.key) - DATASET_KEYS.indexOf(b.key));
}

/**
 * What ELVL's open-data keeper sees: the last run, each dataset's all-KOV files with how many KOVs have
 * files, the KOVs that have files, and one KOV's files when `kov` names one of them.
 */
export async function keeperOverview(db: Db, kov: string | null): Promise<KeeperOverview> {
  const { tenants, files, run } = await db.tx(async (t) => ({ tenants: await listTenants(t), files: await repo.filesMeta(t, null), run: await repo.lastRun(t) }));
  const names = new Map(tenants.map((t) => [t.code, t.name] as const));
  const withFiles = new Set(files.filter((f) => f.scope !== ALL && names.has(f.scope)).map((f) => f.scope));
  const kovs = [...withFiles].map((code) => ({ code, name: names.get(code)! })).sort((a, b) => a.name.localeCompare(b.name, 'et') || a.code.localeCompare(b.code));
  const all = entriesOf(
    files.filter((f) => f.scope === ALL),
    names,
  );
  const perKov = entriesOf(
    files.filter((f) => withFiles.has(f.scope)),
    names,
  );
  const datasets: KeeperDataset[] = DATASETS.map((def) => {
    const mine = perKov.filter((e) => e.key === def.key);
    return { key: def.key, title: def.title(null), all: all.find((e) => e.key === def.key) ?? null, kovs: mine.length, kovRows: mine.reduce((n, e) => n + e.rows, 0) };
  });
  const chosen = kov !== null && withFiles.has(kov) ? { code: kov, name: names.get(kov)! } : null;
  return {
    run: run ? { day: run.day, startedAt: new Date(run.started_at), finishedAt: run.finished_at ? new Date(run.finished_at) : null, files: run.files, changed: run.changed, errors: run.errors } : null,
    datasets,
    kovs,
    kov: chosen,
    entries: chosen ? perKov.filter((e) => e.scope === chosen.code) : [],
  };
}

/**
 * The keeper's "refresh now": queues the refresh job with `{ force: true }` (the workers run it; not
 * in the request) and records the request on the platform's audit chain. Without a KOV it refreshes
 * every KOV and the all-KOV files; with one (an active KOV, else 404), only that KOV's files (the
 * all-KOV files are left as they are). Answers the job's id.
 */
export async function requestAutoRefresh(db: Db, jobs: Pick<Jobs, 'send'>, actor: Actor, kov: string | null = null): Promise<string> {
  if (kov !== null && !(await db.tx((t) => listTenants(t))).some((x) => x.code === kov)) throw notFound();
  const payload: AutoRefreshPayload = kov === null ? { force: true } : { force: true, kovs: [kov] };
  const jobId = await jobs.send(AUTO_REFRESH_JOB, payload);
  // the platform's chain ('0000': its rows are visible in a transaction of that tenant)
  await db.tx((t) => recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'opendata.auto.refreshRequested', targetType: 'job', targetId: jobId, after: { job: AUTO_REFRESH_JOB, ...payload } }), { kov: PLATFORM_CHAIN });
  return jobId;
}

/** The refresh job's payload: `force` refreshes now (else only in the night window, once a day); `kovs` only these KOVs. */
export type AutoRefreshPayload = {
  force?: boolean;
  kovs?: string[];
};

/** The refresh options a job payload asks for (anything malformed in it is ignored). */
export function refreshOptionsOf(payload: AutoRefreshPayload): { force: boolean; kovs?: string[] } {
  const kovs = Array.isArray(payload.kovs) ? payload.kovs.filter((k): k is string => typeof k === 'string' && /^\d{4}$/.test(k)) : [];
  return kovs.length ? { force: payload.force === true, kovs } : { force: payload.force === true };
}

export type { DatasetKey };
