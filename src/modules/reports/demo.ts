// Demo data for reports (after territory 10, admin 50): in Tallinn (0784) and Tartu linn (0793),
// handler groups, eight categories across the shared domains with et/en/ru names and targets, and
// about thirty reports in varied statuses, each made through createReport and handled through
// handleReport (so every one has its events and audit entries). Andres Mets (a demo person) gets the
// reports-handler role in Tallinn and is a member of its roads group. The demo runs on the real
// clock: every report is entered and handled "now".
import type { Actor } from '../../kernel/audit.js';
import { isHttpError } from '../../kernel/errors.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { registerRoles, type DemoContext } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import { grantRole } from '../admin/index.js';
import { addGroupMember, reportsSettings, saveCategory, saveGroup } from './admin.js';
import { handleReport, type HandlerAction } from './handling.js';
import { REPORTS_HANDLER, reportsRoles } from './permissions.js';
import type { Domain } from './repo.js';
import { createReport, type Reporter } from './service.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };

const CATEGORIES: Array<{ code: string; domain: Domain; et: string; en: string; ru: string; sla: number; group: 'roads' | 'city' }> = [
  { code: 'pothole', domain: 'roads', et: 'Auk teel', en: 'Pothole', ru: 'Яма на дороге', sla: 14, group: 'roads' },
  { code: 'sign', domain: 'roads', et: 'Liiklusmärk katki', en: 'Broken traffic sign', ru: 'Повреждён дорожный знак', sla: 7, group: 'roads' },
  { code: 'streetlight', domain: 'lighting', et: 'Tänavavalgusti ei põle', en: 'Street light out', ru: 'Не горит фонарь', sla: 5, group: 'roads' },
  { code: 'litter', domain: 'waste', et: 'Prügi ja risu', en: 'Litter', ru: 'Мусор', sla: 7, group: 'city' },
  { code: 'bin', domain: 'waste', et: 'Prügikast täis või katki', en: 'Bin full or broken', ru: 'Урна переполнена или сломана', sla: 3, group: 'city' },
  { code: 'tree', domain: 'greenery', et: 'Ohtlik puu', en: 'Dangerous tree', ru: 'Опасное дерево', sla: 21, group: 'city' },
  { code: 'drain', domain: 'water', et: 'Ummistunud kanalisatsioon', en: 'Blocked drain', ru: 'Засорён сток', sla: 10, group: 'city' },
  { code: 'graffiti', domain: 'public_order', et: 'Grafiti', en: 'Graffiti', ru: 'Граффити', sla: 30, group: 'city' },
];

/** Places per KOV (WGS84) and a street address beside each. */
const PLACES: Record<string, Array<[number, number, string]>> = {
  '0784': [
    [59.4372, 24.7453, 'Vabaduse väljak'],
    [59.4398, 24.7712, 'Narva mnt 7'],
    [59.4268, 24.7316, 'Tulika 19'],
    [59.4143, 24.6723, 'Ehitajate tee 5'],
    [59.4459, 24.8695, 'Laagna tee 60'],
    [59.4506, 24.7035, 'Kopli 25'],
    [59.4211, 24.7966, 'Tartu mnt 80'],
  ],
  '0793': [
    [58.3806, 26.7251, 'Raekoja plats'],
    [58.3733, 26.7296, 'Riia 15'],
    [58.3651, 26.6935, 'Ringtee 75'],
    [58.3887, 26.7012, 'Tähtvere 4'],
  ],
};

const DESCRIPTIONS: Record<string, string[]> = {
  pothole: ['Sügav auk sõiduteel, autod põrkavad.', 'Kõnnitee äärekivi juures on suur auk.'],
  sign: ['Stoppmärk on ümber lükatud.', 'Ülekäiguraja märk on kõveraks sõidetud.'],
  streetlight: ['Kolm tänavavalgustit järjest ei põle.', 'Valgusti vilgub terve öö.'],
  litter: ['Bussipeatuse juures on prügikotid maas.', 'Pargis on lõkkease ja pudelid.'],
  bin: ['Prügikast on üle ajanud.', 'Prügikasti kaas on katki.'],
  tree: ['Tormis murdunud oks ripub kõnnitee kohal.', 'Vana pappel kaldub majale.'],
  drain: ['Vihmaveerest ei jookse vesi ära, tänaval on lomp.', 'Kanalisatsioonikaev haiseb.'],
  graffiti: ['Koolimaja seinal on uus grafiti.', 'Bussiootepaviljon on sodiga kaetud.'],
};

/** What the handlers did with the n-th report (cycled): a list of actions. */
function script(n: number, otherNumber: string | null): HandlerAction[] {
  switch (n % 10) {
    case 0:
      return [];
    case 1:
      return [{ kind: 'status', status: 'in_progress', answer: 'Tänan teate eest, vaatame üle.' }];
    case 2:
      return [{ kind: 'status', status: 'scheduled', answer: 'Töö on planeeritud järgmisele nädalale.' }, { kind: 'note', body: 'Hankija teavitatud.' }];
    case 3:
      return [{ kind: 'status', status: 'in_progress' }, { kind: 'status', status: 'fixed', answer: 'Parandatud.' }];
    case 4:
      return [{ kind: 'forward', to: 'Transpordiamet', answer: 'Tegemist on riigimaanteega; edastasime Transpordiametile.' }];
    case 5:
      return otherNumber ? [{ kind: 'duplicate', of: otherNumber, answer: 'Sama probleem on juba teatatud.' }] : [];
    case 6:
      return [{ kind: 'status', status: 'closed', answer: 'Kohapeal probleemi ei leitud.' }];
    case 7:
      return [{ kind: 'status', status: 'fixed', answer: 'Korras.' }, { kind: 'reopen', reason: 'Teataja sõnul on probleem tagasi.' }];
    case 8:
      return [{ kind: 'answer', body: 'Täpsustasime asukohta, aitäh.' }];
    default:
      return [{ kind: 'note', body: 'Vajab kohapealset ülevaatust.' }];
  }
}

export async function reportsDemo(ctx: DemoContext): Promise<void> {
  registerRoles(reportsRoles); // the demo runs before the app is built (and its roles registered)
  const andres = ctx.people.find((p) => p.givenName === 'Andres' && p.familyName === 'Mets');
  let made = 0;
  for (const kov of Object.keys(PLACES)) {
    if (!(await loadTenant(ctx.db, kov))) {
      ctx.log(`reports demo: KOV ${kov} does not exist; skipped.`);
      continue;
    }
    if ((await reportsSettings(ctx.db, kov)).categories.length) continue; // loaded already
    const roads = await saveGroup(ctx.db, kov, { name: 'Teede ja valgustuse osakond', email: `teed.${kov}@example.ee` }, SYSTEM);
    const city = await saveGroup(ctx.db, kov, { name: 'Linnamajanduse osakond', email: `linn.${kov}@example.ee` }, SYSTEM);
    for (const [i, c] of CATEGORIES.entries()) {
      await saveCategory(
        ctx.db,
        kov,
        {
          code: c.code,
          domain: c.domain,
          names: { et: c.et, en: c.en, ru: c.ru },
          description: '',
          groupId: c.group === 'roads' ? roads.id : city.id,
          slaDays: c.sla,
          attributes:
            c.code === 'pothole'
              ? [{ code: 'size', datatype: 'singlevaluelist', required: false, description: 'Kui suur on auk?', order: 1, values: [{ key: 'small', name: 'Väike' }, { key: 'large', name: 'Suur' }] }]
              : [],
          keywords: '',
          active: true,
          sort: i,
        },
        SYSTEM,
      );
    }
    let handler: Actor = { kind: 'person', id: null, name: 'Demo käsitleja' };
    let handlerHash: string | null = null;
    if (kov === '0784' && andres) {
      try {
        await grantRole(ctx.db, ctx.config.idcodeHmacKey, { kov, idcode: andres.idcode, role: REPORTS_HANDLER, actor: SYSTEM });
      } catch (e) {
        if (!(isHttpError(e) && e.status === 409)) throw e;
      }
      const name = `${andres.givenName} ${andres.familyName}`;
      await addGroupMember(ctx.db, kov, roads.id, { idcode: andres.idcode, name }, ctx.config.idcodeHmacKey, SYSTEM);
      handlerHash = hashIdcode(ctx.config.idcodeHmacKey, andres.idcode);
      handler = { kind: 'person', id: null, name };
    }
    const count = kov === '0784' ? 20 : 10;
    let first: string | null = null;
    for (let n = 0; n < count; n++) {
      const cat = CATEGORIES[n % CATEGORIES.length]!;
      const [lat, lon, address] = PLACES[kov]![n % PLACES[kov]!.length]!;
      const reporter: Reporter =
        n % 10 === 9
          ? { kind: 'email', email: `elanik${n}@example.ee`, name: null, phone: null }
          : { kind: 'person', idcodeHash: hashIdcode(ctx.config.idcodeHmacKey, `demo-reporter-${n}`), name: n % 2 ? 'Mari Maasikas' : 'Liis Lepp', email: `teataja${n}@example.ee`, phone: null };
      const r = await createReport(ctx.db, {
        kov,
        category: cat.code,
        description: DESCRIPTIONS[cat.code]![n % 2]!,
        lat: lat + (n % 5) * 0.0007,
        lon: lon + (n % 4) * 0.0009,
        address,
        source: n % 4 === 3 ? 'api' : 'web',
        reporter,
        notify: true,
        lang: 'et',
      });
      if (r.kov !== kov || r.status === 'unconfirmed') {
        made++;
        continue; // an anonymous one waits for its confirmation; a routed one belongs to another KOV
      }
      first ??= r.number;
      let open = true;
      for (const a of script(n, first !== r.number ? first : null)) open = (await handleReport(ctx.db, kov, r.id, a, handler)).is_open;
      if (handlerHash && n % 4 === 1 && open) await handleReport(ctx.db, kov, r.id, { kind: 'assign', assignee: { idcodeHash: handlerHash, name: handler.name } }, handler);
      made++;
    }
  }
  ctx.log(`reports demo: ${made} reports with groups and categories in Tallinn and Tartu${andres ? '; Andres Mets handles Tallinn’s reports' : ''}.`);
}
