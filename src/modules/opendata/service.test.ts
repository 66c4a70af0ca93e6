// The open-data register against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL), the
// clock set: create and edit drafts, distributions (file, link, API), the workflow with four eyes,
// issued kept across a return to draft, only published datasets in the public catalogue, audit
// entries, and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionsOf } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { asOwner, engine, fails, seedTenant, testDb } from '../../../test/helpers.js';
import type { DcatDataset } from './catalog.js';
import { OPENDATA_KOV as A, OPENDATA_OTHER_KOV as B, PUBLISHER, REVIEWER, SAMPLE_CSV, datasetIn, sampleMeta } from './fixtures.js';
import {
  addFile,
  addLink,
  catalogueDatasets,
  createDataset,
  getDataset,
  listDatasets,
  officialFile,
  publicFile,
  publishedDatasets,
  registerDatasetProvider,
  removeDistribution,
  transition,
  updateDataset,
} from './service.js';

let db: Db;

beforeAll(async () => {
  setClock('2026-12-10T10:00:00+02:00');
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
});
afterAll(async () => {
  await db?.close();
});

describe(`opendata: the register (${engine})`, () => {
  it('a new dataset is a draft; bad metadata is refused with each field named', async () => {
    const { id } = await createDataset(db, A, sampleMeta(A), PUBLISHER);
    const d = (await getDataset(db, A, id))!;
    expect(d).toMatchObject({ status: 'draft', editedBy: PUBLISHER.name, issued: null, distributions: [] });
    const bad = await fails(createDataset(db, A, sampleMeta(A, { title: { et: '', en: '', ru: '' }, contactEmail: 'x', temporalStart: '2026-05-01', temporalEnd: '2026-04-01' }), PUBLISHER));
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual(['title_et', 'contactEmail', 'temporalEnd']);
    // the area is a known EHAK unit: another KOV's code is fine, an unknown one is not
    await createDataset(db, A, sampleMeta(A, { spatial: B }), PUBLISHER);
    expect((await fails(createDataset(db, A, sampleMeta(A, { spatial: '9999' }), PUBLISHER))).reasons).toContain('opendata.error.spatialUnknown');
  });

  it('distributions: a file (type by extension, size, sha256), a link, an API; http(s) only; removed again', async () => {
    const { id } = await createDataset(db, A, sampleMeta(A), PUBLISHER);
    const f = await addFile(db, A, id, { name: 'andmed.csv', bytes: Buffer.from(SAMPLE_CSV) }, PUBLISHER);
    await addLink(db, A, id, { kind: 'link', title: { et: 'Kaart', en: '', ru: '' }, url: 'https://kaart.example', format: null }, PUBLISHER);
    const api = await addLink(db, A, id, { kind: 'api', title: { et: 'API', en: '', ru: '' }, url: 'https://api.example/v1', format: 'JSON' }, PUBLISHER);
    expect((await fails(addLink(db, A, id, { kind: 'link', title: { et: '', en: '', ru: '' }, url: 'ftp://x.example', format: 'DOC' }, PUBLISHER))).fields).toEqual(['distTitle', 'url', 'format']);
    expect((await fails(addFile(db, A, id, { name: 'viirus.exe', bytes: Buffer.from('MZ') }, PUBLISHER))).fields).toEqual(['file']);
    const d = (await getDataset(db, A, id))!;
    expect(d.distributions.map((x) => [x.kind, x.mediaType, x.format])).toEqual([
      ['file', 'text/csv', 'CSV'],
      ['link', null, null],
      ['api', null, 'JSON'],
    ]);
    expect(d.distributions[0]).toMatchObject({ fileName: 'andmed.csv', bytes: SAMPLE_CSV.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await officialFile(db, A, id, f.id))!.bytes.toString()).toBe(SAMPLE_CSV);
    // a draft's file is not public
    expect(await publicFile(db, f.id)).toBeNull();
    await removeDistribution(db, A, id, api.id, PUBLISHER);
    expect((await getDataset(db, A, id))!.distributions).toHaveLength(2);
  });

  it('the workflow: four eyes, publish needs a distribution, issued kept when taken back to draft and published again', async () => {
    const { id } = await createDataset(db, A, sampleMeta(A), PUBLISHER);
    expect((await fails(transition(db, A, id, 'review', PUBLISHER))).reasons).toEqual(['opendata.error.fourEyes']);
    await transition(db, A, id, 'review', REVIEWER);
    expect((await fails(transition(db, A, id, 'publish', REVIEWER))).reasons).toEqual(['opendata.error.noDistribution']);
    // a reviewed dataset cannot be edited: back to draft first (the review is void then)
    expect((await fails(updateDataset(db, A, id, sampleMeta(A), PUBLISHER))).status).toBe(409);
    await transition(db, A, id, 'reopen', PUBLISHER);
    await addLink(db, A, id, { kind: 'link', title: { et: 'Kaart', en: '', ru: '' }, url: 'https://kaart.example', format: null }, PUBLISHER);
    await transition(db, A, id, 'review', REVIEWER);
    await transition(db, A, id, 'publish', REVIEWER);
    const first = (await getDataset(db, A, id))!;
    expect(first).toMatchObject({ status: 'published', reviewedBy: REVIEWER.name });
    expect(first.issued?.toISOString()).toBe('2026-12-10T08:00:00.000Z');
    expect((await fails(transition(db, A, id, 'publish', REVIEWER))).reasons).toEqual(['opendata.error.cannot.publish']);

    advanceClock(86_400_000);
    await transition(db, A, id, 'reopen', PUBLISHER);
    await updateDataset(db, A, id, sampleMeta(A, { title: { et: 'Mänguväljakud 2027', en: '', ru: '' } }), PUBLISHER);
    await transition(db, A, id, 'review', REVIEWER);
    await transition(db, A, id, 'publish', REVIEWER);
    const again = (await getDataset(db, A, id))!;
    expect(again.issued?.toISOString()).toBe(first.issued?.toISOString());
    expect(again.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    await transition(db, A, id, 'withdraw', REVIEWER);
    expect((await getDataset(db, A, id))!.status).toBe('withdrawn');
    const actions = await asOwner(db, (t) => auditActionsOf(t, A));
    for (const a of ['create', 'update', 'review', 'publish', 'withdraw', 'reopen']) expect(actions).toContain(`opendata.dataset.${a}`);
    expect(actions).toContain('opendata.distribution.add');
  });

  it('only published datasets are public, in the shared catalogue shape; each KOV sees only its own register', async () => {
    const pub = await datasetIn(db, B, 'published', { title: { et: 'Rattaparklad', en: '', ru: '' } });
    const rev = await datasetIn(db, B, 'reviewed');
    const list = await publishedDatasets(db, B);
    expect(list.map((d) => d.id)).toEqual([pub]);
    const d = list[0]!;
    expect(d).toMatchObject({ kov: B, auto: false, spatial: B, frequency: 'ANNUAL', license: 'CC_BY_4_0', accessRights: 'PUBLIC', landingPage: `/opendata/${pub}` });
    // an empty translation falls back to Estonian in the shared shape
    expect(d.title).toEqual({ et: 'Rattaparklad', en: 'Rattaparklad', ru: 'Rattaparklad' });
    const file = d.distributions.find((x) => x.kind === 'file')!;
    expect(file.downloadUrl).toBe(`/opendata/files/${file.id}/andmed.csv`);
    expect((await publicFile(db, file.id))!.bytes.toString()).toBe(SAMPLE_CSV);
    // tenant isolation: A's register does not list B's datasets, nor can A read one of them
    expect((await listDatasets(db, A)).some((x) => x.id === pub || x.id === rev)).toBe(false);
    expect(await getDataset(db, A, pub)).toBeNull();
    expect((await fails(transition(db, A, rev, 'publish', REVIEWER))).status).toBe(404);
  });

  it('the whole catalogue takes the providers’ datasets and extra ones, ordered by KOV then id, the platform’s last', async () => {
    const auto: DcatDataset = { ...(await publishedDatasets(db, B))[0]!, id: 'platform-auto-1', kov: null, auto: true };
    registerDatasetProvider(async () => [auto]);
    const extra: DcatDataset = { ...auto, id: 'platform-extra-1' };
    const all = await catalogueDatasets(db, [extra]);
    expect(all.slice(-2).map((d) => d.id)).toEqual(['platform-auto-1', 'platform-extra-1']);
    expect(all.filter((d) => d.kov).every((d, i, a) => i === 0 || (a[i - 1]!.kov ?? '') <= (d.kov ?? ''))).toBe(true);
  });
});
