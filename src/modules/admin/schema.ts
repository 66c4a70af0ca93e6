// TypeBox schemas of the admin JSON API (/api/v1/kov/:kov/roles, /api-keys, /audit). They validate
// the shape of requests and document the API in OpenAPI; the service checks the rules (ID code
// check digit, known role, scopes, date range) and answers with field errors of its own.
import { Type } from 'typebox';
import type { Static } from 'typebox';

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });

export const KovIdParams = Type.Object({
  kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }),
  id: Type.String({ format: 'uuid' }),
});


const Nullable = <S extends ReturnType<typeof Type.String>>(s: S) => Type.Union([s, Type.Null()]);

// ---------- roles ----------
export const Grant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kov: Type.String(),
  role: Type.String({ description: 'Role id, e.g. kov-admin' }),
  roleLabel: Type.String({ description: 'Human name of the role in the requested language' }),
  idcodeHint: Type.String({ description: 'Last four digits of the personal ID code; the code itself is never returned' }),
  personName: Nullable(Type.String({ description: 'Name of the person, once they have signed in' })),
  grantedAt: Type.String({ format: 'date-time' }),
  grantedBy: Nullable(Type.String()),
});
export type GrantOut = Static<typeof Grant>;

export const GrantList = Type.Object({ items: Type.Array(Grant) });

export const GrantBody = Type.Object(
  {
    idcode: Type.String({ maxLength: 40, description: 'Personal ID code (isikukood), 11 digits' }),
    role: Type.String({ maxLength: 100, description: 'Role id; see the roles offered on the roles page' }),
  },
  { additionalProperties: false },
);

// ---------- API keys ----------
export const Scope = Type.Enum(['read', 'write']);

export const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kov: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'Public identifier: the key starts with vmk_<prefix>_' }),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type ApiKeyOut = Static<typeof ApiKey>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });

export const ApiKeyBody = Type.Object(
  {
    name: Type.String({ maxLength: 400, description: 'What the key is for' }),
    scopes: Type.Array(Scope, { maxItems: 10, description: 'read: GET requests; write: changes' }),
  },
  { additionalProperties: false },
);

export const ApiKeyCreated = Type.Object({
  key: Type.String({ description: 'The key itself: shown in this response only, never again' }),
  apiKey: ApiKey,
});

// ---------- audit ----------
export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, e.g. role.grant' })),
    actor: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the actor’s name' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (Europe/Tallinn), YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day (Europe/Tallinn), YYYY-MM-DD' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000, default: 1 })),
    lang: Type.Optional(Type.Enum(['et', 'en', 'ru'], { description: 'Language of error messages' })),
  },
  { additionalProperties: false },
);
export type AuditQueryIn = Static<typeof AuditQuery>;

/**
 * What an audit entry records of the object: a JSON object of the fields the action touched (their
 * names and values are the action's own, e.g. `{ "role": "kov-admin", "active": false }`), or null.
 */
const AuditSnapshot = (description: string) =>
  Type.Union([Type.Object({}, { additionalProperties: true, description: 'Field → JSON value' }), Type.Null()], { description });

export const AuditEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer({ description: 'Position in the KOV’s hash chain' }),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.Enum(['person', 'apikey', 'operator', 'system']),
    id: Nullable(Type.String()),
    name: Type.String(),
  }),
  action: Type.String(),
  target: Type.Object({ type: Nullable(Type.String()), id: Nullable(Type.String()) }),
  before: AuditSnapshot('The fields before the change; null for a creation'),
  after: AuditSnapshot('The fields after the change; null for a deletion'),
});
export type AuditEntryOut = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  page: Type.Integer(),
  pages: Type.Integer(),
  perPage: Type.Integer(),
  total: Type.Integer(),
});
