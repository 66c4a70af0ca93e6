// TypeBox schemas of the territory API (/api/v1/territory…, /api/v1/kov/:kov…). They validate
// input, shape output (fast-json-stringify drops anything not declared) and feed the OpenAPI document.
import { Type } from 'typebox';
import type { Static } from 'typebox';

export const Code = Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code: 4 digits, leading zeros kept', examples: ['0784'] });


const Counts = Type.Object({
  counties: Type.Integer({ description: 'Level 1: maakond' }),
  municipalities: Type.Integer({ description: 'Level 2: omavalitsus (the KOVs)' }),
  settlementUnits: Type.Integer({ description: 'Level 3 units listed by the source (asustusüksus); self units not counted' }),
  selfUnits: Type.Integer({ description: 'Towns without settlement units, stored as their own level-3 unit' }),
});

export const TerritoryInfo = Type.Object({
  version: Type.String({ description: 'Classifier version, e.g. 2025v5 (EHAK) or 2018-09-01 (Land Board)' }),
  sourceKind: Type.Union([Type.Literal('ehak'), Type.Literal('landboard'), Type.Literal('demo')]),
  fileName: Type.String(),
  importedAt: Type.String({ format: 'date-time' }),
  counts: Counts,
});
export type TerritoryInfo = Static<typeof TerritoryInfo>;

export const County = Type.Object({
  code: Code,
  name: Type.String(),
  municipalities: Type.Integer(),
});

export const CountyList = Type.Object({ version: Type.String(), items: Type.Array(County) });
export type CountyList = Static<typeof CountyList>;

export const Kov = Type.Object({
  code: Code,
  name: Type.String(),
  kind: Type.Union([Type.Literal('linn'), Type.Literal('vald')]),
  countyCode: Code,
  countyName: Type.Union([Type.String(), Type.Null()]),
  ehakVersion: Type.String(),
});

export const KovList = Type.Object({ version: Type.Union([Type.String(), Type.Null()]), items: Type.Array(Kov) });
export type KovList = Static<typeof KovList>;

export const KovDetail = Type.Object({
  ...Kov.properties,
  settlementUnits: Type.Integer({ description: 'Settlement units in the current classifier version (a self unit counts as one)' }),
  isOwnSettlementUnit: Type.Boolean({ description: 'True for a town without settlement units: the town is its own settlement unit' }),
});
export type KovDetail = Static<typeof KovDetail>;

export const SettlementUnit = Type.Object({
  code: Code,
  name: Type.String(),
  type: Type.Union([Type.String(), Type.Null()], { description: 'küla, alevik, alev, linn, linnaosa, vallasisene linn, asum; null if the source gives none' }),
  selfUnit: Type.Boolean({ description: 'The municipality itself, for towns without settlement units' }),
});

export const SettlementUnitList = Type.Object({
  kov: Code,
  version: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(SettlementUnit),
});
export type SettlementUnitList = Static<typeof SettlementUnitList>;

export const KovsQuery = Type.Object(
  {
    county: Type.Optional(Code),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name (case and diacritics ignored)' })),
  },
);

export const KovParams = Type.Object({ kov: Code });

export const PageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
);

// Page routes (HTML): lenient about unknown parameters such as ?lang=.
export const PageKovsQuery = Type.Object({
  county: Type.Optional(Type.Union([Code, Type.Literal('')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});
export const PageNumberQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) });
export const CountyParams = Type.Object({ county: Code });
