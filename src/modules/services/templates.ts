// ELVL's templates of typical KOV services: the services the law gives every KOV (social welfare,
// kindergarten, building, population register), with their texts in et/en/ru, legal bases (Riigi
// Teataja), life events, documents and typical process steps. `seedTemplates` adds those not yet
// there (by code), through the service, so they pass the same rules and are audited; run by the demo
// and by `vallamaja services templates seed`.
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { CliCommand } from '../../kernel/module.js';
import type { LegalBasis, ServiceContent } from './model.js';
import { emptyChannel, emptyContent } from './model.js';
import { createTemplate, listTemplates } from './service.js';

const RT = 'https://www.riigiteataja.ee/akt';
const shs = (section: string): LegalBasis => ({ act: 'Sotsiaalhoolekande seadus', section, url: `${RT}/SHS` });
const ehs = (section: string): LegalBasis => ({ act: 'Ehitusseadustik', section, url: `${RT}/EhS` });
const kels = (section: string): LegalBasis => ({ act: 'Koolieelse lasteasutuse seadus', section, url: `${RT}/KELS` });
const koks = (section: string): LegalBasis => ({ act: 'Kohaliku omavalitsuse korralduse seadus', section, url: `${RT}/KOKS` });
const rrs = (section: string): LegalBasis => ({ act: 'Rahvastikuregistri seadus', section, url: `${RT}/RRS` });
const EHR = 'https://livekluster.ehr.ee';
const application = { et: 'Taotlus', en: 'Application', ru: 'Заявление' };

export interface TemplateSeed {
  code: string;
  stateOverlap: boolean;
  content: ServiceContent;
}

const T = (code: string, stateOverlap: boolean, c: Partial<ServiceContent>): TemplateSeed => ({ code, stateOverlap, content: { ...emptyContent(), ...c } });

export const TEMPLATE_SEEDS: TemplateSeed[] = [
  T('toimetulekutoetus', false, {
    name: { et: 'Toimetulekutoetus', en: 'Subsistence benefit', ru: 'Пособие по прожиточному минимуму' },
    description: {
      et: 'Riigieelarvest makstav toetus üksi elavale inimesele või perekonnale, kelle kuu netosissetulek pärast eluasemekulude maha arvamist on alla toimetulekupiiri.',
      en: 'A benefit from the state budget for a person living alone or a family whose monthly net income after housing costs is below the subsistence level.',
      ru: 'Пособие из государственного бюджета одинокому человеку или семье, чей месячный доход после вычета расходов на жильё ниже прожиточного минимума.',
    },
    legalBases: [shs('§ 131–134')],
    audiences: ['residents', 'families', 'jobseekers'],
    requirements: {
      et: 'Taotleja elukoht on rahvastikuregistri järgi selles vallas või linnas; taotlus esitatakse iga kuu eest eraldi.',
      en: 'The applicant’s residence is in this municipality by the population register; the application is made for each month.',
      ru: 'Место жительства заявителя по регистру народонаселения — в этом самоуправлении; заявление подаётся за каждый месяц.',
    },
    evidence: [application, { et: 'Eluasemekulusid tõendavad dokumendid', en: 'Proof of housing costs', ru: 'Документы о расходах на жильё' }, { et: 'Sissetulekuid tõendavad dokumendid', en: 'Proof of income', ru: 'Документы о доходах' }],
    output: { et: 'Otsus ja toetus arvelduskontole', en: 'A decision and the benefit paid to a bank account', ru: 'Решение и пособие на банковский счёт' },
    lifeEvents: ['low-income', 'job-loss'],
    relatedState: [{ name: 'Toimetulekutoetus (Sotsiaalministeerium)', url: 'https://www.sm.ee/toimetulekutoetus' }],
    keywords: ['toetus', 'sissetulek', 'toimetulek'],
    steps: [
      { who: 'Taotleja', what: 'Esitab taotluse koos kuludokumentidega', system: 'SOTSIAALTEENUSED e-keskkond', duration: 'PT30M' },
      { who: 'Sotsiaaltöötaja', what: 'Kontrollib sissetulekud ja kulud, arvestab toetuse', system: 'STAR', duration: 'P3D' },
      { who: 'Sotsiaaltöötaja', what: 'Teeb otsuse ja teavitab taotlejat', system: 'STAR', duration: 'P2D' },
    ],
  }),
  T('lasteaiakoht', false, {
    name: { et: 'Lasteaiakoht', en: 'Kindergarten place', ru: 'Место в детском саду' },
    description: {
      et: 'Vald või linn tagab igale 1,5–7-aastasele lapsele, kelle elukoht on vallas või linnas, vanema soovil koha lasteaias.',
      en: 'The municipality provides a kindergarten place for every child aged 1.5 to 7 living in the municipality, at the parent’s request.',
      ru: 'Самоуправление по желанию родителя обеспечивает местом в детском саду каждого ребёнка 1,5–7 лет, проживающего в самоуправлении.',
    },
    legalBases: [kels('§ 10')],
    audiences: ['families', 'children'],
    requirements: { et: 'Lapse ja vähemalt ühe vanema elukoht on vallas või linnas.', en: 'The child and at least one parent live in the municipality.', ru: 'Ребёнок и хотя бы один родитель проживают в самоуправлении.' },
    evidence: [application],
    output: { et: 'Lasteaiakoht ja leping lasteaiaga', en: 'A kindergarten place and an agreement with the kindergarten', ru: 'Место в саду и договор с детским садом' },
    lifeEvents: ['birth', 'kindergarten'],
    keywords: ['lasteaed', 'laps', 'lasteaiakoht', 'järjekord'],
    steps: [
      { who: 'Vanem', what: 'Esitab taotluse ja valib eelistatud lasteaiad', system: 'ARNO', duration: 'PT15M' },
      { who: 'Haridusosakond', what: 'Lisab lapse järjekorda ja jaotab kohad', system: 'ARNO', duration: 'P30D' },
      { who: 'Lasteaia direktor', what: 'Sõlmib vanemaga lepingu', system: 'ARNO', duration: 'P7D' },
    ],
  }),
  T('ehitusluba', true, {
    name: { et: 'Ehitusluba', en: 'Building permit', ru: 'Разрешение на строительство' },
    description: {
      et: 'Luba hoone püstitamiseks, laiendamiseks või olulisel määral ümberehitamiseks. Taotlus ja ehitusprojekt esitatakse ehitisregistris.',
      en: 'A permit to erect, extend or substantially rebuild a building. The application and the building design are filed in the register of construction works.',
      ru: 'Разрешение на возведение, расширение или существенную перестройку здания. Заявление и проект подаются в регистр строений.',
    },
    legalBases: [ehs('§ 38'), ehs('§ 42')],
    audiences: ['residents', 'landowners', 'businesses'],
    channels: [{ ...emptyChannel('eservice'), url: EHR, processingTime: 'P30D' }],
    requirements: { et: 'Ehitusprojekt vastab projekteerimistingimustele või detailplaneeringule.', en: 'The design meets the design conditions or the detailed plan.', ru: 'Проект соответствует условиям проектирования или детальной планировке.' },
    evidence: [application, { et: 'Ehitusprojekt', en: 'Building design', ru: 'Строительный проект' }],
    output: { et: 'Ehitusluba ehitisregistris', en: 'A building permit in the register', ru: 'Разрешение в регистре строений' },
    lifeEvents: ['building'],
    relatedState: [{ name: 'Ehitisregister (Ehitusloa taotlemine)', url: EHR }],
    keywords: ['ehitamine', 'ehitusluba', 'ehitusprojekt', 'maja'],
    steps: [
      { who: 'Taotleja', what: 'Esitab taotluse ja ehitusprojekti', system: 'Ehitisregister', duration: '' },
      { who: 'Ehitusosakond', what: 'Kontrollib projekti ja küsib kooskõlastused', system: 'Ehitisregister', duration: 'P20D' },
      { who: 'Ehitusosakond', what: 'Annab ehitusloa või keeldub', system: 'Ehitisregister', duration: 'P10D' },
    ],
  }),
  T('kasutusluba', true, {
    name: { et: 'Kasutusluba', en: 'Occupancy permit', ru: 'Разрешение на эксплуатацию' },
    description: {
      et: 'Luba valminud ehitise kasutamiseks. Taotlus esitatakse ehitisregistris pärast ehitustööde lõppu.',
      en: 'A permit to use a completed building, applied for in the register of construction works after the works are finished.',
      ru: 'Разрешение на использование готового строения; подаётся в регистре строений после окончания работ.',
    },
    legalBases: [ehs('§ 49'), ehs('§ 53')],
    audiences: ['residents', 'landowners', 'businesses'],
    channels: [{ ...emptyChannel('eservice'), url: EHR, processingTime: 'P30D' }],
    evidence: [application, { et: 'Ehitusprojekt ja teostusjoonised', en: 'Design and as-built drawings', ru: 'Проект и исполнительные чертежи' }, { et: 'Ehitise audit (vajadusel)', en: 'Building audit (if needed)', ru: 'Аудит строения (при необходимости)' }],
    output: { et: 'Kasutusluba ehitisregistris', en: 'An occupancy permit in the register', ru: 'Разрешение в регистре строений' },
    lifeEvents: ['building'],
    relatedState: [{ name: 'Ehitisregister (Kasutusloa taotlemine)', url: EHR }],
    keywords: ['ehitamine', 'kasutusluba'],
    steps: [
      { who: 'Taotleja', what: 'Esitab taotluse ja dokumendid', system: 'Ehitisregister', duration: '' },
      { who: 'Ehitusosakond', what: 'Vaatab ehitise üle ja annab loa', system: 'Ehitisregister', duration: 'P30D' },
    ],
  }),
  T('projekteerimistingimused', false, {
    name: { et: 'Projekteerimistingimused', en: 'Design conditions', ru: 'Условия проектирования' },
    description: {
      et: 'Tingimused ehitusprojekti koostamiseks seal, kus detailplaneeringut ei ole vaja või see ei määra kõike.',
      en: 'Conditions for the building design where no detailed plan is needed or it does not settle everything.',
      ru: 'Условия для разработки проекта там, где детальная планировка не нужна или не определяет всего.',
    },
    legalBases: [ehs('§ 26'), ehs('§ 27')],
    audiences: ['landowners', 'businesses'],
    channels: [{ ...emptyChannel('eservice'), url: EHR, processingTime: 'P30D' }],
    evidence: [application, { et: 'Asendiplaan', en: 'Site plan', ru: 'Ситуационный план' }],
    output: { et: 'Projekteerimistingimused ehitisregistris', en: 'Design conditions in the register', ru: 'Условия проектирования в регистре' },
    lifeEvents: ['building'],
    keywords: ['ehitamine', 'projekteerimine'],
  }),
  T('sunnitoetus', true, {
    name: { et: 'Sünnitoetus', en: 'Birth allowance', ru: 'Пособие при рождении ребёнка' },
    description: {
      et: 'Valla või linna ühekordne toetus lapse sünni puhul vanemale, kelle ja lapse elukoht on vallas või linnas. Lisandub riigi perehüvitistele.',
      en: 'A one-off municipal allowance on the birth of a child for a parent who lives in the municipality with the child; in addition to the state’s family benefits.',
      ru: 'Единовременное пособие самоуправления при рождении ребёнка родителю, проживающему в самоуправлении с ребёнком; дополнительно к государственным пособиям.',
    },
    legalBases: [shs('§ 14'), koks('§ 6')],
    audiences: ['families'],
    requirements: { et: 'Laps on rahvastikuregistris registreeritud valla või linna elanikuks.', en: 'The child is registered as a resident of the municipality.', ru: 'Ребёнок зарегистрирован жителем самоуправления.' },
    evidence: [application],
    output: { et: 'Toetus arvelduskontole', en: 'The allowance paid to a bank account', ru: 'Пособие на банковский счёт' },
    lifeEvents: ['birth'],
    relatedState: [{ name: 'Perehüvitised (Sotsiaalkindlustusamet)', url: 'https://www.sotsiaalkindlustusamet.ee/perehuvitised' }],
    keywords: ['toetus', 'sünd', 'laps', 'pere'],
    steps: [
      { who: 'Vanem', what: 'Esitab taotluse', system: 'iseteenindus', duration: 'PT10M' },
      { who: 'Sotsiaalosakond', what: 'Kontrollib elukoha andmed ja teeb otsuse', system: 'STAR', duration: 'P10D' },
    ],
  }),
  T('koduteenus', false, {
    name: { et: 'Koduteenus', en: 'Home care service', ru: 'Услуга по уходу на дому' },
    description: {
      et: 'Abi igapäevaelu toimingutes kodus (toidu ja ravimite toomine, koristamine, asjaajamine) inimesele, kes ei tule terviseseisundi tõttu ise toime.',
      en: 'Help at home with daily tasks (shopping, medicines, cleaning, errands) for a person who cannot cope alone because of their health.',
      ru: 'Помощь на дому в повседневных делах (продукты, лекарства, уборка, дела) человеку, который по состоянию здоровья не справляется сам.',
    },
    legalBases: [shs('§ 16–19')],
    audiences: ['elderly', 'disabled'],
    channels: [{ ...emptyChannel('home'), processingTime: 'P10D' }],
    evidence: [application],
    output: { et: 'Koduteenuse leping ja abi kodus', en: 'A home care agreement and help at home', ru: 'Договор и помощь на дому' },
    lifeEvents: ['retirement', 'disability', 'caring'],
    keywords: ['hooldus', 'eakas', 'kodu'],
    steps: [
      { who: 'Sotsiaaltöötaja', what: 'Hindab abivajadust kodukülastusel', system: 'STAR', duration: 'P5D' },
      { who: 'Sotsiaaltöötaja', what: 'Teeb otsuse ja sõlmib lepingu', system: 'STAR', duration: 'P5D' },
      { who: 'Koduhooldustöötaja', what: 'Osutab teenust kokkulepitud ajal', system: '', duration: '' },
    ],
  }),
  T('hooldaja-maaramine', false, {
    name: { et: 'Hooldaja määramine ja hooldajatoetus', en: 'Appointing a carer and carer allowance', ru: 'Назначение опекуна и пособие по уходу' },
    description: {
      et: 'Raske või sügava puudega täisealisele inimesele määratakse hooldaja, kellele vald või linn võib maksta hooldajatoetust.',
      en: 'A carer is appointed for an adult with a severe or profound disability; the municipality may pay the carer an allowance.',
      ru: 'Совершеннолетнему с тяжёлой или глубокой инвалидностью назначается опекун, которому самоуправление может платить пособие.',
    },
    legalBases: [shs('§ 26')],
    audiences: ['disabled', 'families'],
    evidence: [application, { et: 'Puude raskusastme otsus', en: 'Disability decision', ru: 'Решение о степени инвалидности' }],
    output: { et: 'Hooldaja määramise otsus ja toetus', en: 'A decision appointing the carer, and the allowance', ru: 'Решение о назначении и пособие' },
    lifeEvents: ['disability', 'caring'],
    relatedState: [{ name: 'Puude raskusastme tuvastamine (Sotsiaalkindlustusamet)', url: 'https://www.sotsiaalkindlustusamet.ee/puue' }],
    keywords: ['hooldaja', 'puue', 'toetus'],
  }),
  T('sotsiaaltransport', false, {
    name: { et: 'Sotsiaaltransporditeenus', en: 'Social transport service', ru: 'Услуга социального транспорта' },
    description: {
      et: 'Sõidu korraldamine puudega inimesele, kes ei saa kasutada ühistransporti või isiklikku sõidukit (nt arsti juurde, tööle, kooli).',
      en: 'Rides for a person with a disability who cannot use public transport or a car (e.g. to a doctor, work or school).',
      ru: 'Организация поездок для человека с инвалидностью, не способного пользоваться общественным транспортом (к врачу, на работу, в школу).',
    },
    legalBases: [shs('§ 39–41')],
    audiences: ['disabled', 'elderly'],
    evidence: [application],
    output: { et: 'Õigus tellida sõite', en: 'The right to order rides', ru: 'Право заказывать поездки' },
    lifeEvents: ['disability'],
    keywords: ['transport', 'sõit', 'puue', 'invatakso'],
  }),
  T('eluruumi-tagamine', false, {
    name: { et: 'Eluruumi tagamise teenus', en: 'Provision of housing', ru: 'Обеспечение жильём' },
    description: {
      et: 'Eluruum inimesele või perele, kes ei ole võimeline ega suuteline endale või oma perekonnale eluruumi tagama.',
      en: 'Housing for a person or family who cannot provide housing for themselves.',
      ru: 'Жильё человеку или семье, которые не в состоянии обеспечить себя жильём.',
    },
    legalBases: [shs('§ 41–42')],
    audiences: ['residents', 'families', 'disabled'],
    evidence: [application, { et: 'Sissetulekuid tõendavad dokumendid', en: 'Proof of income', ru: 'Документы о доходах' }],
    output: { et: 'Sotsiaaleluruumi üürileping', en: 'A lease of social housing', ru: 'Договор найма социального жилья' },
    lifeEvents: ['low-income', 'disability'],
    keywords: ['eluruum', 'korter', 'sotsiaalkorter'],
  }),
  T('elukoha-registreerimine', true, {
    name: { et: 'Elukoha registreerimine', en: 'Registering a place of residence', ru: 'Регистрация места жительства' },
    description: {
      et: 'Elukoha aadressi kandmine rahvastikuregistrisse. Elukohateate saab esitada riigiportaalis või valla- ja linnavalitsuses.',
      en: 'Entering a residential address in the population register; the notice can be filed in the state portal or at the municipality.',
      ru: 'Внесение адреса места жительства в регистр народонаселения; уведомление подаётся на госпортале или в самоуправлении.',
    },
    legalBases: [rrs('§ 40–44')],
    audiences: ['residents', 'families'],
    channels: [{ ...emptyChannel('eservice'), url: 'https://www.eesti.ee/eraisik/et/teenus/elukoha-registreerimine', processingTime: 'P10D' }],
    evidence: [{ et: 'Elukohateade', en: 'Notice of residence', ru: 'Уведомление о месте жительства' }, { et: 'Omaniku nõusolek (kui elukoht ei ole enda oma)', en: 'The owner’s consent (if not one’s own)', ru: 'Согласие владельца (если жильё не своё)' }],
    output: { et: 'Elukoht rahvastikuregistris', en: 'The residence in the population register', ru: 'Место жительства в регистре' },
    lifeEvents: ['moving', 'birth'],
    relatedState: [{ name: 'Elukoha registreerimine (eesti.ee)', url: 'https://www.eesti.ee/eraisik/et/teenus/elukoha-registreerimine' }],
    keywords: ['elukoht', 'rahvastikuregister', 'kolimine', 'aadress'],
    steps: [
      { who: 'Elanik', what: 'Esitab elukohateate', system: 'eesti.ee', duration: 'PT10M' },
      { who: 'Rahvastikuregistri ametnik', what: 'Kontrollib andmed ja kannab registrisse', system: 'Rahvastikuregister', duration: 'P10D' },
    ],
  }),
  T('matusetoetus', false, {
    name: { et: 'Matusetoetus', en: 'Funeral allowance', ru: 'Пособие на похороны' },
    description: {
      et: 'Valla või linna ühekordne toetus lähedase matmise kulude katteks, kui lahkunu elukoht oli vallas või linnas.',
      en: 'A one-off municipal allowance towards funeral costs when the deceased lived in the municipality.',
      ru: 'Единовременное пособие самоуправления на расходы по похоронам, если умерший проживал в самоуправлении.',
    },
    legalBases: [shs('§ 14'), koks('§ 6')],
    audiences: ['residents', 'families'],
    evidence: [application, { et: 'Surmaandmed (rahvastikuregistrist)', en: 'Death record (population register)', ru: 'Данные о смерти (регистр)' }],
    output: { et: 'Toetus arvelduskontole', en: 'The allowance paid to a bank account', ru: 'Пособие на банковский счёт' },
    lifeEvents: ['death'],
    keywords: ['toetus', 'matus', 'surm'],
  }),
];

/** Adds the seed templates whose code is not there yet; returns how many were added. */
export async function seedTemplates(db: Db, actor: Actor): Promise<number> {
  const have = new Set((await listTemplates(db, false)).map((t) => t.code));
  let n = 0;
  for (const s of TEMPLATE_SEEDS) {
    if (have.has(s.code)) continue;
    await createTemplate(db, { code: s.code, content: s.content, stateOverlap: s.stateOverlap }, actor);
    n++;
  }
  return n;
}

/** `vallamaja services templates seed`: adds ELVL's typical services as templates (those missing). */
export const servicesCommands: CliCommand[] = [
  {
    words: ['services', 'templates', 'seed'],
    usage: 'services templates seed',
    summary: 'add the built-in templates of typical KOV services (those not there yet, by code)',
    async run(args, ctx) {
      if (args.length) {
        ctx.err('usage: vallamaja services templates seed');
        return 2;
      }
      const db = await ctx.openDb();
      try {
        const n = await seedTemplates(db, { kind: 'operator', id: null, name: 'vallamaja services templates seed' });
        ctx.out(`Added ${n} of ${TEMPLATE_SEEDS.length} templates.`);
        return 0;
      } finally {
        await db.close();
      }
    },
  },
];
