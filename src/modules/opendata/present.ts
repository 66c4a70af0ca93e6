// The open-data module's presenters: the metadata form's values ↔ DatasetMeta, and the JSON API's
// shapes (never raw rows).
import type { DcatText } from './catalog.js';
import type { AccessRights, DatasetMeta } from './model.js';
import type { DatasetView, DistributionView } from './service.js';
import type { FormValues } from './views/pages.js';

/** A form body's fields (repeated ones, the checkboxes, as lists), without the CSRF token. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export const one = (v: FormValues, k: string): string => {
  const x = v[k];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
};
const many = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return typeof x === 'string' ? [x] : Array.isArray(x) ? x : [];
};
const l3 = (v: FormValues, k: string): DcatText => ({ et: one(v, `${k}_et`), en: one(v, `${k}_en`), ru: one(v, `${k}_ru`) });

export function valuesToMeta(v: FormValues): DatasetMeta {
  return {
    title: l3(v, 'title'),
    description: l3(v, 'description'),
    contactName: one(v, 'contactName'),
    contactEmail: one(v, 'contactEmail'),
    themes: many(v, 'themes'),
    keywords: one(v, 'keywords').split(','),
    spatial: one(v, 'spatial'),
    temporalStart: one(v, 'temporalStart') || null,
    temporalEnd: one(v, 'temporalEnd') || null,
    frequency: one(v, 'frequency'),
    license: one(v, 'license'),
    accessRights: one(v, 'accessRights') as AccessRights,
  };
}

export function metaToValues(m: DatasetMeta): FormValues {
  return {
    title_et: m.title.et,
    title_en: m.title.en,
    title_ru: m.title.ru,
    description_et: m.description.et,
    description_en: m.description.en,
    description_ru: m.description.ru,
    contactName: m.contactName,
    contactEmail: m.contactEmail,
    themes: m.themes,
    keywords: m.keywords.join(', '),
    spatial: m.spatial,
    temporalStart: m.temporalStart ?? '',
    temporalEnd: m.temporalEnd ?? '',
    frequency: m.frequency,
    license: m.license,
    accessRights: m.accessRights,
  };
}

export function distributionOut(d: DistributionView) {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    url: d.url,
    mediaType: d.mediaType,
    format: d.format,
    fileName: d.fileName,
    bytes: d.bytes,
    sha256: d.sha256,
    createdAt: d.createdAt.toISOString(),
  };
}

export function datasetOut(d: DatasetView) {
  return {
    id: d.id,
    kov: d.kov,
    status: d.status,
    meta: d.meta,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    editedBy: d.editedBy,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt?.toISOString() ?? null,
    issued: d.issued?.toISOString() ?? null,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    withdrawnAt: d.withdrawnAt?.toISOString() ?? null,
    distributions: d.distributions.map(distributionOut),
  };
}
