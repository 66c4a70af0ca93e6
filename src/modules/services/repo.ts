// Every SQL statement of the services module, on its own tables only (services_*). Each function
// takes a Tx: a tenant transaction (row-level security on kov_code) or, for the cross-KOV reads, the
// owner's (db.system, in service.ts with its reason). Every query also filters by kov_code itself.
import type { Tx } from '../../kernel/db.js';
import type { ServiceStatus } from './model.js';

/** The text search configuration: 'estonian' where the server has it (PostgreSQL 16+, PGlite), 'simple' otherwise. */
const FTS_CONFIG = `(SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = 'estonian') THEN 'estonian' ELSE 'simple' END)::regconfig`;

export interface ServiceRow {
  id: string;
  kov_code: string;
  slug: string;
  template_id: string | null;
  status: ServiceStatus;
  current_no: number | null;
  draft_no: number | null;
  last_no: number;
  first_published_at: Date | null;
  published_at: Date | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SERVICE_COLS = 's.id, s.kov_code, s.slug, s.template_id, s.status, s.current_no, s.draft_no, s.last_no, s.first_published_at, s.published_at, s.archived_at, s.created_at, s.updated_at';

/** A service with the content of its working version (the draft if one is open, else the current one). */
export interface ServiceWithContentRow extends ServiceRow {
  content: unknown;
}

export interface VersionRow {
  version_no: number;
  content: unknown;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  published_at: Date | null;
  published_by: string | null;
}

/** A published entry: the service and its current version's content. */
export interface PublishedRow extends ServiceRow {
  content: unknown;
  version_published_at: Date;
}

// ---------------------------------------------------------------- services

/** Inserts a service unless its slug is taken in the KOV; true when inserted. */
export async function insertService(t: Tx, r: { id: string; kov_code: string; slug: string; template_id: string | null }): Promise<boolean> {
  const rows = await t.query(
    `INSERT INTO services_service (id, kov_code, slug, template_id, status, draft_no, last_no)
     VALUES ($1, $2, $3, $4, 'draft', 1, 1) ON CONFLICT (kov_code, slug) DO NOTHING RETURNING id`,
    [r.id, r.kov_code, r.slug, r.template_id],
  );
  return rows.length === 1;
}

export async function serviceForUpdate(t: Tx, kov: string, id: string): Promise<ServiceRow | undefined> {
  return t.one<ServiceRow>(`SELECT ${SERVICE_COLS} FROM services_service s WHERE s.kov_code = $1 AND s.id = $2 FOR UPDATE`, [kov, id]);
}

/** A service by id (a uuid) or slug, with the content of its working version. */
export async function serviceByKey(t: Tx, kov: string, key: { id?: string; slug?: string }): Promise<ServiceWithContentRow | undefined> {
  return t.one<ServiceWithContentRow>(
    `SELECT ${SERVICE_COLS}, v.content
       FROM services_service s
       JOIN services_version v ON v.kov_code = s.kov_code AND v.service_id = s.id AND v.version_no = COALESCE(s.draft_no, s.current_no)
      WHERE s.kov_code = $1 AND (s.id = $2::uuid OR s.slug = $3)`,
    [kov, key.id ?? null, key.slug ?? null],
  );
}

export async function setServiceState(
  t: Tx,
  kov: string,
  id: string,
  s: { status: ServiceStatus; current_no: number | null; draft_no: number | null; last_no: number; first_published_at: Date | null; published_at: Date | null; archived_at: Date | null },
): Promise<void> {
  await t.query(
    `UPDATE services_service SET status = $3, current_no = $4, draft_no = $5, last_no = $6, first_published_at = $7, published_at = $8,
            archived_at = $9, updated_at = core_now()
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, s.status, s.current_no, s.draft_no, s.last_no, s.first_published_at, s.published_at, s.archived_at],
  );
}

/** Sets the search vector of the current published version (weights A, B, C), or clears it (null). */
export async function setSearch(t: Tx, kov: string, id: string, texts: { a: string; b: string; c: string } | null): Promise<void> {
  if (!texts) {
    await t.query('UPDATE services_service SET search = NULL WHERE kov_code = $1 AND id = $2', [kov, id]);
    return;
  }
  await t.query(
    `WITH cfg AS (SELECT ${FTS_CONFIG} AS c)
     UPDATE services_service SET search = setweight(to_tsvector(cfg.c, $3), 'A') || setweight(to_tsvector(cfg.c, $4), 'B') || setweight(to_tsvector(cfg.c, $5), 'C')
       FROM cfg WHERE kov_code = $1 AND id = $2`,
    [kov, id, texts.a, texts.b, texts.c],
  );
}

export interface ServiceListRow extends ServiceRow {
  name: { et: string; en: string; ru: string } | null;
  unit: string | null;
  owner_name: string | null;
}

/** The KOV's services for the official list (name from the working version), optionally by status. */
export async function listServices(t: Tx, kov: string, status: ServiceStatus | null): Promise<ServiceListRow[]> {
  return t.query<ServiceListRow>(
    `SELECT ${SERVICE_COLS}, v.content->'name' AS name, v.content->>'unit' AS unit, v.content->>'ownerName' AS owner_name
       FROM services_service s
       JOIN services_version v ON v.kov_code = s.kov_code AND v.service_id = s.id AND v.version_no = COALESCE(s.draft_no, s.current_no)
      WHERE s.kov_code = $1 AND ($2::text IS NULL OR s.status = $2)
      ORDER BY v.content->'name'->>'et', s.id`,
    [kov, status],
  );
}

/** Which of the given ids are services of the KOV. */
export async function existingIds(t: Tx, kov: string, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await t.query<{ id: string }>('SELECT id FROM services_service WHERE kov_code = $1 AND id = ANY($2::uuid[])', [kov, [...ids]]);
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- versions

export async function insertVersion(t: Tx, r: { kov_code: string; service_id: string; version_no: number; content: unknown; by: string }): Promise<void> {
  await t.query(
    `INSERT INTO services_version (kov_code, service_id, version_no, content, created_by, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $5)`,
    [r.kov_code, r.service_id, r.version_no, JSON.stringify(r.content), r.by],
  );
}

export async function updateVersionContent(t: Tx, kov: string, serviceId: string, no: number, content: unknown, by: string): Promise<void> {
  await t.query(
    `UPDATE services_version SET content = $4::jsonb, updated_at = core_now(), updated_by = $5
      WHERE kov_code = $1 AND service_id = $2 AND version_no = $3 AND published_at IS NULL`,
    [kov, serviceId, no, JSON.stringify(content), by],
  );
}

export async function markVersionPublished(t: Tx, kov: string, serviceId: string, no: number, by: string): Promise<Date> {
  const r = await t.one<{ published_at: Date }>(
    `UPDATE services_version SET published_at = core_now(), published_by = $4
      WHERE kov_code = $1 AND service_id = $2 AND version_no = $3 RETURNING published_at`,
    [kov, serviceId, no, by],
  );
  return r!.published_at;
}

export async function versionContent(t: Tx, kov: string, serviceId: string, no: number): Promise<VersionRow | undefined> {
  return t.one<VersionRow>(
    `SELECT version_no, content, created_at, created_by, updated_at, updated_by, published_at, published_by
       FROM services_version WHERE kov_code = $1 AND service_id = $2 AND version_no = $3`,
    [kov, serviceId, no],
  );
}

/** Every version of a service, newest first (without content). */
export async function listVersions(t: Tx, kov: string, serviceId: string): Promise<Omit<VersionRow, 'content'>[]> {
  return t.query(
    `SELECT version_no, created_at, created_by, updated_at, updated_by, published_at, published_by
       FROM services_version WHERE kov_code = $1 AND service_id = $2 ORDER BY version_no DESC`,
    [kov, serviceId],
  );
}

// ---------------------------------------------------------------- the published catalogue

const PUBLISHED_FROM = `
       FROM services_service s
       JOIN services_version v ON v.kov_code = s.kov_code AND v.service_id = s.id AND v.version_no = s.current_no`;

/** Current published versions of a KOV's services (kov null: every KOV's; an owner transaction). */
export async function publishedRows(t: Tx, kov: string | null, ids?: readonly string[]): Promise<PublishedRow[]> {
  return t.query<PublishedRow>(
    `SELECT ${SERVICE_COLS}, v.content, v.published_at AS version_published_at ${PUBLISHED_FROM}
      WHERE s.status = 'published' AND ($1::text IS NULL OR s.kov_code = $1) AND ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[]))
      ORDER BY s.kov_code, v.content->'name'->>'et', s.id`,
    [kov, ids ? [...ids] : null],
  );
}

/** Full-text search over current published versions (websearch syntax), best first. */
export async function searchRows(t: Tx, kov: string | null, q: string, limit: number): Promise<(PublishedRow & { rank: number })[]> {
  return t.query(
    `WITH cfg AS (SELECT ${FTS_CONFIG} AS c), query AS (SELECT websearch_to_tsquery(cfg.c, $2) AS q FROM cfg)
     SELECT ${SERVICE_COLS}, v.content, v.published_at AS version_published_at, ts_rank(s.search, query.q)::float8 AS rank
       ${PUBLISHED_FROM}, query
      WHERE s.status = 'published' AND ($1::text IS NULL OR s.kov_code = $1) AND s.search @@ query.q
      ORDER BY rank DESC, s.id LIMIT $3`,
    [kov, q, limit],
  );
}

// ---------------------------------------------------------------- changes (the portal feed)

export async function insertChange(t: Tx, r: { id: string; kov_code: string; service_id: string; kind: 'published' | 'archived'; version_no: number }): Promise<void> {
  await t.query(`INSERT INTO services_change (id, kov_code, service_id, kind, version_no) VALUES ($1, $2, $3, $4, $5)`, [
    r.id,
    r.kov_code,
    r.service_id,
    r.kind,
    r.version_no,
  ]);
}

export interface ChangeRow {
  id: string;
  kov_code: string;
  service_id: string;
  slug: string;
  kind: 'published' | 'archived';
  version_no: number;
  at: Date;
  content: unknown;
  template_id: string | null;
  first_published_at: Date | null;
}

/** Changes at or after `since`, after the cursor (at, id), oldest first (owner transaction: every KOV). */
export async function changeRows(t: Tx, since: Date, after: { at: Date; id: string } | null, limit: number): Promise<ChangeRow[]> {
  return t.query<ChangeRow>(
    `SELECT c.id, c.kov_code, c.service_id, s.slug, c.kind, c.version_no, c.at, v.content, s.template_id, s.first_published_at
       FROM services_change c
       JOIN services_service s ON s.kov_code = c.kov_code AND s.id = c.service_id
       JOIN services_version v ON v.kov_code = c.kov_code AND v.service_id = c.service_id AND v.version_no = c.version_no
      WHERE c.at >= $1 AND ($2::timestamptz IS NULL OR (c.at, c.id) > ($2::timestamptz, $3::uuid))
      ORDER BY c.at, c.id LIMIT $4`,
    [since, after?.at ?? null, after?.id ?? null, limit],
  );
}

// ---------------------------------------------------------------- templates (platform)

export interface TemplateRow {
  id: string;
  code: string;
  content: unknown;
  state_overlap: boolean;
  active: boolean;
  updated_at: Date;
  updated_by: string | null;
}

const TEMPLATE_COLS = 'id, code, content, state_overlap, active, updated_at, updated_by';

export async function listTemplates(t: Tx, activeOnly: boolean): Promise<TemplateRow[]> {
  return t.query<TemplateRow>(`SELECT ${TEMPLATE_COLS} FROM services_template WHERE ($1 = false OR active) ORDER BY content->'name'->>'et', id`, [activeOnly]);
}

export async function templateById(t: Tx, id: string): Promise<TemplateRow | undefined> {
  return t.one<TemplateRow>(`SELECT ${TEMPLATE_COLS} FROM services_template WHERE id = $1`, [id]);
}

export async function templateByCode(t: Tx, code: string): Promise<TemplateRow | undefined> {
  return t.one<TemplateRow>(`SELECT ${TEMPLATE_COLS} FROM services_template WHERE code = $1`, [code]);
}

/** Inserts a template unless its code exists; true when inserted. */
export async function insertTemplate(t: Tx, r: { id: string; code: string; content: unknown; state_overlap: boolean; by: string }): Promise<boolean> {
  const rows = await t.query(
    `INSERT INTO services_template (id, code, content, state_overlap, updated_by) VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [r.id, r.code, JSON.stringify(r.content), r.state_overlap, r.by],
  );
  return rows.length === 1;
}

export async function updateTemplate(t: Tx, id: string, r: { content: unknown; state_overlap: boolean; active: boolean; by: string }): Promise<boolean> {
  const rows = await t.query(
    `UPDATE services_template SET content = $2::jsonb, state_overlap = $3, active = $4, updated_at = core_now(), updated_by = $5 WHERE id = $1 RETURNING id`,
    [id, JSON.stringify(r.content), r.state_overlap, r.active, r.by],
  );
  return rows.length === 1;
}

/** Which KOV has published a service adopted from which template (owner transaction: every KOV). */
export async function adoptionRows(t: Tx): Promise<{ kov_code: string; template_id: string; id: string; slug: string }[]> {
  return t.query(
    `SELECT kov_code, template_id, id, slug FROM services_service WHERE status = 'published' AND template_id IS NOT NULL ORDER BY kov_code, template_id`,
  );
}

// ---------------------------------------------------------------- diagrams

export interface DiagramRow {
  id: string;
  service_id: string;
  name: string;
  kind: 'bpmn' | 'drawio';
  bytes: number;
  sha256: string;
  created_at: Date;
  created_by: string;
}

export async function insertDiagram(t: Tx, kov: string, r: Omit<DiagramRow, 'created_at'> & { data: Buffer }): Promise<void> {
  await t.query(
    `INSERT INTO services_diagram (id, kov_code, service_id, name, kind, bytes, sha256, data, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [r.id, kov, r.service_id, r.name, r.kind, r.bytes, r.sha256, r.data, r.created_by],
  );
}

export async function listDiagrams(t: Tx, kov: string, serviceId: string): Promise<DiagramRow[]> {
  return t.query<DiagramRow>(
    `SELECT id, service_id, name, kind, bytes, sha256, created_at, created_by FROM services_diagram
      WHERE kov_code = $1 AND service_id = $2 ORDER BY created_at, id`,
    [kov, serviceId],
  );
}

export async function diagramById(t: Tx, kov: string, serviceId: string, id: string): Promise<(DiagramRow & { data: Uint8Array }) | undefined> {
  return t.one(
    `SELECT id, service_id, name, kind, bytes, sha256, data, created_at, created_by FROM services_diagram WHERE kov_code = $1 AND service_id = $2 AND id = $3`,
    [kov, serviceId, id],
  );
}

export async function deleteDiagram(t: Tx, kov: string, serviceId: string, id: string): Promise<boolean> {
  const rows = await t.query('DELETE FROM services_diagram WHERE kov_code = $1 AND service_id = $2 AND id = $3 RETURNING id', [kov, serviceId, id]);
  return rows.length === 1;
}
