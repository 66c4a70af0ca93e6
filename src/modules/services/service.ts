// The service catalogue's commands and reads. Each command opens its transaction (db.tx, bound to the
// KOV), locks the service row, applies the rules of model.ts and writes the audit entry beside the
// change. Versions: a never-published service has one draft edited in place; editing a published (or
// archived) service opens a new draft version, and publishing it makes it current; every version is
// kept. The slug, made once from the Estonian name, never changes.
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Actor } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, recordAudit } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import { tenantNames } from '../../kernel/tenants.js';
import type { CatalogueEntry, ServiceContent, ServiceStatus } from './model.js';
import { canDo, contentFrom, normalizeContent, searchTexts, slugify, statusAfter, validateContent, versionForEdit } from './model.js';
import * as repo from './repo.js';
import type { PublishedRow, ServiceListRow, ServiceRow, TemplateRow, VersionRow } from './repo.js';

export type { ServiceRow };

/** What other modules know of a service. */
export interface ServiceRef {
  id: string;
  kovCode: string;
  slug: string;
  name: { et: string; en: string; ru: string };
  status: ServiceStatus;
  ownerName: string | null;
  unit: string | null;
  templateId: string | null;
}

/** A service as its official sees it: the working version's content and the version state. */
export interface ServiceView {
  id: string;
  kovCode: string;
  slug: string;
  status: ServiceStatus;
  templateId: string | null;
  currentNo: number | null;
  draftNo: number | null;
  lastNo: number;
  /** The working version's number (the draft if one is open, else the current). */
  versionNo: number;
  content: ServiceContent;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionInfo {
  versionNo: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  publishedAt: Date | null;
  publishedBy: string | null;
  /** This version is the one the public sees. */
  current: boolean;
  /** This version is the open draft. */
  draft: boolean;
}

export interface ServiceListItem {
  id: string;
  slug: string;
  status: ServiceStatus;
  name: { et: string; en: string; ru: string };
  unit: string | null;
  ownerName: string | null;
  templateId: string | null;
  currentNo: number | null;
  draftNo: number | null;
  updatedAt: Date;
}

const nullIfEmpty = (s: string | null | undefined): string | null => (s ? s : null);

function refOf(r: ServiceRow, content: ServiceContent): ServiceRef {
  return {
    id: r.id,
    kovCode: r.kov_code,
    slug: r.slug,
    name: { et: content.name.et, en: content.name.en, ru: content.name.ru },
    status: r.status,
    ownerName: nullIfEmpty(content.ownerName),
    unit: nullIfEmpty(content.unit),
    templateId: r.template_id,
  };
}

function viewOf(r: repo.ServiceWithContentRow): ServiceView {
  return {
    id: r.id,
    kovCode: r.kov_code,
    slug: r.slug,
    status: r.status,
    templateId: r.template_id,
    currentNo: r.current_no,
    draftNo: r.draft_no,
    lastNo: r.last_no,
    versionNo: (r.draft_no ?? r.current_no)!,
    content: contentFrom(r.content),
    firstPublishedAt: r.first_published_at,
    publishedAt: r.published_at,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function entryOf(r: PublishedRow, kovName: string): CatalogueEntry {
  return {
    ...contentFrom(r.content),
    id: r.id,
    slug: r.slug,
    kovCode: r.kov_code,
    kovName,
    status: r.status,
    versionNo: r.current_no!,
    templateId: r.template_id,
    publishedAt: r.first_published_at ?? r.version_published_at,
    modifiedAt: r.version_published_at,
  };
}

async function entriesOf(t: Tx, rows: PublishedRow[]): Promise<CatalogueEntry[]> {
  const names = await tenantNames(t, [...new Set(rows.map((r) => r.kov_code))]);
  return rows.map((r) => entryOf(r, names.get(r.kov_code) ?? r.kov_code));
}

function keyOf(idOrSlug: string): { id?: string; slug?: string } {
  return UUID_RE.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
}

/** Validates and normalizes content; related services must be the KOV's own (and not the service itself). */
async function checkedContent(t: Tx, kov: string, content: ServiceContent, selfId: string | null): Promise<ServiceContent> {
  const c = normalizeContent(content);
  const errs: FieldError[] = validateContent(c);
  const related = c.relatedServices.filter((id) => id !== selfId);
  if (related.length !== c.relatedServices.length || related.some((id) => !UUID_RE.test(id))) {
    errs.push({ field: 'relatedServices', reason: 'services.error.related' });
  } else if (related.length) {
    const found = new Set(await repo.existingIds(t, kov, related));
    if (related.some((id) => !found.has(id))) errs.push({ field: 'relatedServices', reason: 'services.error.related' });
  }
  if (errs.length) throw badRequest(errs);
  return c;
}

async function lockService(t: Tx, kov: string, id: string): Promise<ServiceRow> {
  const s = UUID_RE.test(id) ? await repo.serviceForUpdate(t, kov, id) : undefined;
  if (!s) throw notFound('services.error.notFound');
  return s;
}

/** The short record of what changed (audit): names and the version, never the whole text. */
const auditShape = (c: ServiceContent, versionNo: number, status: ServiceStatus) => ({ name: c.name.et, unit: c.unit, owner: c.ownerName, versionNo, status });

// ---------------------------------------------------------------- commands

/** Inserts the service (slug from the Estonian name, made unique in the KOV) and its first draft. */
async function insertNew(t: Tx, kov: string, content: ServiceContent, templateId: string | null, actor: Actor): Promise<{ id: string; slug: string }> {
  const id = uuidv7();
  const base = slugify(content.name.et);
  let slug = base;
  for (let n = 2; !(await repo.insertService(t, { id, kov_code: kov, slug, template_id: templateId })); n++) slug = `${base}-${n}`;
  await repo.insertVersion(t, { kov_code: kov, service_id: id, version_no: 1, content, by: actor.name });
  await recordAudit(t, { kov, actor, action: 'services.service.create', targetType: 'service', targetId: id, before: null, after: { ...auditShape(content, 1, 'draft'), slug, templateId } });
  return { id, slug };
}

/** A new service: a draft (version 1). */
export async function createService(db: Db, kov: string, content: ServiceContent, actor: Actor): Promise<{ id: string; slug: string }> {
  return db.tx(async (t) => insertNew(t, kov, await checkedContent(t, kov, content, null), null, actor), { kov });
}

/**
 * Edits a service: the open draft in place, or (none open: the service is published or archived) a
 * new draft version. The published version stays what the public sees until the draft is published.
 * `ifUnchangedSince`: the service's updatedAt when the editor read it; changed since → 409.
 */
export async function updateService(
  db: Db,
  kov: string,
  id: string,
  content: ServiceContent,
  actor: Actor,
  opts: { ifUnchangedSince?: Date } = {},
): Promise<{ versionNo: number; created: boolean }> {
  return db.tx(
    async (t) => {
      const s = await lockService(t, kov, id);
      // an edit made on what someone else has changed since it was read is refused (no lost update)
      if (opts.ifUnchangedSince && s.updated_at.getTime() !== opts.ifUnchangedSince.getTime()) throw conflict('services.error.stale');
      const c = await checkedContent(t, kov, content, s.id);
      const v = versionForEdit(s.draft_no, s.last_no);
      const beforeRow = await repo.versionContent(t, kov, s.id, s.draft_no ?? s.current_no!);
      if (v.created) {
        await repo.insertVersion(t, { kov_code: kov, service_id: s.id, version_no: v.no, content: c, by: actor.name });
        await repo.setServiceState(t, kov, s.id, { ...s, draft_no: v.no, last_no: v.no });
      } else {
        await repo.updateVersionContent(t, kov, s.id, v.no, c, actor.name);
        await repo.setServiceState(t, kov, s.id, s);
      }
      const entry = {
        kov,
        actor,
        targetType: 'service',
        targetId: s.id,
        before: beforeRow ? auditShape(contentFrom(beforeRow.content), beforeRow.version_no, s.status) : null,
        after: auditShape(c, v.no, s.status),
      };
      if (v.created) await recordAudit(t, { ...entry, action: 'services.version.create' });
      else await recordAudit(t, { ...entry, action: 'services.service.update' });
      return { versionNo: v.no, created: v.created };
    },
    { kov },
  );
}

/** Publishes the open draft: it becomes the current version (the previous one stays in the history). */
export async function publishService(db: Db, kov: string, id: string, actor: Actor): Promise<{ versionNo: number }> {
  return db.tx(
    async (t) => {
      const s = await lockService(t, kov, id);
      if (!canDo('publish', { status: s.status, draftNo: s.draft_no })) throw conflict('services.error.nothingToPublish');
      const no = s.draft_no!;
      const v = (await repo.versionContent(t, kov, s.id, no))!;
      // the draft was validated when saved; the rules may have grown since: check again
      const c = await checkedContent(t, kov, contentFrom(v.content), s.id);
      const at = await repo.markVersionPublished(t, kov, s.id, no, actor.name);
      await repo.setServiceState(t, kov, s.id, {
        status: statusAfter('publish', { status: s.status, draftNo: s.draft_no }),
        current_no: no,
        draft_no: null,
        last_no: s.last_no,
        first_published_at: s.first_published_at ?? at,
        published_at: at,
        archived_at: null,
      });
      await repo.setSearch(t, kov, s.id, searchTexts(c));
      await repo.insertChange(t, { id: uuidv7(), kov_code: kov, service_id: s.id, kind: 'published', version_no: no });
      await recordAudit(t, {
        kov,
        actor,
        action: 'services.service.publish',
        targetType: 'service',
        targetId: s.id,
        before: { status: s.status, currentNo: s.current_no },
        after: { ...auditShape(c, no, 'published'), currentNo: no },
      });
      return { versionNo: no };
    },
    { kov },
  );
}

/** Archives a published service: it leaves the public catalogue (its versions stay). */
export async function archiveService(db: Db, kov: string, id: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = await lockService(t, kov, id);
      if (!canDo('archive', { status: s.status, draftNo: s.draft_no })) throw conflict('services.error.notPublished');
      const at = now();
      await repo.setServiceState(t, kov, s.id, { ...s, status: 'archived', archived_at: at });
      await repo.setSearch(t, kov, s.id, null);
      await repo.insertChange(t, { id: uuidv7(), kov_code: kov, service_id: s.id, kind: 'archived', version_no: s.current_no! });
      await recordAudit(t, {
        kov,
        actor,
        action: 'services.service.archive',
        targetType: 'service',
        targetId: s.id,
        before: { status: s.status, currentNo: s.current_no },
        after: { status: 'archived', currentNo: s.current_no },
      });
    },
    { kov },
  );
}

// ---------------------------------------------------------------- reads (official)

export async function getService(db: Db, kov: string, idOrSlug: string): Promise<ServiceView | null> {
  const r = await db.tx((t) => repo.serviceByKey(t, kov, keyOf(idOrSlug)), { kov });
  return r ? viewOf(r) : null;
}

export async function listServices(db: Db, kov: string, status: ServiceStatus | null = null): Promise<ServiceListItem[]> {
  const rows = await db.tx((t) => repo.listServices(t, kov, status), { kov });
  return rows.map((r: ServiceListRow) => ({
    id: r.id,
    slug: r.slug,
    status: r.status,
    name: r.name ?? { et: '', en: '', ru: '' },
    unit: nullIfEmpty(r.unit),
    ownerName: nullIfEmpty(r.owner_name),
    templateId: r.template_id,
    currentNo: r.current_no,
    draftNo: r.draft_no,
    updatedAt: r.updated_at,
  }));
}

/** A version's dates and authors, and whether it is the service's current version or its draft. */
function versionInfo(s: ServiceRow, v: Omit<VersionRow, 'content'>): VersionInfo {
  return {
    versionNo: v.version_no,
    createdAt: v.created_at,
    createdBy: v.created_by,
    updatedAt: v.updated_at,
    updatedBy: v.updated_by,
    publishedAt: v.published_at,
    publishedBy: v.published_by,
    current: v.version_no === s.current_no,
    draft: v.version_no === s.draft_no,
  };
}

export async function listVersions(db: Db, kov: string, id: string): Promise<VersionInfo[] | null> {
  return db.tx(
    async (t) => {
      const s = await repo.serviceByKey(t, kov, keyOf(id));
      if (!s) return null;
      const rows = await repo.listVersions(t, kov, s.id);
      return rows.map((v) => versionInfo(s, v));
    },
    { kov },
  );
}

export async function getVersion(db: Db, kov: string, id: string, no: number): Promise<(VersionInfo & { content: ServiceContent }) | null> {
  return db.tx(
    async (t) => {
      const s = await repo.serviceByKey(t, kov, keyOf(id));
      if (!s || !Number.isInteger(no) || no < 1 || no > 1_000_000) return null;
      const v: VersionRow | undefined = await repo.versionContent(t, kov, s.id, no);
      if (!v) return null;
      return { ...versionInfo(s, v), content: contentFrom(v.content) };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- reads for other modules (index.ts)

/** A service of the KOV by id or slug (any status), or null. */
export async function serviceRef(db: Db, kov: string, id: string): Promise<ServiceRef | null> {
  const r = await db.tx((t) => repo.serviceByKey(t, kov, keyOf(id)), { kov });
  return r ? refOf(r, contentFrom(r.content)) : null;
}

function inKovOrAll<T>(db: Db, kov: string | null, fn: (t: Tx) => Promise<T>): Promise<T> {
  return kov === null ? db.system('services: the published catalogue of every KOV (public data)', fn) : db.tx(fn, { kov });
}

/** Published services of a KOV (null: of every KOV). */
export async function serviceRefs(db: Db, kov: string | null): Promise<ServiceRef[]> {
  const rows = await inKovOrAll(db, kov, (t) => repo.publishedRows(t, kov));
  return rows.map((r) => refOf(r, contentFrom(r.content)));
}

/** The current published versions in full (public pages, CPSV-AP, the portal feed). */
export async function publishedCatalogue(db: Db, kov: string | null): Promise<CatalogueEntry[]> {
  return inKovOrAll(db, kov, async (t) => entriesOf(t, await repo.publishedRows(t, kov)));
}

/** Full-text search of the published catalogue (websearch syntax: words, "phrases", -not), best first. */
export async function searchCatalogue(db: Db, kov: string | null, query: string, limit: number): Promise<(CatalogueEntry & { rank: number })[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const n = Math.max(1, Math.min(100, Math.floor(limit)));
  return inKovOrAll(db, kov, async (t) => {
    const rows = await repo.searchRows(t, kov, q, n);
    const entries = await entriesOf(t, rows);
    return entries.map((e, i) => ({ ...e, rank: rows[i]!.rank }));
  });
}

/** One change of the published catalogue: a version published, or a service archived. */
export interface CatalogueChange {
  /** The change's id (also the cursor position). */
  id: string;
  kind: 'published' | 'archived';
  at: Date;
  kovCode: string;
  kovName: string;
  serviceId: string;
  slug: string;
  versionNo: number;
  /** The entry as that version published it (for 'archived': the last published version, status archived). */
  entry: CatalogueEntry;
}

export interface CatalogueChanges {
  changes: CatalogueChange[];
  /** Pass as `after` for the next page; null when this page was the last. */
  next: string | null;
}

/** The cursor of a change: its time and id (opaque to callers). */
const cursorOf = (c: { at: Date; id: string }) => Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');

function parseCursor(s: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
  const d = at ? new Date(at) : null;
  return d && !Number.isNaN(d.getTime()) && id && UUID_RE.test(id) ? { at: d, id } : null;
}

/**
 * Publish and archive changes across all KOVs since a time, oldest first, `limit` a page (1–1000);
 * `after` is the `next` of the previous page. A bad cursor is a 400.
 */
export async function catalogueChanges(db: Db, since: Date, limit: number, after?: string): Promise<CatalogueChanges> {
  const cur = after ? parseCursor(after) : null;
  if (after && !cur) throw badRequest([{ field: 'after', reason: 'services.error.cursor' }]);
  const n = Math.max(1, Math.min(1000, Math.floor(limit)));
  return db.system('services: the catalogue changes of every KOV (public data, the national portal feed)', async (t) => {
    const rows = await repo.changeRows(t, since, cur, n + 1);
    const page = rows.slice(0, n);
    const names = await tenantNames(t, [...new Set(page.map((r) => r.kov_code))]);
    const changes = page.map((r): CatalogueChange => {
      const kovName = names.get(r.kov_code) ?? r.kov_code;
      return {
        id: r.id,
        kind: r.kind,
        at: r.at,
        kovCode: r.kov_code,
        kovName,
        serviceId: r.service_id,
        slug: r.slug,
        versionNo: r.version_no,
        entry: {
          ...contentFrom(r.content),
          id: r.service_id,
          slug: r.slug,
          kovCode: r.kov_code,
          kovName,
          status: r.kind === 'archived' ? 'archived' : 'published',
          versionNo: r.version_no,
          templateId: r.template_id,
          publishedAt: r.first_published_at ?? r.at,
          modifiedAt: r.at,
        },
      };
    });
    const last = page[page.length - 1];
    return { changes, next: rows.length > n && last ? cursorOf(last) : null };
  });
}

// ---------------------------------------------------------------- templates (platform: services-elvl)

export interface TemplateView {
  id: string;
  code: string;
  content: ServiceContent;
  stateOverlap: boolean;
  active: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

const templateOf = (r: TemplateRow): TemplateView => ({
  id: r.id,
  code: r.code,
  content: contentFrom(r.content),
  stateOverlap: r.state_overlap,
  active: r.active,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** Templates are platform data: read in any transaction, written in the platform's audit chain. */
function platformTx<T>(db: Db, fn: (t: Tx) => Promise<T>): Promise<T> {
  return db.tx(fn, { kov: PLATFORM_CHAIN });
}

export async function listTemplates(db: Db, activeOnly = true): Promise<TemplateView[]> {
  return (await platformTx(db, (t) => repo.listTemplates(t, activeOnly))).map(templateOf);
}

export async function getTemplate(db: Db, id: string): Promise<TemplateView | null> {
  if (!UUID_RE.test(id)) return null;
  const r = await platformTx(db, (t) => repo.templateById(t, id));
  return r ? templateOf(r) : null;
}

function checkTemplateContent(content: ServiceContent): ServiceContent {
  const c = normalizeContent(content);
  const errs = validateContent(c);
  if (c.relatedServices.length) errs.push({ field: 'relatedServices', reason: 'services.error.related' });
  if (errs.length) throw badRequest(errs);
  return c;
}

export async function createTemplate(db: Db, input: { code: string; content: ServiceContent; stateOverlap: boolean }, actor: Actor): Promise<{ id: string }> {
  const code = input.code.trim();
  const errs: FieldError[] = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(code) && code.length <= 60 ? [] : [{ field: 'code', reason: 'services.error.code' }];
  if (errs.length) throw badRequest(errs);
  const c = checkTemplateContent(input.content);
  return platformTx(db, async (t) => {
    const id = uuidv7();
    if (!(await repo.insertTemplate(t, { id, code, content: c, state_overlap: input.stateOverlap, by: actor.name }))) {
      throw conflict('services.error.codeTaken', [{ field: 'code', reason: 'services.error.codeTaken' }]);
    }
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'services.template.create', targetType: 'service_template', targetId: id, before: null, after: { code, name: c.name.et, stateOverlap: input.stateOverlap } });
    return { id };
  });
}

export async function updateTemplate(db: Db, id: string, input: { content: ServiceContent; stateOverlap: boolean; active: boolean }, actor: Actor): Promise<void> {
  const c = checkTemplateContent(input.content);
  await platformTx(db, async (t) => {
    const before = UUID_RE.test(id) ? await repo.templateById(t, id) : undefined;
    if (!before) throw notFound('services.error.templateNotFound');
    await repo.updateTemplate(t, id, { content: c, state_overlap: input.stateOverlap, active: input.active, by: actor.name });
    await recordAudit(t, {
      kov: PLATFORM_CHAIN,
      actor,
      action: 'services.template.update',
      targetType: 'service_template',
      targetId: id,
      before: { code: before.code, name: contentFrom(before.content).name.et, stateOverlap: before.state_overlap, active: before.active },
      after: { code: before.code, name: c.name.et, stateOverlap: input.stateOverlap, active: input.active },
    });
  });
}

/**
 * A KOV adopts a template: a new draft prefilled from the template's texts, linked to it
 * (template_id). The KOV then adapts it (unit, owner, channels, costs) and publishes.
 */
export async function adoptTemplate(db: Db, kov: string, templateId: string, actor: Actor, overrides: Partial<ServiceContent> = {}): Promise<{ id: string; slug: string }> {
  const tpl = await getTemplate(db, templateId);
  if (!tpl || !tpl.active) throw notFound('services.error.templateNotFound');
  return db.tx(
    async (t) => {
      const c = await checkedContent(t, kov, { ...tpl.content, ...overrides }, null);
      return insertNew(t, kov, c, tpl.id, actor);
    },
    { kov },
  );
}

/** The cross-KOV view: which KOV offers (has published) which template service, and the overlap with state services. */
export interface CrossKovView {
  templates: { id: string; code: string; name: { et: string; en: string; ru: string }; stateOverlap: boolean }[];
  kovs: { code: string; name: string }[];
  /** kov code → template id → the KOV's service (id, slug). */
  offers: Record<string, Record<string, { id: string; slug: string }>>;
  /** Published KOV services that overlap state services: related state services named, or adopted from a state-overlapping template. */
  stateOverlaps: { kovCode: string; kovName: string; id: string; slug: string; name: { et: string; en: string; ru: string }; stateServices: { name: string; url: string }[]; byTemplate: boolean }[];
}

export async function crossKovView(db: Db): Promise<CrossKovView> {
  return db.system('services: the cross-KOV view of published services (public data, for officials)', async (t) => {
    const tpls = await repo.listTemplates(t, false);
    const adoption = await repo.adoptionRows(t);
    const published = await repo.publishedRows(t, null);
    const codes = [...new Set(published.map((r) => r.kov_code))].sort();
    const names = await tenantNames(t, codes);
    const offers: CrossKovView['offers'] = {};
    for (const a of adoption) (offers[a.kov_code] ??= {})[a.template_id] = { id: a.id, slug: a.slug };
    const overlapping = new Set(tpls.filter((x) => x.state_overlap).map((x) => x.id));
    const stateOverlaps: CrossKovView['stateOverlaps'] = [];
    for (const r of published) {
      const c = contentFrom(r.content);
      const byTemplate = r.template_id !== null && overlapping.has(r.template_id);
      if (c.relatedState.length || byTemplate) {
        stateOverlaps.push({ kovCode: r.kov_code, kovName: names.get(r.kov_code) ?? r.kov_code, id: r.id, slug: r.slug, name: c.name, stateServices: c.relatedState, byTemplate });
      }
    }
    return {
      templates: tpls.map((x) => ({ id: x.id, code: x.code, name: contentFrom(x.content).name, stateOverlap: x.state_overlap })),
      kovs: codes.map((code) => ({ code, name: names.get(code) ?? code })),
      offers,
      stateOverlaps,
    };
  });
}

// ---------------------------------------------------------------- process diagrams (BPMN 2.0, draw.io)

/** A diagram file may be up to 2 MB. */
export const MAX_DIAGRAM_BYTES = 2 * 1024 * 1024;
const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** The activities a BPMN process lists (in the order the flow reaches them). */
const BPMN_TASKS = new Set(['task', 'userTask', 'serviceTask', 'manualTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask', 'subProcess', 'callActivity']);

export interface BpmnTask {
  name: string;
  /** The BPMN element, e.g. userTask. */
  kind: string;
  /** The lane (who) the task sits in, if the process has lanes. */
  lane: string | null;
}

type XNode = Record<string, unknown>;
const asArray = (v: unknown): XNode[] => (v === undefined || v === null ? [] : Array.isArray(v) ? (v as XNode[]) : [v as XNode]);
const attr = (n: XNode, a: string): string => {
  const v = n[`@_${a}`];
  return typeof v === 'string' ? v : '';
};

function parseXml(bytes: Buffer): XNode | null {
  const text = bytes.toString('utf8');
  // no document types, so no entities but XML's five and character references (no billion laughs, no external entities)
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: false, processEntities: true, htmlEntities: false, parseTagValue: false });
  return parser.parse(text) as XNode;
}

/** The element name without its prefix, and the namespace its prefix (or the default) maps to. */
function rootOf(doc: XNode): { local: string; ns: string; node: XNode } | null {
  const key = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!key) return null;
  const node = doc[key];
  if (!node || typeof node !== 'object') return null;
  const [prefix, local] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['', key];
  const ns = attr(node as XNode, prefix ? `xmlns:${prefix}` : 'xmlns');
  return { local, ns, node: node as XNode };
}

/**
 * What a diagram file is, by its content (never the name alone): a BPMN 2.0 document (root
 * definitions in the BPMN 2.0 model namespace) or a draw.io file (root mxfile or mxGraphModel).
 * Anything else, a document type declaration, or XML that does not parse: null.
 */
export function sniffDiagram(bytes: Buffer): 'bpmn' | 'drawio' | null {
  if (!bytes.length || bytes.length > MAX_DIAGRAM_BYTES) return null;
  let doc: XNode | null;
  try {
    doc = parseXml(bytes);
  } catch {
    return null;
  }
  const root = doc && rootOf(doc);
  if (!root) return null;
  if (root.local === 'definitions' && root.ns === BPMN_NS) return 'bpmn';
  if (root.local === 'mxfile' || root.local === 'mxGraphModel') return 'drawio';
  return null;
}

/**
 * A BPMN document's tasks as an ordered list: each process's activities in the order the sequence
 * flows reach them from its start events (breadth first), then any not reached, in document order.
 * Names are text (the page escapes them); nothing of the XML reaches the page as markup.
 */
export function bpmnTasks(bytes: Buffer): BpmnTask[] {
  const doc = parseXml(bytes);
  const root = doc && rootOf(doc);
  if (!root || root.local !== 'definitions' || root.ns !== BPMN_NS) return [];
  const prefix = Object.keys(doc!).find((k) => k.endsWith(':definitions'))?.split(':')[0];
  const local = (k: string) => (prefix && k.startsWith(`${prefix}:`) ? k.slice(prefix.length + 1) : k);
  const out: BpmnTask[] = [];
  for (const proc of Object.entries(root.node).filter(([k]) => local(k) === 'process').flatMap(([, v]) => asArray(v))) {
    const nodes = new Map<string, { kind: string; name: string }>();
    const order: string[] = [];
    const starts: string[] = [];
    const next = new Map<string, string[]>();
    const laneOf = new Map<string, string>();
    for (const [k, v] of Object.entries(proc)) {
      const kind = local(k);
      for (const n of asArray(v)) {
        if (typeof n !== 'object') continue;
        const id = attr(n, 'id');
        if (kind === 'sequenceFlow') {
          const from = attr(n, 'sourceRef');
          (next.get(from) ?? next.set(from, []).get(from)!).push(attr(n, 'targetRef'));
        } else if (kind === 'laneSet') {
          for (const [lk, lv] of Object.entries(n)) {
            if (local(lk) !== 'lane') continue;
            for (const lane of asArray(lv)) {
              const refs = Object.entries(lane).filter(([rk]) => local(rk) === 'flowNodeRef').flatMap(([, rv]) => (Array.isArray(rv) ? rv : [rv]));
              for (const ref of refs) if (typeof ref === 'string') laneOf.set(ref.trim(), attr(lane, 'name'));
            }
          }
        } else if (id) {
          nodes.set(id, { kind, name: attr(n, 'name') });
          order.push(id);
          if (kind === 'startEvent') starts.push(id);
        }
      }
    }
    const seen = new Set<string>();
    const queue = [...starts];
    const reached: string[] = [];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      reached.push(id);
      for (const to of next.get(id) ?? []) queue.push(to);
    }
    for (const id of [...reached, ...order.filter((x) => !seen.has(x))]) {
      const n = nodes.get(id);
      if (n && BPMN_TASKS.has(n.kind)) out.push({ name: n.name.trim() || id, kind: n.kind, lane: laneOf.get(id) || null });
    }
  }
  return out.slice(0, 500);
}

export interface DiagramView {
  id: string;
  name: string;
  kind: 'bpmn' | 'drawio';
  bytes: number;
  sha256: string;
  createdAt: Date;
  createdBy: string;
  /** For BPMN: the tasks as an ordered list. */
  tasks: BpmnTask[];
}

/** A safe file name: the given one's base name, control characters out, up to 200 characters. */
function diagramName(name: string, kind: 'bpmn' | 'drawio'): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim().slice(0, 200);
  return base || (kind === 'bpmn' ? 'protsess.bpmn' : 'protsess.drawio');
}

/** Adds a process diagram to a service; refused unless its content is BPMN 2.0 or draw.io, within size. */
export async function addDiagram(db: Db, kov: string, serviceId: string, file: { name: string; bytes: Buffer }, actor: Actor): Promise<{ id: string }> {
  if (file.bytes.length > MAX_DIAGRAM_BYTES) throw badRequest([{ field: 'file', reason: 'services.error.fileSize', vars: { mb: MAX_DIAGRAM_BYTES / 1024 / 1024 } }]);
  if (!/\.(bpmn|drawio|xml)$/i.test(file.name)) throw badRequest([{ field: 'file', reason: 'services.error.fileType' }]);
  const kind = sniffDiagram(file.bytes);
  if (!kind) throw badRequest([{ field: 'file', reason: 'services.error.fileType' }]);
  return db.tx(
    async (t) => {
      const s = await lockService(t, kov, serviceId);
      const id = uuidv7();
      const name = diagramName(file.name, kind);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      await repo.insertDiagram(t, kov, { id, service_id: s.id, name, kind, bytes: file.bytes.length, sha256, data: file.bytes, created_by: actor.name });
      await recordAudit(t, { kov, actor, action: 'services.diagram.add', targetType: 'service', targetId: s.id, before: null, after: { diagram: id, name, kind, bytes: file.bytes.length, sha256 } });
      return { id };
    },
    { kov },
  );
}

export async function removeDiagram(db: Db, kov: string, serviceId: string, diagramId: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = await lockService(t, kov, serviceId);
      const d = UUID_RE.test(diagramId) ? await repo.diagramById(t, kov, s.id, diagramId) : undefined;
      if (!d || !(await repo.deleteDiagram(t, kov, s.id, d.id))) throw notFound('services.error.diagramNotFound');
      await recordAudit(t, { kov, actor, action: 'services.diagram.remove', targetType: 'service', targetId: s.id, before: { diagram: d.id, name: d.name, sha256: d.sha256 }, after: null });
    },
    { kov },
  );
}

/** A service's diagrams, BPMN ones with their tasks listed. */
export async function listDiagrams(db: Db, kov: string, serviceId: string): Promise<DiagramView[]> {
  if (!UUID_RE.test(serviceId)) return [];
  return db.tx(
    async (t) => {
      const rows = await repo.listDiagrams(t, kov, serviceId);
      const out: DiagramView[] = [];
      for (const r of rows) {
        const tasks = r.kind === 'bpmn' ? bpmnTasks(Buffer.from((await repo.diagramById(t, kov, serviceId, r.id))!.data)) : [];
        out.push({ id: r.id, name: r.name, kind: r.kind, bytes: r.bytes, sha256: r.sha256, createdAt: r.created_at, createdBy: r.created_by, tasks });
      }
      return out;
    },
    { kov },
  );
}

/** A diagram's file (for download). */
export async function getDiagram(db: Db, kov: string, serviceId: string, diagramId: string): Promise<{ name: string; kind: 'bpmn' | 'drawio'; sha256: string; bytes: Buffer } | null> {
  if (!UUID_RE.test(serviceId) || !UUID_RE.test(diagramId)) return null;
  const d = await db.tx((t) => repo.diagramById(t, kov, serviceId, diagramId), { kov });
  return d ? { name: d.name, kind: d.kind, sha256: d.sha256, bytes: Buffer.from(d.data) } : null;
}
