// The national portal's change feed: what was published (a new version) or archived in any KOV's
// catalogue since a time, oldest first, cursor-paged, each change with the service's page and its
// CPSV-AP documents. The portal pulls it daily: GET /api/v1/services/changes?since=…, then follows
// `next` until it is null, and keeps the time of its run for the next day's `since`.
// docs/cpsv-ap.md. Public data: no sign-in, no API key.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { badRequest } from '../../kernel/errors.js';
import { problem } from '../../kernel/schema.js';
import { cpsvIris } from './cpsv.js';
import { catalogueChanges } from './service.js';

const L3Out = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }, { additionalProperties: false });

const ChangeOut = Type.Object(
  {
    id: Type.String({ description: 'The change’s id' }),
    kind: Type.Union([Type.Literal('published'), Type.Literal('archived')], { description: 'published: a (new) version is public; archived: the service is no longer offered' }),
    at: Type.String({ format: 'date-time', description: 'When it happened (UTC)' }),
    kov: Type.Object({ code: Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code' }), name: Type.String() }, { additionalProperties: false }),
    service: Type.Object(
      {
        id: Type.String({ description: 'The service’s stable id (also the CPSV-AP dct:identifier)' }),
        slug: Type.String({ description: 'The stable part of the page address' }),
        versionNo: Type.Integer({ minimum: 1 }),
        name: L3Out,
      },
      { additionalProperties: false },
    ),
    page: Type.String({ description: 'The service’s public page' }),
    cpsv: Type.Object(
      {
        id: Type.String({ description: 'The cpsv:PublicService IRI in the KOV’s CPSV-AP document' }),
        jsonld: Type.String({ description: 'The KOV’s catalogue as CPSV-AP 3.2 JSON-LD (an archived service is no longer in it)' }),
        turtle: Type.String({ description: 'The same as Turtle' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const ChangesOut = Type.Object(
  {
    changes: Type.Array(ChangeOut),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `after` (with the same `since`) for the next page; null: this was the last page' }),
    nextUrl: Type.Union([Type.String(), Type.Null()], { description: 'The next page’s full URL, or null' }),
  },
  { additionalProperties: false },
);

const ChangesQuery = Type.Object(
  {
    since: Type.String({ description: 'ISO 8601 time: changes at or after it (e.g. 2026-12-01T00:00:00Z)', maxLength: 40 }),
    after: Type.Optional(Type.String({ description: 'The `next` of the previous page', maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Changes per page' })),
  },
  { additionalProperties: false },
);

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The `since` parameter as a time, or null (not ISO 8601 with a zone, or not a real time). */
export function parseSince(s: string): Date | null {
  if (!ISO_RE.test(s)) return null;
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function portalRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const base = app.config.publicUrl;
  const iri = cpsvIris(base);

  r.get(
    '/api/v1/services/changes',
    {
      schema: {
        tags: ['services'],
        summary: 'Changes of every KOV’s service catalogue since a time (the national portal’s daily pull)',
        description:
          'Published versions and archivings across all KOVs at or after `since`, oldest first, `limit` per page; follow `next` (or `nextUrl`) until it is null. Drafts never appear. Each change names the service’s page and its KOV’s CPSV-AP 3.2 documents.',
        querystring: ChangesQuery,
        response: { 200: ChangesOut, 400: problem('Bad `since`, `after` or `limit`: each field is named with the reason') },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const since = parseSince(q.since);
      if (!since) throw badRequest([{ field: 'since', reason: 'services.error.since' }]);
      const limit = q.limit ?? 100;
      const page = await catalogueChanges(db, since, limit, q.after);
      reply.header('cache-control', 'no-store').header('access-control-allow-origin', '*');
      const nextUrl = page.next
        ? `${base}/api/v1/services/changes?${new URLSearchParams({ since: q.since, after: page.next, limit: String(limit) }).toString()}`
        : null;
      return {
        changes: page.changes.map((c) => ({
          id: c.id,
          kind: c.kind,
          at: c.at.toISOString(),
          kov: { code: c.kovCode, name: c.kovName },
          service: { id: c.serviceId, slug: c.slug, versionNo: c.versionNo, name: { et: c.entry.name.et, en: c.entry.name.en, ru: c.entry.name.ru } },
          page: iri.page(c.kovCode, c.slug),
          cpsv: { id: iri.service(c.kovCode, c.serviceId), jsonld: iri.doc(c.kovCode, 'jsonld'), turtle: iri.doc(c.kovCode, 'ttl') },
        })),
        next: page.next,
        nextUrl,
      };
    },
  );
}
