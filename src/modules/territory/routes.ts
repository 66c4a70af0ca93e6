// HTTP for the territory module: the public pages (front page, KOV list, KOV page, county page)
// and the JSON API (/api/v1/territory…, /api/v1/kov/:kov…). Thin: parse → read → present.
// The kernel's :kov preHandler has already loaded req.tenant (or answered 404) on /…/:kov routes.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../kernel/errors.js';
import type { KovRow } from './repo.js';
import { countiesData, countyWithKovs, currentVersion, homeData, kovListData, kovsData, kovWithUnits } from './read.js';
import {
  CountyList,
  CountyParams,
  KovDetail,
  KovList,
  KovParams,
  KovsQuery,
  PageKovsQuery,
  PageNumberQuery,
  PageQuery,
  SettlementUnitList,
  TerritoryInfo,
} from './schema.js';
import { problem } from '../../kernel/schema.js';
import type { CountyGroup } from './views/pages.js';
import { CountyPage, HomePage, KovListPage, KovPage } from './views/pages.js';

export const UNITS_PER_PAGE = 50;
const UNIT_MATCHES = 50;

const TAGS = ['territory'];

const noVersion = () => new HttpError(404, 'not-found', 'error.notFound.title', [], 'territory.api.noVersion');
const unknownCounty = () => new HttpError(404, 'not-found', 'error.notFound.title', [{ field: 'county', reason: 'territory.api.unknownCounty' }]);

function groupByCounty(kovs: KovRow[]): CountyGroup[] {
  const groups = new Map<string, CountyGroup>();
  for (const k of kovs) {
    let g = groups.get(k.countyCode);
    if (!g) groups.set(k.countyCode, (g = { code: k.countyCode, name: k.countyName ?? k.countyCode, kovs: [] }));
    g.kovs.push(k);
  }
  const collator = new Intl.Collator('et');
  return [...groups.values()].sort((a, b) => collator.compare(a.name, b.name));
}

export async function territoryRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  // ---------- pages ----------

  app.get('/', async (req, reply) => {
    const { kovs, version } = await homeData(app.db);
    return reply.page(HomePage({ ctx: await req.pageCtx(), groups: groupByCounty(kovs), total: kovs.length, hasClassifier: !!version }));
  });

  app.get('/kov', { schema: { querystring: PageKovsQuery } }, async (req, reply) => {
    const county = req.query.county || '';
    const text = (req.query.q ?? '').trim();
    const data = await kovListData(app.db, { county: county || undefined, q: text || undefined }, UNIT_MATCHES);
    return reply.page(KovListPage({ ctx: await req.pageCtx(), ...data, county, q: text, unitLimit: UNIT_MATCHES }));
  });

  app.get('/kov/:kov', { schema: { querystring: PageNumberQuery } }, async (req, reply) => {
    const code = req.tenant!.code;
    const { kov, version, units } = await kovWithUnits(app.db, code);
    if (!kov) throw new HttpError(404, 'not-found', 'error.notFound.title');
    const selfUnit = units.length === 1 && units[0]!.selfUnit ? units[0]! : null;
    const pages = Math.max(1, Math.ceil(units.length / UNITS_PER_PAGE));
    const page = Math.min(req.query.page ?? 1, pages);
    return reply.page(
      KovPage({
        ctx: await req.pageCtx(),
        kov,
        version,
        units: units.slice((page - 1) * UNITS_PER_PAGE, page * UNITS_PER_PAGE),
        total: units.length,
        page,
        pages,
        selfUnit,
      }),
    );
  });

  app.get('/counties/:county', { schema: { params: CountyParams } }, async (req, reply) => {
    const code = req.params.county;
    const data = await countyWithKovs(app.db, code);
    if (!data.county) throw new HttpError(404, 'not-found', 'error.notFound.title', [], 'territory.county.notFound');
    return reply.page(CountyPage({ ctx: await req.pageCtx(), county: data.county, kovs: data.kovs }));
  });

  // ---------- JSON API ----------

  app.get(
    '/api/v1/territory',
    {
      schema: {
        tags: TAGS,
        summary: 'The current EHAK classifier version and its counts',
        response: { 200: TerritoryInfo, 404: problem('No classifier has been imported') },
      },
    },
    async () => {
      const v = await currentVersion(app.db);
      if (!v) throw noVersion();
      return {
        version: v.version,
        sourceKind: v.sourceKind,
        fileName: v.fileName,
        importedAt: new Date(v.importedAt).toISOString(),
        counts: { counties: v.counties, municipalities: v.municipalities, settlementUnits: v.settlementUnits, selfUnits: v.selfUnits },
      };
    },
  );

  app.get(
    '/api/v1/territory/counties',
    {
      schema: {
        tags: TAGS,
        summary: 'Counties (maakond) of the current classifier version',
        response: { 200: CountyList, 404: problem('No classifier has been imported') },
      },
    },
    async () => {
      const r = await countiesData(app.db);
      if (!r) throw noVersion();
      return r;
    },
  );

  app.get(
    '/api/v1/territory/kovs',
    {
      schema: {
        tags: TAGS,
        summary: 'Local governments (KOV): the active tenants, optionally of one county or matching a name',
        querystring: KovsQuery,
        response: { 200: KovList, 400: problem('Bad input, e.g. a county code that is not 4 digits'), 404: problem('Unknown county') },
      },
    },
    async (req) => {
      const { county, q: text } = req.query;
      const r = await kovsData(app.db, { county, q: text });
      if (r === 'unknownCounty') throw unknownCounty();
      return r;
    },
  );

  app.get(
    '/api/v1/kov/:kov',
    {
      schema: {
        tags: TAGS,
        summary: 'A local government (tenant) by its EHAK code',
        params: KovParams,
        response: { 200: KovDetail, 400: problem('The code is not 4 digits'), 404: problem('No active KOV with this code') },
      },
    },
    async (req) => {
      const code = req.params.kov;
      const { kov, units } = await kovWithUnits(app.db, code);
      if (!kov) throw new HttpError(404, 'not-found', 'error.notFound.title', [{ field: 'kov', reason: 'tenant.unknown' }]);
      return { ...kov, settlementUnits: units.length, isOwnSettlementUnit: units.length === 1 && units[0]!.selfUnit };
    },
  );

  app.get(
    '/api/v1/kov/:kov/settlement-units',
    {
      schema: {
        tags: TAGS,
        summary: 'Settlement units (asustusüksus) of a local government in the current classifier version',
        description:
          'For the towns without settlement units (e.g. Narva 0511) the list holds the town itself, flagged selfUnit. ' +
          'Tallinn (0784) and Kohtla-Järve (0321) list their city districts (linnaosa).',
        params: KovParams,
        querystring: PageQuery,
        response: { 200: SettlementUnitList, 400: problem('Bad input'), 404: problem('No active KOV with this code') },
      },
    },
    async (req) => {
      const code = req.params.kov;
      const page = req.query.page ?? 1;
      const limit = req.query.limit ?? 100;
      const { version, units } = await kovWithUnits(app.db, code);
      return {
        kov: code,
        version: version?.version ?? null,
        total: units.length,
        page,
        limit,
        items: units.slice((page - 1) * limit, page * limit),
      };
    },
  );
}
