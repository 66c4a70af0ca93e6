// Test factories of the services module (other modules' tests may use them): a service of a KOV with
// sensible Estonian content (override any part), and publishing it. They go through the module's
// service, so every rule and audit entry applies.
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { ServiceContent } from './model.js';
import { emptyContent, emptyChannel } from './model.js';
import { sampleBpmn } from './demo.js';
import { addDiagram, createService as create, publishService as publish } from './service.js';

export const SERVICES_KOV = '0784';
export const SERVICES_OTHER_KOV = '0793';
export const FIXTURE_ACTOR: Actor = { kind: 'system', id: null, name: 'test fixtures' };

let n = 0;

/** Complete valid content: a social benefit with a legal basis, an e-service and an office channel, and two steps. */
export function sampleContent(partial: Partial<ServiceContent> = {}): ServiceContent {
  n++;
  return {
    ...emptyContent(),
    name: { et: `Sünnitoetus ${n}`, en: `Birth allowance ${n}`, ru: `Пособие при рождении ${n}` },
    description: {
      et: 'Ühekordne toetus lapse sünni puhul vanemale, kelle elukoht on rahvastikuregistri andmetel vallas.',
      en: 'A one-off allowance on the birth of a child, for a parent whose residence is in the municipality.',
      ru: 'Единовременное пособие при рождении ребёнка родителю, проживающему в волости.',
    },
    legalBases: [{ act: 'Sotsiaalhoolekande seadus', section: '§ 14', url: 'https://www.riigiteataja.ee/akt/SHS' }],
    unit: 'Sotsiaalosakond',
    ownerName: 'Mari Maasikas',
    ownerEmail: 'mari.maasikas@example.ee',
    audiences: ['families'],
    channels: [
      { ...emptyChannel('eservice'), url: 'https://iseteenindus.example.ee/toetused', costCents: 0, processingTime: 'P10D' },
      { ...emptyChannel('office'), address: 'Vabaduse väljak 7, Tallinn', openingHours: 'E–R 9–17', costCents: 0, processingTime: 'P10D' },
    ],
    requirements: { et: 'Laps on registreeritud valla elanikuks.', en: 'The child is registered as a resident.', ru: 'Ребёнок зарегистрирован жителем.' },
    evidence: [{ et: 'Taotlus', en: 'Application', ru: 'Заявление' }],
    output: { et: 'Toetus makstakse arvelduskontole.', en: 'The allowance is paid to a bank account.', ru: 'Пособие перечисляется на счёт.' },
    lifeEvents: ['birth'],
    relatedState: [{ name: 'Perehüvitised (SKA)', url: 'https://www.sotsiaalkindlustusamet.ee/perehuvitised' }],
    keywords: ['toetus', 'sünd'],
    steps: [
      { who: 'Taotleja', what: 'Esitab taotluse', system: 'iseteenindus', duration: 'PT15M' },
      { who: 'Sotsiaalosakond', what: 'Kontrollib andmed ja teeb otsuse', system: 'STAR', duration: 'P10D' },
    ],
    ...partial,
  };
}

/** A new draft service of the KOV (content: sampleContent with `partial`). */
export async function createService(db: Db, kov: string, partial: Partial<ServiceContent> = {}, actor: Actor = FIXTURE_ACTOR): Promise<{ id: string; slug: string }> {
  return create(db, kov, sampleContent(partial), actor);
}

/** Publishes the service's open draft. */
export async function publishService(db: Db, kov: string, id: string, actor: Actor = FIXTURE_ACTOR): Promise<{ versionNo: number }> {
  return publish(db, kov, id, actor);
}

/** A published service in one call. */
export async function publishedService(db: Db, kov: string, partial: Partial<ServiceContent> = {}): Promise<{ id: string; slug: string }> {
  const s = await createService(db, kov, partial);
  await publishService(db, kov, s.id);
  return s;
}

/** A KOV's services for cross-module tests: a published one with a BPMN diagram, and a draft. */
export async function servicesIn(db: Db, kov: string): Promise<{ published: string; draft: string; diagram: string }> {
  const p = await publishedService(db, kov, { name: { et: `Avaldatud teenus ${kov}`, en: '', ru: '' } });
  const d = await createService(db, kov, { name: { et: `Mustand ${kov}`, en: '', ru: '' } });
  const bpmn = sampleBpmn([{ name: 'Menetlus', lane: 'Osakond' }]);
  const { id: diagram } = await addDiagram(db, kov, p.id, { name: 'protsess.bpmn', bytes: Buffer.from(bpmn) }, FIXTURE_ACTOR);
  return { published: p.id, draft: d.id, diagram };
}
