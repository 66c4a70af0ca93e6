// Demo data of the open-data register (development only, loaded by src/dev): in Tallinn (0784) and
// Tartu (0793) a few datasets — playgrounds with a CSV file and a link, parking zones with a link and
// an API, published; one draft and one reviewed. Roles in Tallinn for demo people: Kadri Kuusk
// publishes, Andres Mets reviews; Kadri Kuusk is also ELVL's open-data keeper (platform role
// opendata-elvl: the keeper's page /opendata/keeper).
import { grantRole } from '../admin/index.js';
import type { Actor } from '../../kernel/audit.js';
import { isHttpError } from '../../kernel/errors.js';
import type { DemoContext } from '../../kernel/module.js';
import { registerRoles } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { DatasetMeta } from './model.js';
import { emptyMeta } from './model.js';
import { OPENDATA_ELVL, OPENDATA_PUBLISHER, OPENDATA_REVIEWER, opendataRoles } from './permissions.js';
import { addFile, addLink, createDataset, listDatasets, transition } from './service.js';

const EDITOR: Actor = { kind: 'system', id: 'demo-publisher', name: 'Demoandmed (avaldaja)' };
const REVIEWER: Actor = { kind: 'system', id: 'demo-reviewer', name: 'Demoandmed (ülevaataja)' };

interface DemoSet {
  meta: Partial<DatasetMeta>;
  file?: { name: string; text: string };
  links?: { kind: 'link' | 'api'; title: string; url: string; format: string | null }[];
  to: 'draft' | 'reviewed' | 'published';
}

function playgrounds(city: string, rows: string[]): string {
  return `nimi;aadress;vanuserühm;laius;pikkus\n${rows.join('\n')}\n`.replace(/CITY/g, city);
}

const DEMO: Record<string, { email: string; unit: string; sets: DemoSet[] }> = {
  '0784': {
    email: 'avaandmed@tallinnlv.ee',
    unit: 'Tallinna Strateegiakeskus',
    sets: [
      {
        meta: {
          title: { et: 'Mänguväljakud', en: 'Playgrounds', ru: 'Детские площадки' },
          description: {
            et: 'Tallinna linna mänguväljakud: nimi, aadress, vanuserühm ja asukoht (WGS84).',
            en: 'The city of Tallinn’s playgrounds: name, address, age group and location (WGS84).',
            ru: 'Детские площадки Таллинна: название, адрес, возрастная группа и координаты (WGS84).',
          },
          themes: ['EDUC', 'REGI'],
          keywords: ['mänguväljak', 'lapsed', 'vaba aeg'],
          frequency: 'ANNUAL',
          temporalStart: '2026-01-01',
        },
        file: {
          name: 'manguvaljakud.csv',
          text: playgrounds('Tallinn', [
            'Kadrioru mänguväljak;Weizenbergi 26, Tallinn;3–12;59.4385;24.7912',
            'Löwenruhu mänguväljak;Tihase 11, Tallinn;1–10;59.4232;24.7079',
            'Lasnamäe mänguväljak;Pae 19, Tallinn;3–14;59.4320;24.8229',
          ]),
        },
        links: [{ kind: 'link', title: 'Mänguväljakud linna kaardil', url: 'https://www.tallinn.ee/et/manguvaljakud', format: 'HTML' }],
        to: 'published',
      },
      {
        meta: {
          title: { et: 'Parkimistsoonid', en: 'Parking zones', ru: 'Зоны парковки' },
          description: {
            et: 'Tasulise parkimise tsoonid ja hinnad Tallinnas.',
            en: 'Paid parking zones and prices in Tallinn.',
            ru: 'Зоны платной парковки и цены в Таллинне.',
          },
          themes: ['TRAN'],
          keywords: ['parkimine', 'transport'],
          frequency: 'MONTHLY',
          license: 'CC0',
        },
        links: [
          { kind: 'link', title: 'Parkimistsoonid (GeoJSON)', url: 'https://www.tallinn.ee/avaandmed/parkimistsoonid.geojson', format: 'GEOJSON' },
          { kind: 'api', title: 'Parkimise API', url: 'https://api.tallinn.ee/parkimine/v1', format: 'JSON' },
        ],
        to: 'published',
      },
      {
        meta: {
          title: { et: 'Tänavavalgustus', en: 'Street lighting', ru: 'Уличное освещение' },
          description: { et: 'Tänavavalgustite asukohad ja tüübid.', en: '', ru: '' },
          themes: ['ENER'],
          keywords: ['valgustus'],
          frequency: 'IRREG',
        },
        to: 'draft',
      },
    ],
  },
  '0793': {
    email: 'avaandmed@raad.tartu.ee',
    unit: 'Tartu Linnavalitsus',
    sets: [
      {
        meta: {
          title: { et: 'Mänguväljakud', en: 'Playgrounds', ru: 'Детские площадки' },
          description: {
            et: 'Tartu linna mänguväljakud ja nende asukohad.',
            en: 'The city of Tartu’s playgrounds and where they are.',
            ru: 'Детские площадки Тарту и их расположение.',
          },
          themes: ['EDUC'],
          keywords: ['mänguväljak', 'lapsed'],
          frequency: 'ANNUAL',
          temporalStart: '2025-01-01',
          temporalEnd: '2026-12-31',
        },
        file: {
          name: 'manguvaljakud-tartu.csv',
          text: playgrounds('Tartu', ['Emajõe mänguväljak;Vabaduse pst 1, Tartu;3–12;58.3799;26.7290', 'Annelinna mänguväljak;Kaunase pst 5, Tartu;1–10;58.3713;26.7675']),
        },
        links: [{ kind: 'link', title: 'Tartu mänguväljakud', url: 'https://www.tartu.ee/et/manguvaljakud', format: 'HTML' }],
        to: 'published',
      },
      {
        meta: {
          title: { et: 'Rattaparklad', en: 'Bicycle parking', ru: 'Велопарковки' },
          description: { et: 'Rattaparklate asukohad ja kohtade arv.', en: 'Where the bicycle stands are and how many places they have.', ru: 'Расположение велопарковок и число мест.' },
          themes: ['TRAN'],
          keywords: ['ratas', 'parkimine'],
          frequency: 'QUARTERLY',
        },
        links: [{ kind: 'link', title: 'Rattaparklad (CSV)', url: 'https://www.tartu.ee/avaandmed/rattaparklad.csv', format: 'CSV' }],
        to: 'reviewed',
      },
    ],
  },
};

export async function opendataDemo(ctx: DemoContext): Promise<void> {
  const { db, log } = ctx;
  for (const [kov, k] of Object.entries(DEMO)) {
    if (!(await loadTenant(db, kov))) continue;
    if ((await listDatasets(db, kov)).length) continue;
    for (const s of k.sets) {
      const meta: DatasetMeta = { ...emptyMeta(kov), contactName: k.unit, contactEmail: k.email, ...s.meta };
      const { id } = await createDataset(db, kov, meta, EDITOR);
      if (s.file) await addFile(db, kov, id, { name: s.file.name, bytes: Buffer.from(s.file.text, 'utf8') }, EDITOR);
      for (const l of s.links ?? []) await addLink(db, kov, id, { kind: l.kind, title: { et: l.title, en: '', ru: '' }, url: l.url, format: l.format }, EDITOR);
      if (s.to !== 'draft') await transition(db, kov, id, 'review', REVIEWER);
      if (s.to === 'published') await transition(db, kov, id, 'publish', REVIEWER);
    }
    log(`Open data: ${k.sets.length} datasets in ${kov}.`);
  }
  const grants: [string, string][] = [
    ['Kadri', OPENDATA_PUBLISHER],
    ['Andres', OPENDATA_REVIEWER],
  ];
  registerRoles(opendataRoles); // the demo runs before the app is built (and its roles registered)
  const grant = async (kov: string | null, given: string, role: string) => {
    const p = ctx.people.find((x) => x.givenName === given);
    if (!p) return;
    try {
      await grantRole(db, ctx.config.idcodeHmacKey, { kov, idcode: p.idcode, role, actor: EDITOR });
    } catch (e) {
      if (!(isHttpError(e) && e.status === 409)) throw e;
    }
  };
  if (await loadTenant(db, '0784')) for (const [given, role] of grants) await grant('0784', given, role);
  await grant(null, 'Kadri', OPENDATA_ELVL);
}
