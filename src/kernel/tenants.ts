// Tenants: the KOVs, keyed by their EHAK code (core_tenant). The kernel owns the table; the
// territory module keeps it in step with the classifier through syncTenants, and every other
// module reads it through these functions, never through SQL of its own.
import type { Db, Tx } from './db.js';

export interface Tenant {
  code: string;
  name: string;
  kind: 'linn' | 'vald';
  countyCode: string;
}

export interface TenantRecord extends Tenant {
  ehakVersion: string;
  active: boolean;
}

const KOV_RE = /^\d{4}$/;

interface TenantRow {
  kov_code: string;
  name: string;
  kind: 'linn' | 'vald';
  county_code: string;
  ehak_version: string;
  active: boolean;
}

const record = (r: TenantRow): TenantRecord => ({ code: r.kov_code, name: r.name, kind: r.kind, countyCode: r.county_code, ehakVersion: r.ehak_version, active: r.active });

/** An active tenant, or null (also for a code that is not four digits). */
export async function findTenant(t: Tx, code: string): Promise<Tenant | null> {
  if (!KOV_RE.test(code)) return null;
  const r = await t.one<TenantRow>('SELECT kov_code, name, kind, county_code, ehak_version, active FROM core_tenant WHERE kov_code = $1 AND active', [code]);
  if (!r) return null;
  const { code: c, name, kind, countyCode } = record(r);
  return { code: c, name, kind, countyCode };
}

/** Loads an active tenant in a transaction of its own. */
export function loadTenant(db: Db, code: string): Promise<Tenant | null> {
  return db.tx((t) => findTenant(t, code));
}

export async function tenantExists(db: Db, code: string): Promise<boolean> {
  return (await loadTenant(db, code)) !== null;
}

/** Active tenants (optionally of one county), by code. */
export async function listTenants(t: Tx, filter: { county?: string } = {}): Promise<TenantRecord[]> {
  const rows = await t.query<TenantRow>(
    `SELECT kov_code, name, kind, county_code, ehak_version, active FROM core_tenant
      WHERE active AND ($1::text IS NULL OR county_code = $1) ORDER BY kov_code`,
    [filter.county ?? null],
  );
  return rows.map(record);
}

/** Names of tenants by code (inactive ones too: a grant may outlive its KOV). */
export async function tenantNames(t: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!codes.length) return names;
  const rows = await t.query<{ kov_code: string; name: string }>('SELECT kov_code, name FROM core_tenant WHERE kov_code = ANY($1)', [[...codes]]);
  for (const r of rows) names.set(r.kov_code, r.name);
  return names;
}

/** Whether any tenant exists (an empty database gets the demo data). */
export async function hasTenants(db: Db): Promise<boolean> {
  const r = await db.tx((t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_tenant'));
  return (r?.n ?? 0) > 0;
}

export interface TenantSource {
  code: string;
  name: string;
  kind: 'linn' | 'vald';
  countyCode: string;
}

export interface TenantSync {
  added: number;
  updated: number;
  /** Codes of tenants no longer in the classifier (deactivated, their data kept). */
  deactivated: string[];
}

/**
 * Makes the tenants those of a classifier version: upserts every municipality and deactivates the
 * tenants that are not in it. Runs in the caller's owner transaction (the classifier import).
 */
export async function syncTenants(t: Tx, version: string, kovs: readonly TenantSource[]): Promise<TenantSync> {
  if (!t.system) throw new Error('syncTenants runs in an owner transaction (db.system): tenants are platform data');
  const up = await t.query<{ inserted: boolean }>(
    `INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version, active)
     SELECT code, name, kind, county, $1, true FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS k(code, name, kind, county)
     ON CONFLICT (kov_code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, county_code = EXCLUDED.county_code,
       ehak_version = EXCLUDED.ehak_version, active = true
     RETURNING (xmax = 0) AS inserted`,
    [version, kovs.map((k) => k.code), kovs.map((k) => k.name), kovs.map((k) => k.kind), kovs.map((k) => k.countyCode)],
  );
  const gone = await t.query<{ kov_code: string }>(
    `UPDATE core_tenant SET active = false WHERE active AND NOT (kov_code = ANY($1::text[])) RETURNING kov_code`,
    [kovs.map((k) => k.code)],
  );
  const added = up.filter((r) => r.inserted).length;
  return { added, updated: up.length - added, deactivated: gone.map((r) => r.kov_code).sort() };
}

// ---------- how residents reach the KOV

export interface TenantContact {
  email: string | null;
  phone: string | null;
  address: string | null;
  /** https:// only. */
  website: string | null;
}

/** The KOV's contact details (all null when none were given), or null for no such KOV. */
export async function tenantContact(db: Db, code: string): Promise<TenantContact | null> {
  if (!KOV_RE.test(code)) return null;
  const r = await db.tx((t) =>
    t.one<{ contact_email: string | null; contact_phone: string | null; contact_address: string | null; contact_website: string | null }>(
      'SELECT contact_email, contact_phone, contact_address, contact_website FROM core_tenant WHERE kov_code = $1 AND active',
      [code],
    ),
  );
  if (!r) return null;
  return { email: r.contact_email, phone: r.contact_phone, address: r.contact_address, website: r.contact_website };
}

/** Sets the KOV's contact details (the operator's and the demo's path; the app role cannot write tenants). */
export async function setTenantContact(db: Db, code: string, c: TenantContact): Promise<boolean> {
  if (c.website !== null && !/^https:\/\/\S{1,300}$/.test(c.website)) throw new Error('the web site must be an https:// address');
  const rows = await db.system('the operator sets a KOV\'s contact details', (t) =>
    t.query('UPDATE core_tenant SET contact_email = $2, contact_phone = $3, contact_address = $4, contact_website = $5 WHERE kov_code = $1 RETURNING kov_code', [
      code,
      c.email,
      c.phone,
      c.address,
      c.website,
    ]),
  );
  return rows.length === 1;
}
