// Role grants (core_role_grant): the kernel owns them. A grant is made by personal ID code (its keyed
// hash and a hint of four digits), so a role can be given to someone who has not signed in yet.
// KOV grants are read and written in a transaction bound to the KOV (RLS); platform grants
// (kov NULL) in an owner transaction. The admin module's service calls these inside its own
// transaction, next to the audit entry it writes.
import type { Tx } from './db.js';

export interface GrantView {
  id: string;
  kov: string | null;
  role: string;
  idcodeHint: string;
  /** Name of the person once they have signed in; null before that. */
  personName: string | null;
  grantedAt: Date;
  grantedByName: string | null;
}

interface GrantRow {
  id: string;
  kov_code: string | null;
  role: string;
  idcode_hint: string;
  granted_at: Date;
  given_name: string | null;
  family_name: string | null;
  by_given: string | null;
  by_family: string | null;
}

export const fullName = (g: string | null, f: string | null) => (g || f ? `${g ?? ''} ${f ?? ''}`.trim() : null);

function grantView(r: GrantRow): GrantView {
  return {
    id: r.id,
    kov: r.kov_code,
    role: r.role,
    idcodeHint: r.idcode_hint,
    personName: fullName(r.given_name, r.family_name),
    grantedAt: new Date(r.granted_at),
    grantedByName: fullName(r.by_given, r.by_family),
  };
}

const GRANT_SELECT = `
  SELECT g.id, g.kov_code, g.role, g.idcode_hint, g.granted_at,
         p.given_name, p.family_name, b.given_name AS by_given, b.family_name AS by_family
    FROM core_role_grant g
    LEFT JOIN core_person p ON p.idcode_hash = g.idcode_hash
    LEFT JOIN core_person b ON b.id = g.granted_by`;

/** Active grants of a KOV (or the platform's, for kov === null), by role and name. */
export async function activeGrants(t: Tx, kov: string | null): Promise<GrantView[]> {
  const rows = await t.query<GrantRow>(
    `${GRANT_SELECT}
     WHERE g.kov_code IS NOT DISTINCT FROM $1::text AND g.revoked_at IS NULL
     ORDER BY g.role, p.family_name NULLS LAST, p.given_name, g.granted_at, g.id`,
    [kov],
  );
  return rows.map(grantView);
}

/** An active grant of the KOV by id (locked for update when asked), or null. */
export async function activeGrant(t: Tx, kov: string | null, id: string, forUpdate = false): Promise<GrantView | null> {
  const r = await t.one<GrantRow>(
    `${GRANT_SELECT} WHERE g.id = $1 AND g.kov_code IS NOT DISTINCT FROM $2::text AND g.revoked_at IS NULL${forUpdate ? ' FOR UPDATE OF g' : ''}`,
    [id, kov],
  );
  return r ? grantView(r) : null;
}

/** The id of the person's active grant of a role in the KOV, or null. */
export async function activeGrantIdOf(t: Tx, kov: string | null, idcodeHash: string, role: string): Promise<string | null> {
  const r = await t.one<{ id: string }>(
    `SELECT id FROM core_role_grant WHERE kov_code IS NOT DISTINCT FROM $1::text AND idcode_hash = $2 AND role = $3 AND revoked_at IS NULL`,
    [kov, idcodeHash, role],
  );
  return r?.id ?? null;
}

/** Inserts a grant; false when the person already holds the role there (nothing written). */
export async function insertGrant(
  t: Tx,
  g: { id: string; kov: string | null; idcodeHash: string; idcodeHint: string; role: string; grantedBy: string | null },
): Promise<boolean> {
  const r = await t.one<{ id: string }>(
    `INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role, granted_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [g.id, g.kov, g.idcodeHash, g.idcodeHint, g.role, g.grantedBy],
  );
  return !!r;
}

/** Ends an active grant; false when there was none. */
export async function endGrant(t: Tx, kov: string | null, id: string, revokedBy: string | null): Promise<boolean> {
  const r = await t.one(
    `UPDATE core_role_grant SET revoked_at = core_now(), revoked_by = $3
      WHERE id = $1 AND kov_code IS NOT DISTINCT FROM $2::text AND revoked_at IS NULL
      RETURNING id`,
    [id, kov, revokedBy],
  );
  return !!r;
}

/** How many active grants the KOV has. */
export async function countActiveGrants(t: Tx, kov: string): Promise<number> {
  const r = await t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_role_grant WHERE kov_code = $1 AND revoked_at IS NULL', [kov]);
  return r?.n ?? 0;
}
