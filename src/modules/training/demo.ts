// Demo data of the training module (development only, loaded by src/dev): ELVL's programme
// "Ametnikust teenuseomanikuks" (48 academic hours: 5 contact days of 4 sessions and 8 hours of
// e-learning) with groups in Tallinn, Tartu and Pärnu (35 places each, the days a few weeks from
// today), a seminar and a webinar, and one Tallinn team registered (working on a service of Tallinn's
// catalogue). Andres Mets trains the Tallinn group (platform role training-trainer).
import { grantRole } from '../admin/index.js';
import type { Actor } from '../../kernel/audit.js';
import { tallinnLocalToDate, today } from '../../kernel/clock.js';
import type { DemoContext } from '../../kernel/module.js';
import { registerRoles } from '../../kernel/module.js';
import { serviceRefs } from '../services/index.js';
import { TRAINING_TRAINER, trainingRoles } from './permissions.js';
import { addSession, addTrainer, createEvent, createGroup, createProgramme, registerTeam, trainingCatalogue } from './service.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Demoandmed' };
const DAY_MS = 86_400_000;

/** The date `days` after today (YYYY-MM-DD). */
function plusDays(days: number): string {
  const [y, m, d] = today().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

const SESSIONS: [string, string][] = [
  ['09:30', 'Teenusedisaini alused'],
  ['11:15', 'Teenuse kaardistamine ja mõõdikud'],
  ['13:30', 'Kasutajauuring praktikas'],
  ['15:15', 'Meeskonnatöö: oma teenuse analüüs'],
];

export async function trainingDemo(ctx: DemoContext): Promise<void> {
  const { db } = ctx;
  registerRoles(trainingRoles); // the demo runs before the app is built (and its roles registered)
  if ((await trainingCatalogue(db)).programmes.length > 0) return;
  const programmeId = await createProgramme(
    db,
    {
      code: 'ametnikust-teenuseomanikuks',
      name: { et: 'Ametnikust teenuseomanikuks', en: 'From official to service owner', ru: 'От чиновника к владельцу услуги' },
      description: {
        et: 'KOV-i meeskond (1–5 inimest) töötab läbi ühe oma päris teenuse: kasutajateekond, mõõdikud, tagasiside ja parendused. Igal kontaktpäeval on 4 sessiooni.',
        en: 'A KOV team (1–5 people) works through one of its real services: the user journey, measures, feedback and improvements. Each contact day has 4 sessions.',
        ru: 'Команда самоуправления (1–5 человек) прорабатывает одну свою реальную услугу: путь пользователя, показатели, отзывы и улучшения. В каждый очный день 4 сессии.',
      },
      academicHours: 48,
      contactDays: 5,
      elearningHours: 8,
      minDays: 4,
      minElearningHours: 8,
      reminderDays: 3,
    },
    SYSTEM,
  );
  const regions: [string, string, number][] = [
    ['Tallinn', 'Tallinna Linnavalitsus, Vabaduse väljak 7, Tallinn', 21],
    ['Tartu', 'Tartu Linnavalitsus, Raekoja plats 1a, Tartu', 28],
    ['Pärnu', 'Pärnu Linnavalitsus, Suur-Sepa 16, Pärnu', 35],
  ];
  const groupIds: string[] = [];
  for (const [region, place, start] of regions) {
    const dates = [0, 14, 28, 42, 56].map((d) => plusDays(start + d));
    const id = await createGroup(db, { programmeId, region, place, capacity: 35, deadline: tallinnLocalToDate(`${plusDays(start - 7)}T16:00`), dates }, SYSTEM);
    for (let day = 1; day <= 5; day++) for (const [starts, topic] of SESSIONS) await addSession(db, id, day, { starts, topic, trainer: 'Andres Mets' }, SYSTEM);
    groupIds.push(id);
  }
  const andres = ctx.people.find((p) => p.givenName === 'Andres');
  if (andres) {
    await grantRole(db, ctx.config.idcodeHmacKey, { kov: null, idcode: andres.idcode, role: TRAINING_TRAINER, actor: SYSTEM });
    await addTrainer(db, ctx.config.idcodeHmacKey, groupIds[0]!, andres.idcode, `${andres.givenName} ${andres.familyName}`, SYSTEM);
  }
  await createEvent(
    db,
    {
      kind: 'seminar',
      title: 'Teenuste mõõtmise seminar',
      description: 'Kuidas mõõta teenuse rahulolu ja kasutada tagasisidet teenuse parendamisel.',
      startsAt: tallinnLocalToDate(`${plusDays(24)}T10:00`),
      place: 'Eesti Linnade ja Valdade Liit, Tallinn',
      url: '',
      capacity: 60,
      deadline: tallinnLocalToDate(`${plusDays(20)}T16:00`),
    },
    SYSTEM,
  );
  await createEvent(
    db,
    {
      kind: 'webinar',
      title: 'Veebiseminar: avaandmete avaldamine',
      description: 'Avaandmete register ja DCAT-AP kirjeldused KOV-i andmetele.',
      startsAt: tallinnLocalToDate(`${plusDays(10)}T14:00`),
      place: '',
      url: 'https://www.elvl.ee/veebiseminar',
      capacity: 200,
      deadline: tallinnLocalToDate(`${plusDays(9)}T16:00`),
    },
    SYSTEM,
  );
  // one Tallinn team, working on a published service of Tallinn's catalogue
  const helena = ctx.people.find((p) => p.givenName === 'Helena');
  const kadri = ctx.people.find((p) => p.givenName === 'Kadri');
  const service = (await serviceRefs(db, '0784'))[0];
  if (helena && kadri) {
    await registerTeam(
      db,
      ctx.config.idcodeHmacKey,
      '0784',
      {
        groupId: groupIds[0]!,
        serviceId: service?.id ?? '',
        problem: service ? '' : 'Hooldajatoetuse taotlemine on keeruline',
        contactEmail: 'koolitus@tallinnlv.ee',
        members: [
          { name: `${helena.givenName} ${helena.familyName}`, idcode: helena.idcode, email: 'helena.raud@tallinnlv.ee' },
          { name: `${kadri.givenName} ${kadri.familyName}`, idcode: kadri.idcode, email: 'kadri.kuusk@tallinnlv.ee' },
        ],
      },
      SYSTEM,
    );
  }
  ctx.log('training: a programme with groups in Tallinn, Tartu and Pärnu, a seminar, a webinar, one Tallinn team');
}
