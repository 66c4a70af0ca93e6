// The public list of a KOV's reports as JSON: what the public page shows, nothing more (no reporter
// data, no assignee, no internal notes). Everyone may read it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { KovCode, problem } from '../../kernel/schema.js';
import type { PublicFilter, PublicReport } from './public.js';
import { PUBLIC_PAGE_SIZE, publicList } from './public.js';
import type { Domain } from './repo.js';
import { DOMAINS } from './service.js';

const STATUSES = ['received', 'in_progress', 'scheduled', 'reopened', 'fixed', 'forwarded', 'duplicate', 'closed'] as const;

const PublicReportOut = Type.Object(
  {
    number: Type.String({ pattern: '^[0-9]{4}-[0-9]{6}$', description: 'The report’s number in the KOV' }),
    category: Type.Object({ code: Type.String(), name: Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }) }),
    domain: Type.Union(DOMAINS.map((d) => Type.Literal(d))),
    status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
    open: Type.Boolean(),
    description: Type.String(),
    lat: Type.Union([Type.Number(), Type.Null()], { description: 'WGS84 latitude' }),
    lon: Type.Union([Type.Number(), Type.Null()], { description: 'WGS84 longitude' }),
    address: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    expectedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The expected-by date (open reports)' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    followers: Type.Integer({ minimum: 0, description: 'People who follow the report (“I have this problem too”, confirmed)' }),
    url: Type.String({ description: 'The report’s public page' }),
  },
  { additionalProperties: false },
);

const PublicListOut = Type.Object({
  items: Type.Array(PublicReportOut),
  total: Type.Integer({ minimum: 0 }),
  page: Type.Integer({ minimum: 1 }),
  pages: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
});

const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'Open or closed reports only' })),
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'A category code (the Open311 service_code)' })),
    domain: Type.Optional(Type.Union(DOMAINS.map((d) => Type.Literal(d)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  },
  { additionalProperties: false },
);

export async function publicApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const base = app.config.publicUrl;
  const out = (kov: string, p: PublicReport) => ({
    ...p,
    createdAt: p.createdAt.toISOString(),
    expectedAt: p.expectedAt ? p.expectedAt.toISOString() : null,
    closedAt: p.closedAt ? p.closedAt.toISOString() : null,
    status: p.status as (typeof STATUSES)[number],
    url: `${base}/kov/${kov}/reports/${p.number}`,
  });

  r.get(
    '/api/v1/kov/:kov/reports/public',
    {
      schema: {
        tags: ['reports'],
        summary: 'The KOV’s public reports, newest first (no personal data)',
        description: `Confirmed reports only; a closed report past the KOV's retention (months after closing) is left out. ${PUBLIC_PAGE_SIZE} per page.`,
        params: Type.Object({ kov: KovCode }),
        querystring: ListQuery,
        response: { 200: PublicListOut, 400: problem('Bad filter: each field is named with the reason'), 404: problem('No such KOV') },
      },
    },
    async (req) => {
      const { kov } = req.params;
      const q = req.query;
      const f: PublicFilter = {};
      if (q.status) f.open = q.status === 'open';
      if (q.category) f.categoryCode = q.category;
      if (q.domain) f.domain = q.domain as Domain;
      const list = await publicList(db, kov, f, q.page ?? 1);
      return { items: list.reports.map((p) => out(kov, p)), total: list.total, page: list.page, pages: list.pages, pageSize: PUBLIC_PAGE_SIZE };
    },
  );
}
