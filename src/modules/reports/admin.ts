// Administration of reports by a KOV's admins (reports.configure): handler groups and their members,
// categories (the Open311 services) with their targets and attributes, and how long reports stay
// public. Every change is one transaction with its audit entry.
import { recordAudit, type Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict, notFound, type FieldError } from '../../kernel/errors.js';
import { hashIdcode, idcodeHint, isValidIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import * as repo from './repo.js';
import type { CategoryRow, Domain, GroupRow, MemberRow } from './repo.js';
import { DOMAINS, isEmail } from './service.js';

export const MAX_NAME = 200;
export const MAX_CATEGORY_DESCRIPTION = 2000;
export const MAX_KEYWORDS = 1000;
export const MAX_ATTRIBUTES = 30;
export const ATTRIBUTE_TYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
const CODE_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Open311 service definition attribute. */
export interface CategoryAttribute {
  code: string;
  datatype: (typeof ATTRIBUTE_TYPES)[number];
  required: boolean;
  description: string;
  order: number;
  values: { key: string; name: string }[];
}

export interface GroupWithMembers extends GroupRow {
  members: { idcodeHash: string; name: string }[];
}

export interface ReportsSettings {
  groups: GroupWithMembers[];
  categories: CategoryRow[];
  keepMonths: number | null;
}

/** Everything the administration pages show. */
export async function reportsSettings(db: Db, kov: string): Promise<ReportsSettings> {
  return db.tx(
    async (t) => {
      // one transaction is one connection: its statements run one after another
      const groups = await repo.groupsOf(t, kov);
      const members = await repo.membersOf(t, kov);
      const categories = await repo.categoriesOf(t, kov, false);
      const setting = await repo.keepMonthsOf(t, kov);
      const by = new Map<string, MemberRow[]>();
      for (const m of members) by.set(m.group_id, [...(by.get(m.group_id) ?? []), m]);
      return {
        groups: groups.map((g) => ({ ...g, members: (by.get(g.id) ?? []).map((m) => ({ idcodeHash: m.idcode_hash, name: m.name })) })),
        categories,
        keepMonths: setting?.keep_months ?? null,
      };
    },
    { kov },
  );
}

// ---------- groups ----------

export interface GroupInput {
  name: string;
  email: string | null;
}

export function validateGroup(g: GroupInput): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof g.name !== 'string' || !g.name.trim() || g.name.length > MAX_NAME) errors.push({ field: 'name', reason: 'reports.admin.error.name' });
  if (g.email !== null && (typeof g.email !== 'string' || !isEmail(g.email.trim()))) errors.push({ field: 'email', reason: 'reports.error.email' });
  return errors;
}

/** Creates a handler group (id absent) or renames one; a name taken in the KOV is refused. */
export async function saveGroup(db: Db, kov: string, input: GroupInput, actor: Actor, id?: string): Promise<GroupRow> {
  const errors = validateGroup(input);
  if (errors.length) throw badRequest(errors);
  const name = input.name.trim();
  const email = input.email?.trim() || null;
  return db.tx(
    async (t) => {
      const before = id ? await groupOr404(t, kov, id) : null;
      const same = await repo.groupByName(t, kov, name);
      if (same && same.id !== id) throw badRequest([{ field: 'name', reason: 'reports.admin.error.groupTaken' }]);
      const gid = id ?? uuidv7();
      if (before) await repo.updateGroup(t, kov, gid, { name, email });
      else await repo.insertGroup(t, { id: gid, kov, name, email });
      const entry = { kov, actor, targetType: 'reports_group', targetId: gid, before: before ? { name: before.name, email: before.email } : undefined, after: { name, email } };
      if (before) await recordAudit(t, { ...entry, action: 'reports.group.update' });
      else await recordAudit(t, { ...entry, action: 'reports.group.create' });
      return (await repo.groupById(t, kov, gid))!;
    },
    { kov },
  );
}

async function groupOr404(t: Parameters<typeof repo.groupById>[0], kov: string, id: string): Promise<GroupRow> {
  const g = UUID_RE.test(id) ? await repo.groupById(t, kov, id) : null;
  if (!g) throw notFound('reports.admin.error.noGroup');
  return g;
}

/** Adds an official to a group by her personal ID code (kept only as its keyed hash) and name. */
export async function addGroupMember(db: Db, kov: string, groupId: string, m: { idcode: string; name: string }, idcodeKey: string, actor: Actor): Promise<{ idcodeHash: string; name: string }> {
  const errors: FieldError[] = [];
  const code = typeof m.idcode === 'string' ? m.idcode.trim() : '';
  if (!isValidIdcode(code)) errors.push({ field: 'idcode', reason: 'reports.admin.error.idcode' });
  if (typeof m.name !== 'string' || !m.name.trim() || m.name.length > MAX_NAME) errors.push({ field: 'memberName', reason: 'reports.admin.error.name' });
  if (errors.length) throw badRequest(errors);
  const hash = hashIdcode(idcodeKey, code);
  const name = m.name.trim();
  return db.tx(
    async (t) => {
      const g = await groupOr404(t, kov, groupId);
      if (!(await repo.insertMember(t, kov, { groupId: g.id, idcodeHash: hash, name }))) throw conflict('reports.admin.error.memberExists', [{ field: 'idcode', reason: 'reports.admin.error.memberExists' }]);
      await recordAudit(t, { kov, actor, action: 'reports.group.member.add', targetType: 'reports_group', targetId: g.id, after: { group: g.name, name, idcode: idcodeHint(code) } });
      return { idcodeHash: hash, name };
    },
    { kov },
  );
}

export async function removeGroupMember(db: Db, kov: string, groupId: string, idcodeHash: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const g = await groupOr404(t, kov, groupId);
      const gone = await repo.deleteMember(t, kov, g.id, idcodeHash);
      if (!gone) throw notFound('reports.admin.error.noMember');
      await recordAudit(t, { kov, actor, action: 'reports.group.member.remove', targetType: 'reports_group', targetId: g.id, before: { group: g.name, name: gone.name } });
    },
    { kov },
  );
}

// ---------- categories ----------

export interface CategoryInput {
  code: string;
  domain: Domain;
  names: { et: string; en: string; ru: string };
  description: string;
  groupId: string | null;
  slaDays: number;
  attributes: CategoryAttribute[];
  keywords: string;
  active: boolean;
  sort: number;
}

/** The attributes' problems, each at field `attributes` with the attribute's number. */
export function validateAttributes(list: unknown): FieldError[] {
  const bad = (n: number, reason: string): FieldError => ({ field: 'attributes', reason, vars: { n } });
  if (!Array.isArray(list)) return [{ field: 'attributes', reason: 'reports.admin.error.attributes' }];
  if (list.length > MAX_ATTRIBUTES) return [{ field: 'attributes', reason: 'reports.admin.error.attributesMany' }];
  const errors: FieldError[] = [];
  const codes = new Set<string>();
  list.forEach((a: unknown, i) => {
    const n = i + 1;
    const x = a as Partial<CategoryAttribute> | null;
    if (!x || typeof x !== 'object') return void errors.push(bad(n, 'reports.admin.error.attribute'));
    if (typeof x.code !== 'string' || !/^[A-Za-z0-9_-]{1,63}$/.test(x.code) || codes.has(x.code)) return void errors.push(bad(n, 'reports.admin.error.attributeCode'));
    codes.add(x.code);
    if (!ATTRIBUTE_TYPES.includes(x.datatype as CategoryAttribute['datatype'])) return void errors.push(bad(n, 'reports.admin.error.attributeType'));
    if (typeof x.required !== 'boolean' || typeof x.description !== 'string' || !x.description.trim() || x.description.length > 500 || !Number.isInteger(x.order)) {
      return void errors.push(bad(n, 'reports.admin.error.attribute'));
    }
    const lists = x.datatype === 'singlevaluelist' || x.datatype === 'multivaluelist';
    const values = x.values ?? [];
    if (!Array.isArray(values) || (lists && values.length === 0) || (!lists && values.length > 0) || values.length > 100) return void errors.push(bad(n, 'reports.admin.error.attributeValues'));
    if (values.some((v) => !v || typeof v.key !== 'string' || !v.key.trim() || typeof v.name !== 'string' || !v.name.trim() || v.key.length > 100 || v.name.length > 200)) {
      errors.push(bad(n, 'reports.admin.error.attributeValues'));
    }
  });
  return errors;
}

export function validateCategory(c: CategoryInput, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (creating && (typeof c.code !== 'string' || !CODE_RE.test(c.code))) errors.push({ field: 'code', reason: 'reports.admin.error.code' });
  if (!DOMAINS.includes(c.domain)) errors.push({ field: 'domain', reason: 'reports.admin.error.domain' });
  for (const l of ['et', 'en', 'ru'] as const) {
    const v = c.names?.[l];
    if (typeof v !== 'string' || !v.trim() || v.length > MAX_NAME) errors.push({ field: `name_${l}`, reason: 'reports.admin.error.name' });
  }
  if (typeof c.description !== 'string' || c.description.length > MAX_CATEGORY_DESCRIPTION) errors.push({ field: 'description', reason: 'reports.admin.error.description' });
  if (c.groupId !== null && (typeof c.groupId !== 'string' || !UUID_RE.test(c.groupId))) errors.push({ field: 'groupId', reason: 'reports.error.group' });
  if (!Number.isInteger(c.slaDays) || c.slaDays < 1 || c.slaDays > 365) errors.push({ field: 'slaDays', reason: 'reports.admin.error.sla' });
  errors.push(...validateAttributes(c.attributes));
  if (typeof c.keywords !== 'string' || c.keywords.length > MAX_KEYWORDS) errors.push({ field: 'keywords', reason: 'reports.admin.error.keywords' });
  if (typeof c.active !== 'boolean') errors.push({ field: 'active', reason: 'reports.admin.error.active' });
  if (!Number.isInteger(c.sort) || c.sort < -10000 || c.sort > 10000) errors.push({ field: 'sort', reason: 'reports.admin.error.sort' });
  return errors;
}

const categorySnapshot = (c: Omit<repo.CategoryFields, 'code'> & { code?: string }) => ({
  code: c.code,
  domain: c.domain,
  names: c.names,
  groupId: c.groupId,
  slaDays: c.slaDays,
  active: c.active,
  sort: c.sort,
  attributes: (c.attributes as CategoryAttribute[]).map((a) => a.code),
});

/** Creates a category (id absent; its code is then fixed: Open311 clients keep it) or updates one. */
export async function saveCategory(db: Db, kov: string, input: CategoryInput, actor: Actor, id?: string): Promise<CategoryRow> {
  const errors = validateCategory(input, !id);
  if (errors.length) throw badRequest(errors);
  const fields = {
    domain: input.domain,
    names: { et: input.names.et.trim(), en: input.names.en.trim(), ru: input.names.ru.trim() },
    description: input.description.trim(),
    groupId: input.groupId,
    slaDays: input.slaDays,
    attributes: input.attributes.map((a) => ({ code: a.code, datatype: a.datatype, required: a.required, description: a.description.trim(), order: a.order, values: a.values ?? [] })),
    keywords: input.keywords.trim(),
    active: input.active,
    sort: input.sort,
  };
  return db.tx(
    async (t) => {
      if (fields.groupId && !(await repo.groupById(t, kov, fields.groupId))) throw badRequest([{ field: 'groupId', reason: 'reports.error.group' }]);
      let cid: string;
      let before: CategoryRow | null = null;
      if (id) {
        before = UUID_RE.test(id) ? await repo.categoryById(t, kov, id) : null;
        if (!before) throw notFound('reports.admin.error.noCategory');
        cid = id;
        await repo.updateCategory(t, kov, id, fields);
      } else {
        if (await repo.categoryByCode(t, kov, input.code)) throw badRequest([{ field: 'code', reason: 'reports.admin.error.codeTaken' }]);
        cid = uuidv7();
        await repo.insertCategory(t, { id: cid, kov, code: input.code, ...fields });
        if (!fields.active) await repo.updateCategory(t, kov, cid, fields);
      }
      const entry = {
        kov,
        actor,
        targetType: 'reports_category',
        targetId: cid,
        before: before
          ? categorySnapshot({ code: before.code, domain: before.domain, names: { et: before.name_et, en: before.name_en, ru: before.name_ru }, description: before.description, groupId: before.group_id, slaDays: before.sla_days, attributes: before.attributes, keywords: before.keywords, active: before.active, sort: before.sort })
          : undefined,
        after: categorySnapshot({ code: before?.code ?? input.code, ...fields }),
      };
      if (before) await recordAudit(t, { ...entry, action: 'reports.category.update' });
      else await recordAudit(t, { ...entry, action: 'reports.category.create' });
      return (await repo.categoryById(t, kov, cid))!;
    },
    { kov },
  );
}

// ---------- retention ----------

/** Sets how many months after closing the KOV keeps reports public (null: for ever). */
export async function setRetention(db: Db, kov: string, keepMonths: number | null, actor: Actor): Promise<void> {
  if (keepMonths !== null && (!Number.isInteger(keepMonths) || keepMonths < 1 || keepMonths > 1200)) throw badRequest([{ field: 'keepMonths', reason: 'reports.admin.error.keepMonths' }]);
  await db.tx(
    async (t) => {
      const before = await repo.keepMonthsOf(t, kov);
      await repo.setKeepMonths(t, kov, keepMonths, now());
      await recordAudit(t, { kov, actor, action: 'reports.setting.retention', targetType: 'reports_setting', targetId: kov, before: { keepMonths: before?.keep_months ?? null }, after: { keepMonths } });
    },
    { kov },
  );
}
