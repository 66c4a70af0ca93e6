// Every SQL statement of the budgets module (budgets_process, budgets_area, budgets_idea,
// budgets_author, budgets_photo). Every function takes the caller's transaction.
import type { Tx } from '../../kernel/db.js';

export type Scope = 'anyone' | 'kov' | 'area';
export type BallotKind = 'count' | 'budget';
export type BallotAreas = 'one' | 'every';
export type WinnerRule = 'greedy' | 'equal_shares';
export type IdeaStatus = 'submitted' | 'published' | 'rejected' | 'merged';
export type Feasibility = 'unknown' | 'feasible' | 'infeasible';

export interface ProcessRow {
  id: string;
  kov_code: string;
  title_et: string;
  title_en: string;
  title_ru: string;
  description: string;
  ideas_from: Date;
  review_from: Date;
  voting_from: Date;
  results_from: Date;
  implementation_from: Date;
  total_budget: number;
  max_idea_cost: number | null;
  submit_min_age: number;
  submit_scope: Scope;
  vote_min_age: number;
  vote_scope: Scope;
  ballot_kind: BallotKind;
  ballot_max: number | null;
  ballot_areas: BallotAreas;
  winner_rule: WinnerRule;
  /** The vote on the voting core once opened (vote.ts), its committee size and the board's seed. */
  vote_id: string | null;
  vote_threshold: number | null;
  vote_members: number | null;
  seed: string | null;
  created_at: Date;
  updated_at: Date;
}

const PROCESS_COLS =
  'id, kov_code, title_et, title_en, title_ru, description, ideas_from, review_from, voting_from, results_from, implementation_from, ' +
  'total_budget::float8 AS total_budget, max_idea_cost::float8 AS max_idea_cost, submit_min_age, submit_scope, vote_min_age, vote_scope, ' +
  'ballot_kind, ballot_max, ballot_areas, winner_rule, vote_id, vote_threshold, vote_members, seed, created_at, updated_at';

export type ProcessFields = Omit<ProcessRow, 'id' | 'kov_code' | 'created_at' | 'updated_at' | 'vote_id' | 'vote_threshold' | 'vote_members' | 'seed'>;

const FIELD_ORDER = [
  'title_et', 'title_en', 'title_ru', 'description', 'ideas_from', 'review_from', 'voting_from', 'results_from', 'implementation_from',
  'total_budget', 'max_idea_cost', 'submit_min_age', 'submit_scope', 'vote_min_age', 'vote_scope', 'ballot_kind', 'ballot_max', 'ballot_areas', 'winner_rule',
] as const satisfies readonly (keyof ProcessFields)[];

export async function insertProcess(t: Tx, id: string, kov: string, f: ProcessFields): Promise<void> {
  const cols = FIELD_ORDER.join(', ');
  const params = FIELD_ORDER.map((_, i) => `$${i + 3}`).join(', ');
  await t.query(`INSERT INTO budgets_process (id, kov_code, ${cols}) VALUES ($1, $2, ${params})`, [id, kov, ...FIELD_ORDER.map((k) => f[k])]);
}

export async function updateProcess(t: Tx, kov: string, id: string, f: ProcessFields): Promise<void> {
  const sets = FIELD_ORDER.map((k, i) => `${k} = $${i + 3}`).join(', ');
  await t.query(`UPDATE budgets_process SET ${sets}, updated_at = core_now() WHERE kov_code = $1 AND id = $2`, [kov, id, ...FIELD_ORDER.map((k) => f[k])]);
}

export async function processById(t: Tx, kov: string, id: string, forUpdate = false): Promise<ProcessRow | null> {
  return (await t.one<ProcessRow>(`SELECT ${PROCESS_COLS} FROM budgets_process WHERE kov_code = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [kov, id])) ?? null;
}

export async function processesOf(t: Tx, kov: string): Promise<ProcessRow[]> {
  return t.query<ProcessRow>(`SELECT ${PROCESS_COLS} FROM budgets_process WHERE kov_code = $1 ORDER BY ideas_from DESC, id`, [kov]);
}

/** Every KOV's processes (a system transaction: the all-KOV public list). */
export async function allProcesses(t: Tx): Promise<ProcessRow[]> {
  return t.query<ProcessRow>(`SELECT ${PROCESS_COLS} FROM budgets_process ORDER BY ideas_from DESC, id`);
}

// ---------- areas

export interface AreaRow {
  id: string;
  kov_code: string;
  process_id: string;
  name: string;
  budget: number;
  unit_codes: string[];
  min_voters: number | null;
  sort: number;
}

export interface AreaFields {
  name: string;
  budget: number;
  unitCodes: string[];
  minVoters: number | null;
}

export async function areasOf(t: Tx, kov: string, processId: string): Promise<AreaRow[]> {
  return t.query<AreaRow>(
    'SELECT id, kov_code, process_id, name, budget::float8 AS budget, unit_codes, min_voters, sort FROM budgets_area WHERE kov_code = $1 AND process_id = $2 ORDER BY sort, name',
    [kov, processId],
  );
}

export async function insertArea(t: Tx, a: AreaFields & { id: string; kov: string; processId: string; sort: number }): Promise<void> {
  await t.query('INSERT INTO budgets_area (id, kov_code, process_id, name, budget, unit_codes, min_voters, sort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    a.id, a.kov, a.processId, a.name, a.budget, a.unitCodes, a.minVoters, a.sort,
  ]);
}

export async function updateArea(t: Tx, kov: string, id: string, a: AreaFields & { sort: number }): Promise<void> {
  await t.query('UPDATE budgets_area SET name = $3, budget = $4, unit_codes = $5, min_voters = $6, sort = $7 WHERE kov_code = $1 AND id = $2', [kov, id, a.name, a.budget, a.unitCodes, a.minVoters, a.sort]);
}

/** Deletes the areas no idea names (the rest stay). Returns how many were kept because ideas name them. */
export async function deleteAreas(t: Tx, kov: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await t.query('DELETE FROM budgets_area WHERE kov_code = $1 AND id = ANY($2::uuid[])', [kov, ids]);
}

export async function areasInUse(t: Tx, kov: string, processId: string): Promise<string[]> {
  const rows = await t.query<{ area_id: string }>('SELECT DISTINCT area_id FROM budgets_idea WHERE kov_code = $1 AND process_id = $2 AND area_id IS NOT NULL', [kov, processId]);
  return rows.map((r) => r.area_id);
}

// ---------- ideas

export interface IdeaRow {
  id: string;
  kov_code: string;
  process_id: string;
  number: number;
  area_id: string | null;
  title: string;
  description: string;
  category: string;
  lat: number | null;
  lon: number | null;
  estimated_cost: number;
  status: IdeaStatus;
  reject_reason: string | null;
  merged_into: string | null;
  feasibility: Feasibility;
  feasibility_note: string | null;
  official_cost: number | null;
  created_at: Date;
  updated_at: Date;
  reviewed_at: Date | null;
}

const IDEA_COLS =
  'id, kov_code, process_id, number, area_id, title, description, category, lat, lon, estimated_cost::float8 AS estimated_cost, status, reject_reason, ' +
  'merged_into, feasibility, feasibility_note, official_cost::float8 AS official_cost, created_at, updated_at, reviewed_at';

export interface IdeaFields {
  areaId: string | null;
  title: string;
  description: string;
  category: string;
  lat: number | null;
  lon: number | null;
  estimatedCost: number;
}

/** The next idea number of the process; the caller holds the process row lock (processById … forUpdate). */
export async function nextIdeaNumber(t: Tx, kov: string, processId: string): Promise<number> {
  const r = await t.one<{ n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM budgets_idea WHERE kov_code = $1 AND process_id = $2', [kov, processId]);
  return Number(r!.n);
}

export async function insertIdea(t: Tx, i: IdeaFields & { id: string; kov: string; processId: string; number: number }): Promise<void> {
  await t.query(
    `INSERT INTO budgets_idea (id, kov_code, process_id, number, area_id, title, description, category, lat, lon, estimated_cost)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [i.id, i.kov, i.processId, i.number, i.areaId, i.title, i.description, i.category, i.lat, i.lon, i.estimatedCost],
  );
}

export async function updateIdeaFields(t: Tx, kov: string, id: string, i: IdeaFields): Promise<void> {
  await t.query(
    `UPDATE budgets_idea SET area_id = $3, title = $4, description = $5, category = $6, lat = $7, lon = $8, estimated_cost = $9, updated_at = core_now()
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, i.areaId, i.title, i.description, i.category, i.lat, i.lon, i.estimatedCost],
  );
}

export async function ideaByNumber(t: Tx, kov: string, processId: string, number: number, forUpdate = false): Promise<IdeaRow | null> {
  return (await t.one<IdeaRow>(`SELECT ${IDEA_COLS} FROM budgets_idea WHERE kov_code = $1 AND process_id = $2 AND number = $3${forUpdate ? ' FOR UPDATE' : ''}`, [kov, processId, number])) ?? null;
}

export async function ideaById(t: Tx, kov: string, id: string): Promise<IdeaRow | null> {
  return (await t.one<IdeaRow>(`SELECT ${IDEA_COLS} FROM budgets_idea WHERE kov_code = $1 AND id = $2`, [kov, id])) ?? null;
}

export interface IdeaFilter {
  statuses?: IdeaStatus[];
  areaId?: string;
  category?: string;
  feasibleOnly?: boolean;
}

export async function ideasOf(t: Tx, kov: string, processId: string, f: IdeaFilter = {}): Promise<IdeaRow[]> {
  const where = ['kov_code = $1', 'process_id = $2'];
  const params: unknown[] = [kov, processId];
  if (f.statuses) {
    params.push(f.statuses);
    where.push(`status = ANY($${params.length}::text[])`);
  }
  if (f.areaId) {
    params.push(f.areaId);
    where.push(`area_id = $${params.length}`);
  }
  if (f.category) {
    params.push(f.category);
    where.push(`category = $${params.length}`);
  }
  if (f.feasibleOnly) where.push(`feasibility = 'feasible'`);
  return t.query<IdeaRow>(`SELECT ${IDEA_COLS} FROM budgets_idea WHERE ${where.join(' AND ')} ORDER BY number`, params);
}

export async function ideasOfAuthor(t: Tx, kov: string, processId: string, idcodeHash: string): Promise<IdeaRow[]> {
  return t.query<IdeaRow>(
    `SELECT ${IDEA_COLS} FROM budgets_idea i WHERE kov_code = $1 AND process_id = $2
        AND EXISTS (SELECT 1 FROM budgets_author a WHERE a.idea_id = i.id AND a.idcode_hash = $3) ORDER BY number`,
    [kov, processId, idcodeHash],
  );
}

export async function setStatus(t: Tx, kov: string, id: string, s: { status: IdeaStatus; rejectReason: string | null; mergedInto: string | null }): Promise<void> {
  await t.query('UPDATE budgets_idea SET status = $3, reject_reason = $4, merged_into = $5, reviewed_at = core_now(), updated_at = core_now() WHERE kov_code = $1 AND id = $2', [
    kov, id, s.status, s.rejectReason, s.mergedInto,
  ]);
}

export async function setAssessment(t: Tx, kov: string, id: string, a: { feasibility: Feasibility; note: string | null; officialCost: number | null }): Promise<void> {
  await t.query('UPDATE budgets_idea SET feasibility = $3, feasibility_note = $4, official_cost = $5, reviewed_at = core_now(), updated_at = core_now() WHERE kov_code = $1 AND id = $2', [
    kov, id, a.feasibility, a.note, a.officialCost,
  ]);
}

// ---------- authors

export interface AuthorRow {
  idea_id: string;
  idcode_hash: string;
  given_name: string;
  email: string | null;
  lang: 'et' | 'en' | 'ru';
}

export async function insertAuthor(t: Tx, a: { ideaId: string; kov: string; idcodeHash: string; givenName: string; email: string | null; lang: string }): Promise<void> {
  await t.query(
    `INSERT INTO budgets_author (idea_id, kov_code, idcode_hash, given_name, email, lang) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (idea_id, idcode_hash) DO NOTHING`,
    [a.ideaId, a.kov, a.idcodeHash, a.givenName, a.email, a.lang],
  );
}

export async function updateAuthorEmail(t: Tx, kov: string, ideaId: string, idcodeHash: string, email: string | null): Promise<void> {
  await t.query('UPDATE budgets_author SET email = $4 WHERE kov_code = $1 AND idea_id = $2 AND idcode_hash = $3', [kov, ideaId, idcodeHash, email]);
}

export async function authorsOf(t: Tx, kov: string, ideaIds: string[]): Promise<AuthorRow[]> {
  if (!ideaIds.length) return [];
  return t.query<AuthorRow>('SELECT idea_id, idcode_hash, given_name, email, lang FROM budgets_author WHERE kov_code = $1 AND idea_id = ANY($2::uuid[]) ORDER BY given_name', [kov, ideaIds]);
}

// ---------- photos

export interface PhotoMeta {
  id: string;
  idea_id: string;
  ordinal: number;
}

export async function insertPhoto(t: Tx, p: { id: string; kov: string; ideaId: string; ordinal: number; mime: string; width: number; height: number; bytes: Buffer }): Promise<void> {
  await t.query('INSERT INTO budgets_photo (id, kov_code, idea_id, ordinal, mime, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    p.id, p.kov, p.ideaId, p.ordinal, p.mime, p.width, p.height, p.bytes,
  ]);
}

export async function photosOf(t: Tx, kov: string, ideaIds: string[]): Promise<PhotoMeta[]> {
  if (!ideaIds.length) return [];
  return t.query<PhotoMeta>('SELECT id, idea_id, ordinal FROM budgets_photo WHERE kov_code = $1 AND idea_id = ANY($2::uuid[]) ORDER BY ordinal', [kov, ideaIds]);
}

export async function countPhotos(t: Tx, kov: string, ideaId: string): Promise<number> {
  const r = await t.one<{ n: number }>('SELECT count(*)::int AS n FROM budgets_photo WHERE kov_code = $1 AND idea_id = $2', [kov, ideaId]);
  return Number(r!.n);
}

export async function photoById(t: Tx, kov: string, id: string): Promise<{ idea_id: string; mime: string; bytes: Buffer } | null> {
  return (await t.one<{ idea_id: string; mime: string; bytes: Buffer }>('SELECT idea_id, mime, bytes FROM budgets_photo WHERE kov_code = $1 AND id = $2', [kov, id])) ?? null;
}
