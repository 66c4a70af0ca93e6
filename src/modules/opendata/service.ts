// The open-data register's commands and reads: datasets with their DCAT-AP metadata, distributions
// (an uploaded file, a link, an API endpoint), the publication workflow with four eyes, and the
// published catalogue in the shared DcatDataset shape (catalog.ts) that the public pages, the JSON
// API and the DCAT-AP export read. Each command is one transaction with its audit entry.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import { tenantNames } from '../../kernel/tenants.js';
import { classifierNames } from '../territory/index.js';
import type { DcatDataset, DcatDistribution, DcatText } from './catalog.js';
import type { DatasetMeta, DatasetStatus, Transition } from './model.js';
import { LINK_FORMATS, MAX_FILE_BYTES, TRANSITIONS, checkMeta, editable, fileTypeOf, isHttpUrl, refusal, safeFileName } from './model.js';
import * as repo from './repo.js';
import type { DatasetRow, DistributionRow } from './repo.js';

export interface DistributionView {
  id: string;
  kind: 'file' | 'link' | 'api';
  title: DcatText;
  url: string | null;
  mediaType: string | null;
  format: string | null;
  fileName: string | null;
  bytes: number | null;
  sha256: string | null;
  createdAt: Date;
  createdBy: string;
}

export interface DatasetView {
  id: string;
  kov: string;
  status: DatasetStatus;
  meta: DatasetMeta;
  createdAt: Date;
  updatedAt: Date;
  editedBy: string;
  editedById: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  issued: Date | null;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  distributions: DistributionView[];
}

const actorKey = (a: Actor): string | null => (a.id ? `${a.kind}:${a.id}` : null);
const text = (v: unknown): DcatText => {
  const o = (v ?? {}) as Partial<DcatText>;
  return { et: o.et ?? '', en: o.en ?? '', ru: o.ru ?? '' };
};

function distView(r: DistributionRow): DistributionView {
  return {
    id: r.id,
    kind: r.kind,
    title: text(r.title),
    url: r.url,
    mediaType: r.media_type,
    format: r.format,
    fileName: r.file_name,
    bytes: r.bytes,
    sha256: r.sha256,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function view(r: DatasetRow, dists: DistributionRow[]): DatasetView {
  return {
    id: r.id,
    kov: r.kov_code,
    status: r.status,
    meta: r.meta as DatasetMeta,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedBy: r.edited_by,
    editedById: r.edited_by_id,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    issued: r.issued,
    publishedAt: r.published_at,
    withdrawnAt: r.withdrawn_at,
    distributions: dists.filter((d) => d.dataset_id === r.id).map(distView),
  };
}

async function lockDataset(t: Tx, kov: string, id: string): Promise<DatasetRow> {
  const d = UUID_RE.test(id) ? await repo.datasetById(t, kov, id, true) : undefined;
  if (!d) throw notFound('opendata.error.notFound');
  return d;
}

function mustBeEditable(d: DatasetRow): void {
  if (!editable(d.status)) throw conflict('opendata.error.notDraft');
}

/** The metadata checked (model.ts), and its area a known EHAK unit (a KOV, or a unit of the classifier). */
async function validMeta(db: Db, input: DatasetMeta): Promise<DatasetMeta> {
  const { meta, errors } = checkMeta(input);
  if (!errors.some((e) => e.field === 'spatial') && !(await areaNames(db, [meta.spatial])).has(meta.spatial)) {
    errors.push({ field: 'spatial', reason: 'opendata.error.spatialUnknown' });
  }
  if (errors.length) throw badRequest(errors);
  return meta;
}

// ---------------------------------------------------------------- commands

export async function createDataset(db: Db, kov: string, input: DatasetMeta, actor: Actor): Promise<{ id: string }> {
  const meta = await validMeta(db, input);
  return db.tx(
    async (t) => {
      const id = uuidv7();
      await repo.insertDataset(t, { id, kov_code: kov, meta, edited_by_id: actorKey(actor), edited_by: actor.name, at: now() });
      await recordAudit(t, { kov, actor, action: 'opendata.dataset.create', targetType: 'dataset', targetId: id, before: null, after: { title: meta.title.et } });
      return { id };
    },
    { kov },
  );
}

export async function updateDataset(db: Db, kov: string, id: string, input: DatasetMeta, actor: Actor): Promise<void> {
  const meta = await validMeta(db, input);
  await db.tx(
    async (t) => {
      const d = await lockDataset(t, kov, id);
      mustBeEditable(d);
      await repo.updateMeta(t, kov, d.id, { meta, edited_by_id: actorKey(actor), edited_by: actor.name, at: now() });
      await recordAudit(t, { kov, actor, action: 'opendata.dataset.update', targetType: 'dataset', targetId: d.id, before: d.meta, after: meta });
    },
    { kov },
  );
}

/** Adds a link or an API endpoint (http/https only) to a draft. */
export async function addLink(
  db: Db,
  kov: string,
  id: string,
  input: { kind: 'link' | 'api'; title: DcatText; url: string; format: string | null },
  actor: Actor,
): Promise<{ id: string }> {
  const url = input.url.trim();
  const title = { et: input.title.et.trim(), en: input.title.en.trim(), ru: input.title.ru.trim() };
  const errors = [];
  if (!title.et) errors.push({ field: 'distTitle', reason: 'opendata.error.distTitleMissing' });
  if (!isHttpUrl(url)) errors.push({ field: 'url', reason: 'opendata.error.url' });
  const format = input.format?.trim() || null;
  if (format && !(LINK_FORMATS as readonly string[]).includes(format)) errors.push({ field: 'format', reason: 'opendata.error.format' });
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      const d = await lockDataset(t, kov, id);
      mustBeEditable(d);
      const did = uuidv7();
      const at = now();
      await repo.insertDistribution(t, {
        id: did,
        kov_code: kov,
        dataset_id: d.id,
        kind: input.kind,
        title,
        url,
        media_type: null,
        format,
        file_name: null,
        bytes: null,
        sha256: null,
        data: null,
        created_by: actor.name,
        at,
      });
      await repo.touchDataset(t, kov, d.id, { edited_by_id: actorKey(actor), edited_by: actor.name, at });
      await recordAudit(t, { kov, actor, action: 'opendata.distribution.add', targetType: 'dataset', targetId: d.id, before: null, after: { distribution: did, kind: input.kind, url } });
      return { id: did };
    },
    { kov },
  );
}

/** Adds an uploaded file (CSV, JSON, … within MAX_FILE_BYTES) to a draft; its bytes are kept here. */
export async function addFile(db: Db, kov: string, id: string, file: { name: string; bytes: Buffer; title?: DcatText }, actor: Actor): Promise<{ id: string }> {
  if (file.bytes.length > MAX_FILE_BYTES) throw badRequest([{ field: 'file', reason: 'opendata.error.fileSize', vars: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
  if (!file.bytes.length) throw badRequest([{ field: 'file', reason: 'opendata.error.fileMissing' }]);
  const name = safeFileName(file.name);
  const type = fileTypeOf(name);
  if (!type) throw badRequest([{ field: 'file', reason: 'opendata.error.fileType' }]);
  const title = file.title?.et.trim() ? { et: file.title.et.trim(), en: file.title.en.trim(), ru: file.title.ru.trim() } : { et: name, en: '', ru: '' };
  return db.tx(
    async (t) => {
      const d = await lockDataset(t, kov, id);
      mustBeEditable(d);
      const did = uuidv7();
      const at = now();
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      await repo.insertDistribution(t, {
        id: did,
        kov_code: kov,
        dataset_id: d.id,
        kind: 'file',
        title,
        url: null,
        media_type: type.mediaType,
        format: type.format,
        file_name: name,
        bytes: file.bytes.length,
        sha256,
        data: file.bytes,
        created_by: actor.name,
        at,
      });
      await repo.touchDataset(t, kov, d.id, { edited_by_id: actorKey(actor), edited_by: actor.name, at });
      await recordAudit(t, { kov, actor, action: 'opendata.distribution.add', targetType: 'dataset', targetId: d.id, before: null, after: { distribution: did, kind: 'file', name, bytes: file.bytes.length, sha256 } });
      return { id: did };
    },
    { kov },
  );
}

export async function removeDistribution(db: Db, kov: string, id: string, distId: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const d = await lockDataset(t, kov, id);
      mustBeEditable(d);
      const gone = UUID_RE.test(distId) ? await repo.deleteDistribution(t, kov, d.id, distId) : undefined;
      if (!gone) throw notFound('opendata.error.distNotFound');
      await repo.touchDataset(t, kov, d.id, { edited_by_id: actorKey(actor), edited_by: actor.name, at: now() });
      await recordAudit(t, { kov, actor, action: 'opendata.distribution.remove', targetType: 'dataset', targetId: d.id, before: { distribution: gone.id, kind: gone.kind, url: gone.url, name: gone.file_name }, after: null });
    },
    { kov },
  );
}

/**
 * A workflow step: review (draft → reviewed; not by the dataset's last editor), publish (reviewed →
 * published; the first publication sets `issued`, kept ever after), withdraw (published → withdrawn),
 * reopen (back to draft for changes).
 */
export async function transition(db: Db, kov: string, id: string, tr: Transition, actor: Actor): Promise<DatasetStatus> {
  return db.tx(
    async (t) => {
      const d = await lockDataset(t, kov, id);
      const why = refusal(d.status, tr, { actorId: actorKey(actor), lastEditorId: d.edited_by_id });
      if (why) throw conflict(why);
      if (tr === 'publish' && !(await repo.distributionsOf(t, kov, [d.id])).length) throw conflict('opendata.error.noDistribution');
      const to = TRANSITIONS[tr].to;
      await repo.setStatus(t, kov, d.id, { status: to, at: now(), reviewed_by_id: actorKey(actor), reviewed_by: actor.name, clearReview: to === 'draft' });
      const entry = { kov, actor, targetType: 'dataset', targetId: d.id, before: { status: d.status }, after: { status: to } };
      // each step's audit code written out (test/audit-names.test.ts reads them from the source)
      if (tr === 'review') await recordAudit(t, { ...entry, action: 'opendata.dataset.review' });
      else if (tr === 'publish') await recordAudit(t, { ...entry, action: 'opendata.dataset.publish' });
      else if (tr === 'withdraw') await recordAudit(t, { ...entry, action: 'opendata.dataset.withdraw' });
      else await recordAudit(t, { ...entry, action: 'opendata.dataset.reopen' });
      return to;
    },
    { kov },
  );
}

// ---------------------------------------------------------------- reads (officials)

export async function getDataset(db: Db, kov: string, id: string): Promise<DatasetView | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx(
    async (t) => {
      const d = await repo.datasetById(t, kov, id);
      if (!d) return null;
      return view(d, await repo.distributionsOf(t, kov, [d.id]));
    },
    { kov },
  );
}

export async function listDatasets(db: Db, kov: string, status: DatasetStatus | null = null): Promise<DatasetView[]> {
  return db.tx(
    async (t) => {
      const rows = await repo.listDatasets(t, kov, status);
      const dists = await repo.distributionsOf(
        t,
        kov,
        rows.map((r) => r.id),
      );
      return rows.map((r) => view(r, dists));
    },
    { kov },
  );
}

/** A file's bytes for the KOV's officials (drafts included). */
export async function officialFile(db: Db, kov: string, datasetId: string, distId: string) {
  if (!UUID_RE.test(datasetId) || !UUID_RE.test(distId)) return null;
  const f = await db.tx((t) => repo.fileOf(t, kov, datasetId, distId), { kov });
  return f ? { name: f.file_name ?? 'andmed', mediaType: f.media_type ?? 'application/octet-stream', sha256: f.sha256 ?? '', bytes: Buffer.from(f.data) } : null;
}

// ---------------------------------------------------------------- the published catalogue

/** The public path of a published file (stable: the distribution's id and its file name). */
export const filePath = (distId: string, name: string) => `/opendata/files/${distId}/${encodeURIComponent(name)}`;
export const datasetPath = (id: string) => `/opendata/${id}`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function dcatOf(r: DatasetRow, dists: DistributionRow[]): DcatDataset {
  const m = r.meta as DatasetMeta;
  const distributions: DcatDistribution[] = dists
    .filter((d) => d.dataset_id === r.id)
    .map((d) => {
      const t = text(d.title);
      const title = { et: t.et, en: t.en || t.et, ru: t.ru || t.et };
      if (d.kind === 'file') {
        const url = filePath(d.id, d.file_name ?? 'andmed');
        return { id: d.id, kind: 'file', title, accessUrl: url, downloadUrl: url, mediaType: d.media_type, format: d.format, byteSize: d.bytes, modified: d.created_at.toISOString() };
      }
      return { id: d.id, kind: d.kind, title, accessUrl: d.url!, downloadUrl: null, mediaType: null, format: d.format, byteSize: null, modified: d.created_at.toISOString() };
    });
  return {
    id: r.id,
    kov: r.kov_code,
    auto: false,
    title: { et: m.title.et, en: m.title.en || m.title.et, ru: m.title.ru || m.title.et },
    description: { et: m.description.et, en: m.description.en || m.description.et, ru: m.description.ru || m.description.et },
    contact: { name: m.contactName, email: m.contactEmail },
    themes: m.themes,
    keywords: m.keywords,
    spatial: m.spatial || r.kov_code,
    temporal: m.temporalStart || m.temporalEnd ? { start: m.temporalStart, end: m.temporalEnd } : null,
    frequency: m.frequency,
    license: m.license,
    accessRights: m.accessRights,
    issued: iso(r.issued),
    modified: iso(r.updated_at),
    landingPage: datasetPath(r.id),
    distributions,
  };
}

function inKovOrAll<T>(db: Db, kov: string | null, fn: (t: Tx) => Promise<T>): Promise<T> {
  return kov === null ? db.system('opendata: the published datasets of every KOV (public data)', fn) : db.tx(fn, { kov });
}

/** The published registered datasets of a KOV (null: of every KOV), in the shared catalogue shape. */
export async function publishedDatasets(db: Db, kov: string | null): Promise<DcatDataset[]> {
  return inKovOrAll(db, kov, async (t) => {
    const rows = await repo.publishedDatasets(t, kov);
    const dists = await repo.distributionsOf(
      t,
      kov,
      rows.map((r) => r.id),
    );
    return rows.map((r) => dcatOf(r, dists));
  });
}

/** One published dataset by id (any KOV), or null. */
export async function publishedDataset(db: Db, id: string): Promise<DcatDataset | null> {
  if (!UUID_RE.test(id)) return null;
  return db.system('opendata: one published dataset (public data)', async (t) => {
    const r = await repo.publishedDatasetById(t, id);
    return r ? dcatOf(r, await repo.distributionsOf(t, r.kov_code, [r.id])) : null;
  });
}

/** A published file's bytes (public), or null. */
export async function publicFile(db: Db, distId: string) {
  if (!UUID_RE.test(distId)) return null;
  const f = await db.system('opendata: a published dataset’s file (public data)', (t) => repo.publishedFile(t, distId));
  return f ? { name: f.file_name ?? 'andmed', mediaType: f.media_type ?? 'application/octet-stream', sha256: f.sha256 ?? '', bytes: Buffer.from(f.data) } : null;
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Where more datasets come from (the platform's automatic ones: registered at start by the lead); `kov`: only that KOV's. */
export type DatasetProvider = (db: Db, kov: string | null) => Promise<DcatDataset[]>;
const providers: DatasetProvider[] = [];

export function registerDatasetProvider(p: DatasetProvider): void {
  if (!providers.includes(p)) providers.push(p);
}

/**
 * The whole catalogue: every KOV's published registered datasets, the registered providers' ones and
 * `extra`, ordered by KOV (platform-wide last) and id, so that the export is deterministic. With
 * `kov`: only that KOV's datasets (its page), read for that KOV alone.
 */
export async function catalogueDatasets(db: Db, extra: readonly DcatDataset[] = [], kov: string | null = null): Promise<DcatDataset[]> {
  const all = [...(await publishedDatasets(db, kov))];
  for (const p of providers) all.push(...(await p(db, kov)));
  all.push(...extra);
  const seen = new Set<string>();
  return all
    .filter((d) => kov === null || d.kov === kov) // (a provider may hand more than asked)
    .filter((d) => (seen.has(d.id) ? false : (seen.add(d.id), true)))
    .sort((a, b) => cmp(a.kov ?? '\uffff', b.kov ?? '\uffff') || cmp(a.id, b.id));
}

/** Names of KOVs and other EHAK areas (publishers, coverage): the KOV register, else the EHAK classifier. */
export async function areaNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const want = [...new Set(codes)].filter((c) => /^\d{4}$/.test(c));
  if (!want.length) return new Map();
  return db.system('opendata: the names of publishing KOVs and covered areas (public data)', async (t) => {
    const names = await tenantNames(t, want);
    const rest = want.filter((c) => !names.has(c));
    if (rest.length) for (const [c, n] of (await classifierNames(t, rest))?.names ?? []) names.set(c, n);
    return names;
  });
}
