// The handlers' inbox and a report's full view (history with internal notes, photos, the reporter's
// contact): what handlers (reports.read) see. Reads only, each in one tenant transaction.
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, notFound, type FieldError } from '../../kernel/errors.js';
import * as repo from './repo.js';
import type { CategoryRow, Domain, EventRow, GroupRow, InboxFilter, InboxRow, PhotoMeta, ReportRow, ReportStatus } from './repo.js';
import { CLOSED_STATUSES, DOMAINS, OPEN_STATUSES } from './service.js';

export type { InboxFilter, InboxRow, PhotoMeta } from './repo.js';

export const ALL_STATUSES: readonly ReportStatus[] = [...OPEN_STATUSES, ...CLOSED_STATUSES];
export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The inbox query as it comes from a page's or the API's query string (strings). */
export interface InboxQuery {
  status?: string;
  category?: string;
  domain?: string;
  group?: string;
  assignee?: string;
  overdue?: string | boolean;
  q?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
}

export interface InboxParams {
  filter: InboxFilter;
  sort: 'newest' | 'expected';
  page: number;
  pageSize: number;
}

/**
 * Checks an inbox query: 400 naming each bad parameter. assignee 'mine' is the signed-in person's
 * own reports (her idcode hash); 'none' the unassigned ones.
 */
export function parseInboxQuery(q: InboxQuery, myHash: string | null): InboxParams {
  const errors: FieldError[] = [];
  const filter: InboxFilter = {};
  const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const status = s(q.status);
  if (status) {
    if (status === 'open' || status === 'closed' || ALL_STATUSES.includes(status as ReportStatus)) filter.status = status as InboxFilter['status'];
    else errors.push({ field: 'status', reason: 'reports.error.status' });
  }
  const category = s(q.category);
  if (category) {
    if (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(category)) filter.category = category;
    else errors.push({ field: 'category', reason: 'reports.error.category' });
  }
  const domain = s(q.domain);
  if (domain) {
    if (DOMAINS.includes(domain as Domain)) filter.domain = domain as Domain;
    else errors.push({ field: 'domain', reason: 'reports.admin.error.domain' });
  }
  const group = s(q.group);
  if (group) {
    if (UUID_RE.test(group)) filter.groupId = group;
    else errors.push({ field: 'group', reason: 'reports.error.group' });
  }
  const assignee = s(q.assignee);
  if (assignee === 'mine') {
    if (myHash) filter.assignee = myHash;
    else errors.push({ field: 'assignee', reason: 'reports.error.assignee' });
  } else if (assignee === 'none') filter.assignee = 'none';
  else if (assignee) errors.push({ field: 'assignee', reason: 'reports.error.assignee' });
  if (q.overdue === true || q.overdue === 'true' || q.overdue === '1' || q.overdue === 'yes') filter.overdue = true;
  else if (q.overdue !== undefined && q.overdue !== '' && q.overdue !== false && q.overdue !== 'false' && q.overdue !== '0') errors.push({ field: 'overdue', reason: 'reports.inbox.error.overdue' });
  const text = s(q.q);
  if (text.length > 200) errors.push({ field: 'q', reason: 'reports.inbox.error.q' });
  else if (text) filter.q = text;
  const sortIn = s(q.sort);
  if (sortIn && sortIn !== 'newest' && sortIn !== 'expected') errors.push({ field: 'sort', reason: 'reports.inbox.error.sort' });
  const int = (v: unknown, field: string, def: number, max: number) => {
    if (v === undefined || v === '') return def;
    const n = typeof v === 'number' ? v : /^[0-9]{1,6}$/.test(String(v)) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > max) {
      errors.push({ field, reason: 'reports.inbox.error.page' });
      return def;
    }
    return n;
  };
  const page = int(q.page, 'page', 1, 100_000);
  const pageSize = int(q.pageSize, 'pageSize', PAGE_SIZE, MAX_PAGE_SIZE);
  if (errors.length) throw badRequest(errors);
  return { filter, sort: sortIn === 'expected' ? 'expected' : 'newest', page, pageSize };
}

export interface InboxView {
  rows: InboxRow[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  counts: Record<ReportStatus, number>;
  overdue: number;
  categories: CategoryRow[];
  groups: GroupRow[];
}

export async function listInbox(db: Db, kov: string, p: InboxParams): Promise<InboxView> {
  const at = now();
  return db.tx(
    async (t) => {
      const { rows, total } = await repo.inboxPage(t, kov, p.filter, at, p.sort, p.pageSize, (p.page - 1) * p.pageSize);
      const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
      for (const c of await repo.statusCounts(t, kov)) counts[c.status] = c.n;
      // one transaction is one connection: its statements run one after another
      const overdue = await repo.overdueCount(t, kov, at);
      const categories = await repo.categoriesOf(t, kov, false);
      const groups = await repo.groupsOf(t, kov);
      return { rows, total, page: p.page, pages: Math.max(1, Math.ceil(total / p.pageSize)), pageSize: p.pageSize, counts, overdue, categories, groups };
    },
    { kov },
  );
}

export interface ReportDetail {
  report: ReportRow;
  category: CategoryRow;
  group: GroupRow | null;
  duplicateOf: string | null;
  events: EventRow[];
  photos: PhotoMeta[];
  categories: CategoryRow[];
  groups: GroupRow[];
  members: { idcodeHash: string; name: string; groupId: string }[];
}

/**
 * A photo of a report of the KOV for its handlers: also of reports not (yet, or any more) public —
 * unconfirmed, past the retention. 404 for anything else (the route answers 404 to everyone else too).
 */
export async function handlerPhoto(db: Db, kov: string, reportId: string, photoId: string): Promise<{ mime: string; bytes: Buffer }> {
  if (!UUID_RE.test(reportId) || !UUID_RE.test(photoId)) throw notFound();
  const p = await db.tx((t) => repo.photoOfReport(t, kov, reportId, photoId), { kov });
  if (!p) throw notFound();
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}

/** A report of the KOV as handlers see it: every event (internal notes too), photos, who may take it. */
export async function reportDetail(db: Db, kov: string, id: string): Promise<ReportDetail> {
  if (!UUID_RE.test(id)) throw notFound('reports.error.notFound');
  return db.tx(
    async (t) => {
      const report = await repo.reportById(t, kov, id);
      if (!report) throw notFound('reports.error.notFound');
      const category = await repo.categoryById(t, kov, report.category_id);
      const events = await repo.eventsOf(t, kov, id, false);
      const photos = await repo.photosOf(t, kov, id);
      const categories = await repo.categoriesOf(t, kov, false);
      const groups = await repo.groupsOf(t, kov);
      const members = await repo.membersOf(t, kov);
      const dup = await repo.reportNumbersByIds(t, kov, report.duplicate_of ? [report.duplicate_of] : []);
      return {
        report,
        category: category!,
        group: groups.find((g) => g.id === report.group_id) ?? null,
        duplicateOf: dup[0]?.number ?? null,
        events,
        photos,
        categories,
        groups,
        members: members.map((m) => ({ idcodeHash: m.idcode_hash, name: m.name, groupId: m.group_id })),
      };
    },
    { kov },
  );
}
