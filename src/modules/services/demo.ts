// Demo data of the service catalogue (development only, loaded by src/dev): ELVL's templates
// (templates.ts), and in Tallinn (0784) and Tartu (0793) about eight published services each,
// adopted from the templates and adapted (units, owners, channels, costs, process steps), one with a
// BPMN diagram, and one draft each. A service-owner role in Tallinn for a demo person.
import { grantRole } from '../admin/index.js';
import type { Actor } from '../../kernel/audit.js';
import { isHttpError } from '../../kernel/errors.js';
import type { DemoContext } from '../../kernel/module.js';
import { registerRoles } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { Channel, ServiceContent } from './model.js';
import { emptyChannel, emptyContent } from './model.js';
import { SERVICE_OWNER, servicesRoles } from './permissions.js';
import { addDiagram, adoptTemplate, createService, listServices, listTemplates, publishService, updateService } from './service.js';
import { seedTemplates } from './templates.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Demoandmed' };

interface KovDemo {
  code: string;
  office: string;
  hours: string;
  phone: string;
  email: string;
  portal: string;
  /** template code → unit, owner and what the KOV adds (channels with costs, a changed text). */
  services: { code: string; unit: string; owner: string; channels: Partial<Channel>[] }[];
  draft: Partial<ServiceContent>;
}

const ch = (kind: Channel['kind'], c: Partial<Channel>): Channel => ({ ...emptyChannel(kind), ...c });

const KOVS: KovDemo[] = [
  {
    code: '0784',
    office: 'Vabaduse väljak 7, 15199 Tallinn',
    hours: 'E–N 8.15–17, R 8.15–15.45',
    phone: '+372 640 4141',
    email: 'info@tallinnlv.ee',
    portal: 'https://iseteenindus.tallinn.ee',
    services: [
      { code: 'lasteaiakoht', unit: 'Tallinna Haridusamet', owner: 'Kadri Kuusk', channels: [{ kind: 'eservice', url: 'https://www.tallinn.ee/et/haridus/lasteaiakoht', processingTime: 'P30D' }] },
      { code: 'sunnitoetus', unit: 'Tallinna Sotsiaal- ja Tervishoiuamet', owner: 'Helena Raud', channels: [{ kind: 'eservice', processingTime: 'P10D' }, { kind: 'office', processingTime: 'P10D' }] },
      { code: 'toimetulekutoetus', unit: 'Linnaosa sotsiaalhoolekande osakond', owner: 'Helena Raud', channels: [{ kind: 'office', processingTime: 'P5D' }, { kind: 'email', processingTime: 'P5D' }] },
      { code: 'ehitusluba', unit: 'Tallinna Linnaplaneerimise Amet', owner: 'Andres Mets', channels: [{ kind: 'phone', processingTime: '' }] },
      { code: 'kasutusluba', unit: 'Tallinna Linnaplaneerimise Amet', owner: 'Andres Mets', channels: [] },
      { code: 'koduteenus', unit: 'Tallinna Sotsiaal- ja Tervishoiuamet', owner: 'Helena Raud', channels: [{ kind: 'phone', processingTime: 'P10D' }] },
      { code: 'sotsiaaltransport', unit: 'Tallinna Sotsiaal- ja Tervishoiuamet', owner: 'Helena Raud', channels: [{ kind: 'phone', costCents: 100, processingTime: 'P3D' }] },
      { code: 'elukoha-registreerimine', unit: 'Linnaosa valitsus', owner: 'Kadri Kuusk', channels: [{ kind: 'office', processingTime: 'P10D' }, { kind: 'post', costCents: 0, processingTime: 'P10D' }] },
    ],
    draft: {
      name: { et: 'Parkimisluba elanikule', en: 'Resident parking permit', ru: 'Разрешение на парковку для жителя' },
      description: { et: 'Tasulise parkimise alal elava inimese parkimisluba.', en: 'A parking permit for a resident of a paid parking zone.', ru: 'Разрешение на парковку для жителя платной зоны.' },
      unit: 'Tallinna Transpordiamet',
      ownerName: 'Andres Mets',
      lifeEvents: ['moving'],
      keywords: ['parkimine', 'auto'],
    },
  },
  {
    code: '0793',
    office: 'Raekoja plats 1a, 50089 Tartu',
    hours: 'E–R 8–17',
    phone: '+372 736 1111',
    email: 'info@raad.tartu.ee',
    portal: 'https://www.tartu.ee/et/e-teenused',
    services: [
      { code: 'lasteaiakoht', unit: 'Hariduse osakond', owner: 'Tiina Tamm', channels: [{ kind: 'eservice', url: 'https://arno.tartu.ee', processingTime: 'P30D' }] },
      { code: 'sunnitoetus', unit: 'Sotsiaal- ja tervishoiu osakond', owner: 'Piret Kask', channels: [{ kind: 'eservice', processingTime: 'P14D' }] },
      { code: 'toimetulekutoetus', unit: 'Sotsiaal- ja tervishoiu osakond', owner: 'Piret Kask', channels: [{ kind: 'office', processingTime: 'P5D' }] },
      { code: 'ehitusluba', unit: 'Arhitektuuri ja ehituse osakond', owner: 'Margus Lepik', channels: [] },
      { code: 'projekteerimistingimused', unit: 'Arhitektuuri ja ehituse osakond', owner: 'Margus Lepik', channels: [] },
      { code: 'hooldaja-maaramine', unit: 'Sotsiaal- ja tervishoiu osakond', owner: 'Piret Kask', channels: [{ kind: 'office', processingTime: 'P10D' }] },
      { code: 'eluruumi-tagamine', unit: 'Sotsiaal- ja tervishoiu osakond', owner: 'Piret Kask', channels: [{ kind: 'office', processingTime: 'P30D' }] },
      { code: 'matusetoetus', unit: 'Sotsiaal- ja tervishoiu osakond', owner: 'Piret Kask', channels: [{ kind: 'eservice', processingTime: 'P7D' }, { kind: 'office', processingTime: 'P7D' }] },
    ],
    draft: {
      name: { et: 'Huvihariduse toetus', en: 'Hobby education support', ru: 'Поддержка кружков' },
      description: { et: 'Toetus lapse huvikoolis või huviringis osalemise kulude katteks.', en: 'Support towards the costs of a child’s hobby school.', ru: 'Поддержка расходов на кружки ребёнка.' },
      unit: 'Hariduse osakond',
      ownerName: 'Tiina Tamm',
      lifeEvents: ['school'],
      audiences: ['children', 'youth'],
    },
  },
];

/** The KOV's own channel filled with its office, phone, e-mail, portal where the demo leaves them out. */
function kovChannel(k: KovDemo, c: Partial<Channel>): Channel {
  const kind = c.kind ?? 'office';
  const base: Partial<Channel> =
    kind === 'office'
      ? { address: k.office, openingHours: k.hours }
      : kind === 'post'
        ? { address: k.office }
        : kind === 'phone'
          ? { phone: k.phone, openingHours: k.hours }
          : kind === 'email'
            ? { email: k.email }
            : kind === 'eservice' || kind === 'webpage'
              ? { url: k.portal }
              : {};
  return ch(kind, { ...base, ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) });
}

/**
 * The demo catalogue: ELVL's templates; in Tallinn and Tartu eight published services each (adopted
 * and adapted) and one draft; the Tallinn building permit carries a BPMN diagram. Helena Raud (demo
 * person) becomes a service owner in Tallinn.
 */
export async function servicesDemo(ctx: DemoContext): Promise<void> {
  registerRoles(servicesRoles); // the demo runs before the app is built (and its roles registered)
  const { db, log } = ctx;
  const added = await seedTemplates(db, SYSTEM);
  log(`Services: ${added} templates.`);
  const templates = new Map((await listTemplates(db)).map((t) => [t.code, t]));
  for (const k of KOVS) {
    if (!(await loadTenant(db, k.code))) continue;
    if ((await listServices(db, k.code)).length) continue;
    for (const s of k.services) {
      const tpl = templates.get(s.code);
      if (!tpl) continue;
      const { id } = await adoptTemplate(db, k.code, tpl.id, SYSTEM, { unit: s.unit, ownerName: s.owner });
      const channels = [...tpl.content.channels, ...s.channels.map((c) => kovChannel(k, c))];
      await updateService(db, k.code, id, { ...tpl.content, unit: s.unit, ownerName: s.owner, ownerEmail: k.email, channels }, SYSTEM);
      if (k.code === '0784' && s.code === 'ehitusluba') {
        const bpmn = sampleBpmn(
          [
            { name: 'Ehitusloa taotluse esitamine', lane: 'Taotleja' },
            { name: 'Taotluse nõuetele vastavuse kontroll', lane: 'Linnaplaneerimise Amet' },
            { name: 'Kooskõlastuste ja arvamuste küsimine', lane: 'Linnaplaneerimise Amet' },
            { name: 'Ehitusloa andmine', lane: 'Linnaplaneerimise Amet' },
          ],
          'Ehitusloa menetlus',
        );
        await addDiagram(db, k.code, id, { name: 'ehitusloa-menetlus.bpmn', bytes: Buffer.from(bpmn) }, SYSTEM);
      }
      await publishService(db, k.code, id, SYSTEM);
    }
    await createService(db, k.code, { ...emptyContent(), channels: [kovChannel(k, { kind: 'office' })], ...k.draft }, SYSTEM);
    log(`Services: ${k.services.length} published and 1 draft in ${k.code}.`);
  }
  const helena = ctx.people.find((p) => p.givenName === 'Helena');
  if (helena && (await loadTenant(db, '0784'))) {
    try {
      await grantRole(db, ctx.config.idcodeHmacKey, { kov: '0784', idcode: helena.idcode, role: SERVICE_OWNER, actor: SYSTEM });
    } catch (e) {
      if (!(isHttpError(e) && e.status === 409)) throw e;
    }
  }
}

/** A small BPMN 2.0 process: a start, the tasks in order (each in its lane), an end. */
export function sampleBpmn(tasks: { name: string; lane: string }[], processName = 'Protsess'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const ids = tasks.map((_, i) => `Task_${i + 1}`);
  const flow = ['Start', ...ids, 'End'];
  const lanes = [...new Set(tasks.map((t) => t.lane))];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="https://vallamaja.ee/bpmn">
  <bpmn:process id="Process_1" name="${esc(processName)}" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">
${lanes.map((l, i) => `      <bpmn:lane id="Lane_${i + 1}" name="${esc(l)}">\n${tasks.map((t, j) => (t.lane === l ? `        <bpmn:flowNodeRef>${ids[j]}</bpmn:flowNodeRef>\n` : '')).join('')}      </bpmn:lane>`).join('\n')}
    </bpmn:laneSet>
    <bpmn:endEvent id="End" />
${tasks.map((t, i) => `    <bpmn:userTask id="${ids[i]}" name="${esc(t.name)}" />`).reverse().join('\n')}
    <bpmn:startEvent id="Start" />
${flow.slice(1).map((to, i) => `    <bpmn:sequenceFlow id="Flow_${i + 1}" sourceRef="${flow[i]}" targetRef="${to}" />`).join('\n')}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** A small draw.io file. */
export function sampleDrawio(label = 'Taotlus'): string {
  return `<mxfile host="app.diagrams.net"><diagram id="d1" name="Lehekülg 1"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="2" value="${label}" vertex="1" parent="1"><mxGeometry x="10" y="10" width="120" height="60" as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>\n`;
}
