// Test factories of the open-data module (other modules' tests may use them): actors, valid metadata,
// a dataset taken through the workflow to a given status.
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { DatasetMeta } from './model.js';
import { emptyMeta } from './model.js';
import { addFile, addLink, createDataset, transition } from './service.js';

/** The nightly refresh of the automatic datasets (tests and journeys run it themselves: no job workers there). */
export { nightlyRefresh } from './auto/index.js';

export const OPENDATA_KOV = '0784';
export const OPENDATA_OTHER_KOV = '0793';
export const PUBLISHER: Actor = { kind: 'person', id: 'p-publisher', name: 'Piret Avaldaja' };
export const REVIEWER: Actor = { kind: 'person', id: 'p-reviewer', name: 'Rein Ülevaataja' };

export function sampleMeta(kov: string = OPENDATA_KOV, over: Partial<DatasetMeta> = {}): DatasetMeta {
  return {
    ...emptyMeta(kov),
    title: { et: 'Mänguväljakud', en: 'Playgrounds', ru: 'Детские площадки' },
    description: { et: 'Linna mänguväljakud.', en: 'The city’s playgrounds.', ru: '' },
    contactName: 'Strateegiakeskus',
    contactEmail: 'avaandmed@linn.example',
    themes: ['EDUC'],
    keywords: ['mänguväljak'],
    ...over,
  };
}

export const SAMPLE_CSV = 'nimi;aadress\nKadrioru;Weizenbergi 26\n';

/** A dataset with a CSV file and a link, taken to `to` (review and publish by REVIEWER). */
export async function datasetIn(db: Db, kov: string, to: 'draft' | 'reviewed' | 'published', over: Partial<DatasetMeta> = {}): Promise<string> {
  const { id } = await createDataset(db, kov, sampleMeta(kov, over), PUBLISHER);
  await addFile(db, kov, id, { name: 'andmed.csv', bytes: Buffer.from(SAMPLE_CSV) }, PUBLISHER);
  await addLink(db, kov, id, { kind: 'link', title: { et: 'Kaart', en: '', ru: '' }, url: 'https://kaart.example/x', format: 'HTML' }, PUBLISHER);
  if (to !== 'draft') await transition(db, kov, id, 'review', REVIEWER);
  if (to === 'published') await transition(db, kov, id, 'publish', REVIEWER);
  return id;
}
