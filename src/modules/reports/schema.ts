// TypeBox schemas of the reports handlers' and administrators' JSON API (/api/v1/kov/:kov/reports…).
// They check the shape and document the API in OpenAPI; the rules are the services' (handling.ts,
// admin.ts, inbox.ts) and come back as 400 naming each field.
import { Type } from 'typebox';
import type { DOMAINS } from './service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description?: string) => Type.Union([s, Type.Null()], description ? { description } : {});
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const lit = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...xs] }));

export const STATUS_VALUES = ['unconfirmed', 'received', 'in_progress', 'scheduled', 'reopened', 'fixed', 'forwarded', 'duplicate', 'closed'] as const;
const Status = lit(STATUS_VALUES);
const DomainT = lit(['roads', 'lighting', 'waste', 'greenery', 'water', 'public_order', 'other'] as const satisfies readonly (typeof DOMAINS)[number][]);

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });
export const KovIdParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Id (UUID)' }) });
export const KovGroupMemberParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Group id (UUID)' }), hash: Type.String({ description: 'The member’s idcode hash' }) });

const Text = (description: string) => Type.String({ maxLength: 4000, description });

export const HandlerActionBody = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('status'), status: lit(['received', 'in_progress', 'scheduled', 'fixed', 'closed'] as const), answer: Type.Optional(Text('Public text shown with the change')) },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('forward'), to: Type.String({ maxLength: 200, description: 'Who the report was forwarded to' }), answer: Type.Optional(Text('Public text')) }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('duplicate'), of: Type.String({ maxLength: 20, description: 'The other report’s number (YYYY-NNNNNN) in the same KOV' }), answer: Type.Optional(Text('Public text')) },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('reopen'), reason: Text('Why it is re-opened (public)') }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('answer'), body: Text('A public answer (no status change)') }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('note'), body: Text('An internal note (not public)') }, { additionalProperties: false }),
    Type.Object(
      {
        kind: Type.Literal('assign'),
        assignee: Nullable(Type.Object({ idcodeHash: Type.String({ maxLength: 128 }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), 'The handler (a group member’s idcode hash and name), or null to unassign'),
        groupId: Type.Optional(Nullable(Type.String({ maxLength: 40 }), 'The handler group (null: none); absent: unchanged')),
      },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('category'), code: Type.String({ maxLength: 63, description: 'The new category’s code: its group, domain and expected-by follow' }) }, { additionalProperties: false }),
  ],
  { description: 'One handler action' },
);

export const ReportOut = Type.Object({
  id: Type.String(),
  kov: Type.String(),
  number: Type.String({ description: 'YYYY-NNNNNN' }),
  status: Status,
  open: Type.Boolean(),
  category: Type.String({ description: 'The category’s code' }),
  categoryName: Type.String(),
  domain: DomainT,
  groupId: Nullable(Type.String()),
  groupName: Nullable(Type.String()),
  description: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  lest97: Nullable(Type.Object({ x: Type.Number({ description: 'Easting (m)' }), y: Type.Number({ description: 'Northing (m)' }) }), 'L-EST97 (EPSG:3301) coordinates'),
  address: Nullable(Type.String()),
  unit: Nullable(Type.String({ description: 'Settlement unit (EHAK) when located in imported boundaries' })),
  source: lit(['web', 'open311', 'api'] as const),
  reporter: Nullable(
    Type.Object({ kind: lit(['person', 'email', 'apikey'] as const), name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()), notify: Type.Boolean() }),
    'The reporter’s contact: only for those who may handle reports (reports.handle; API key `write`), null for readers such as analysts',
  ),
  assignee: Nullable(Type.Object({ idcodeHash: Type.String(), name: Type.String() })),
  forwardedTo: Nullable(Type.String()),
  duplicateOf: Nullable(Type.String({ description: 'The number of the report this one duplicates' })),
  createdAt: DateTime(),
  confirmedAt: Nullable(DateTime()),
  updatedAt: DateTime(),
  expectedAt: Nullable(DateTime('Expected-by date from the category’s target')),
  overdue: Type.Boolean(),
  firstActionAt: Nullable(DateTime()),
  closedAt: Nullable(DateTime()),
});

export const EventOut = Type.Object({
  seq: Type.Integer(),
  kind: Type.String(),
  public: Type.Boolean(),
  status: Status,
  body: Nullable(Type.String()),
  actor: Type.Object({ kind: Type.String(), name: Type.String() }),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), { description: 'What changed (e.g. from, category, forwardedTo, duplicateOf, assignee)' }),
  at: DateTime(),
});

export const PhotoOut = Type.Object({ id: Type.String(), url: Type.String(), mime: Type.String(), width: Type.Integer(), height: Type.Integer() });

export const ReportDetailOut = Type.Object({ report: ReportOut, events: Type.Array(EventOut), photos: Type.Array(PhotoOut) });

export const InboxQueryS = Type.Object({
  status: Type.Optional(Type.String({ description: '`open`, `closed` or one status' })),
  category: Type.Optional(Type.String({ description: 'Category code' })),
  domain: Type.Optional(Type.String({ description: 'Shared domain' })),
  group: Type.Optional(Type.String({ description: 'Handler group id' })),
  assignee: Type.Optional(Type.String({ description: '`mine` (the signed-in person’s) or `none` (unassigned)' })),
  overdue: Type.Optional(Type.String({ description: '`true`: open reports past their expected-by date' })),
  q: Type.Optional(Type.String({ description: 'Text in the description, number or address' })),
  sort: Type.Optional(Type.String({ description: '`newest` (default) or `expected`' })),
  page: Type.Optional(Type.String({ description: 'Page (1, 2, …)' })),
  pageSize: Type.Optional(Type.String({ description: 'Reports per page (1–100, default 25)' })),
});

export const InboxOut = Type.Object({
  items: Type.Array(ReportOut),
  total: Type.Integer(),
  page: Type.Integer(),
  pages: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Reports per status (every report of the KOV)' }),
  overdue: Type.Integer({ description: 'Open reports past their expected-by date' }),
});

const Attribute = Type.Object(
  {
    code: Type.String({ maxLength: 63 }),
    datatype: lit(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const),
    required: Type.Boolean(),
    description: Type.String({ maxLength: 500 }),
    order: Type.Integer(),
    values: Type.Array(Type.Object({ key: Type.String({ maxLength: 100 }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);

const Names = Type.Object({ et: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }), ru: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

const categoryFields = {
  domain: DomainT,
  names: Names,
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  groupId: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  slaDays: Type.Integer({ description: 'Target in calendar days (1–365): expected-by = received + slaDays' }),
  attributes: Type.Optional(Type.Array(Attribute, { maxItems: 30, description: 'Open311 service definition attributes' })),
  keywords: Type.Optional(Type.String({ maxLength: 1000 })),
  active: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Integer()),
};

export const CategoryCreateBody = Type.Object({ code: Type.String({ maxLength: 63, description: 'The Open311 service_code: a-z, 0-9, _ and -; fixed once created' }), ...categoryFields }, { additionalProperties: false });
export const CategoryUpdateBody = Type.Object(categoryFields, { additionalProperties: false });

export const CategoryOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  domain: DomainT,
  names: Names,
  description: Type.String(),
  groupId: Nullable(Type.String()),
  slaDays: Type.Integer(),
  attributes: Type.Array(Attribute),
  keywords: Type.String(),
  active: Type.Boolean(),
  sort: Type.Integer(),
});

export const GroupBody = Type.Object({ name: Type.String({ maxLength: 200 }), email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))) }, { additionalProperties: false });
export const MemberBody = Type.Object({ idcode: Type.String({ maxLength: 20, description: 'Personal ID code (kept only as its keyed hash)' }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export const MemberOut = Type.Object({ idcodeHash: Type.String(), name: Type.String() });
export const GroupOut = Type.Object({ id: Type.String(), name: Type.String(), email: Nullable(Type.String()), members: Type.Array(MemberOut) });

export const SettingsBody = Type.Object({ keepMonths: Nullable(Type.Integer(), 'Months after closing that reports stay public (1–1200); null: for ever') }, { additionalProperties: false });
export const SettingsOut = Type.Object({ keepMonths: Nullable(Type.Integer()) });
