// TypeBox schemas of the open-data JSON API (/api/v1/kov/{kov}/opendata/datasets, /api/v1/opendata/datasets).
import { Type } from 'typebox';
import { ACCESS_RIGHTS, FREQUENCIES, LICENSES, LINK_FORMATS, STATUSES, THEMES } from './model.js';

const L3 = (description: string, max: number) =>
  Type.Object({ et: Type.String({ maxLength: max }), en: Type.String({ maxLength: max }), ru: Type.String({ maxLength: max }) }, { description });
const codes = <C extends string>(list: readonly C[], description: string) => Type.Enum([...list], { description });

export const Status = codes(STATUSES, 'draft → reviewed → published; published → withdrawn; back to draft');

export const MetaIn = Type.Object(
  {
    title: L3('Title (Estonian required)', 200),
    description: L3('Description (Estonian required)', 5000),
    contactName: Type.String({ maxLength: 200 }),
    contactEmail: Type.String({ maxLength: 200 }),
    themes: Type.Array(codes(THEMES, 'EU data theme'), { maxItems: 13, description: 'EU data themes (at least one)' }),
    keywords: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 30, description: 'Keywords in Estonian' }),
    spatial: Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code of the covered area' }),
    temporalStart: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    temporalEnd: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    frequency: codes(FREQUENCIES, 'EU frequency'),
    license: codes(LICENSES, 'EU licence'),
    accessRights: codes(ACCESS_RIGHTS, 'EU access right'),
  },
  { additionalProperties: false },
);

/** The stored metadata as the API answers it (codes as strings: the lists may grow). */
export const MetaOut = Type.Object({
  title: L3('Title', 200),
  description: L3('Description', 5000),
  contactName: Type.String(),
  contactEmail: Type.String(),
  themes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  spatial: Type.String(),
  temporalStart: Type.Union([Type.String(), Type.Null()]),
  temporalEnd: Type.Union([Type.String(), Type.Null()]),
  frequency: Type.String(),
  license: Type.String(),
  accessRights: Type.String(),
});

export const LinkIn = Type.Object(
  {
    kind: Type.Union([Type.Literal('link'), Type.Literal('api')]),
    title: L3('Title (Estonian required)', 200),
    url: Type.String({ maxLength: 2000, description: 'http or https' }),
    format: Type.Union([codes(LINK_FORMATS, 'EU file type'), Type.Null()]),
  },
  { additionalProperties: false },
);

export const FileIn = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'File name with its extension (csv, json, geojson, xml, xlsx, ods, txt, pdf, zip)' }),
    contentBase64: Type.String({ maxLength: 14_000_000, description: 'The file, base64 (up to 10 MB)' }),
  },
  { additionalProperties: false },
);

export const DistributionOut = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('file'), Type.Literal('link'), Type.Literal('api')]),
  title: L3('Title', 200),
  url: Type.Union([Type.String(), Type.Null()]),
  mediaType: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.Union([Type.String(), Type.Null()]),
  bytes: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DatasetOut = Type.Object({
  id: Type.String(),
  kov: Type.String(),
  status: Status,
  meta: MetaOut,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  editedBy: Type.String(),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  issued: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  distributions: Type.Array(DistributionOut),
});

const PublicDistribution = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('file'), Type.Literal('link'), Type.Literal('api')]),
  title: L3('Title', 200),
  accessUrl: Type.String(),
  downloadUrl: Type.Union([Type.String(), Type.Null()]),
  mediaType: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  byteSize: Type.Union([Type.Integer(), Type.Null()]),
  modified: Type.Union([Type.String(), Type.Null()]),
});

/** A published dataset in the shared catalogue shape (catalog.ts DcatDataset). */
export const PublicDatasetOut = Type.Object({
  id: Type.String(),
  kov: Type.Union([Type.String(), Type.Null()]),
  auto: Type.Boolean(),
  title: L3('Title', 200),
  description: L3('Description', 5000),
  contact: Type.Object({ name: Type.String(), email: Type.String() }),
  themes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  spatial: Type.Union([Type.String(), Type.Null()]),
  temporal: Type.Union([Type.Object({ start: Type.Union([Type.String(), Type.Null()]), end: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  frequency: Type.String(),
  license: Type.String(),
  accessRights: Type.String(),
  issued: Type.Union([Type.String(), Type.Null()]),
  modified: Type.Union([Type.String(), Type.Null()]),
  landingPage: Type.String(),
  distributions: Type.Array(PublicDistribution),
});
