// Demo data of the knowledge base (development only, loaded by src/dev): about a dozen of ELVL's
// articles in Estonian (titles in English and Russian too) on E-ITS, passwords, data protection,
// service design and IT management, one with a second version, a template with its file, Tallinn's
// and Tartu's all-officials articles, one Tallinn-only article, and the E-ITS mentor list.
import type { Actor } from '../../kernel/audit.js';
import type { DemoContext } from '../../kernel/module.js';
import type { ArticleInput } from './model.js';
import { PLATFORM_OWNER } from './model.js';
import { addFile, addMentor, createArticle, ownedArticles, updateArticle } from './service.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Demoandmed' };

type Demo = Omit<ArticleInput, 'note'> & { owner: string };

const a = (owner: string, x: Omit<Demo, 'owner'>): Demo => ({ owner, ...x });

export const DEMO_ARTICLES: Demo[] = [
  a(PLATFORM_OWNER, {
    kind: 'guide',
    domain: 'security',
    visibility: 'public',
    tags: ['e-its', 'infoturve'],
    title: { et: 'E-ITS alused omavalitsusele', en: 'E-ITS basics for local governments', ru: 'Основы E-ITS для самоуправлений' },
    summary: 'Eesti infoturbestandard lühidalt: mida see nõuab, kust alustada ja kuidas rakendamist plaanida.',
    bodyMd: `## Mis on E-ITS?

Eesti infoturbestandard (E-ITS) on avaliku sektori infoturbe kohustuslik alus. Standard kirjeldab **organisatsioonilisi, tehnilisi ja füüsilisi meetmeid**, mille abil hoitakse teabe käideldavust, terviklust ja konfidentsiaalsust.

## Kust alustada?

1. Määrake infoturbejuht ja tema asendaja.
2. Kaardistage protsessid, süsteemid ja andmekogud.
3. Valige kaitsetarve ja rakendatavad moodulid.
4. Koostage rakendusplaan ja eelarve.

Turvalisus ei ole ühekordne projekt, vaid pidev töö. Vaadake ka [RIA E-ITS portaali](https://eits.ria.ee).`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'practice',
    domain: 'security',
    visibility: 'public',
    tags: ['paroolid', 'e-its'],
    title: { et: 'Paroolipoliitika: head tavad', en: 'Password policy: good practice', ru: 'Политика паролей: лучшие практики' },
    summary: 'Pikad paroolifraasid, mitmikautentimine ja paroolihaldur — nii hoiavad ametnikud paroolid turvalisena.',
    bodyMd: `## Paroolid

Hea parool on **pikk**: vähemalt 14 märki. Paroolifraas (nt neli juhuslikku sõna) on lihtsam meelde jätta kui lühike keeruline parool.

## Mitmikautentimine

Kõik e-posti, dokumendihalduse ja kaugtöö kontod vajavad teist tegurit. Paroolid üksi ei taga turvalisust.

## Paroolihaldur

Kasutage asutuse paroolihaldurit; ärge hoidke paroolide nimekirja tabelis ega paberil.

- Ärge kasutage sama parooli mitmes süsteemis.
- Vahetage parool kohe, kui kahtlustate lekkimist.`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'guide',
    domain: 'data',
    visibility: 'public',
    tags: ['andmekaitse', 'isikuandmed'],
    title: { et: 'Andmekaitse omavalitsuses', en: 'Data protection in a local government', ru: 'Защита данных в самоуправлении' },
    summary: 'Isikuandmete töötlemise alused, andmekaitsespetsialisti roll ja rikkumistest teatamine.',
    bodyMd: `## Töötlemise alused

Omavalitsus töötleb isikuandmeid enamasti seadusest tuleneva ülesande täitmiseks. Iga andmekogu kohta peab olema teada eesmärk, alus ja säilitustähtaeg.

## Andmekaitsespetsialist

Igal omavalitsusel peab olema andmekaitsespetsialist, kes nõustab ametnikke ja suhtleb Andmekaitse Inspektsiooniga.

## Rikkumised

Isikuandmetega seotud rikkumisest tuleb inspektsioonile teatada **72 tunni jooksul**.`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'guide',
    domain: 'services',
    visibility: 'public',
    tags: ['teenusedisain'],
    title: { et: 'Teenuse disain samm-sammult', en: 'Service design step by step', ru: 'Дизайн услуги шаг за шагом' },
    summary: 'Kuidas kaardistada elaniku teekond, leida kitsaskohad ja katsetada uut teenust väikeselt.',
    bodyMd: `## Elaniku teekond

Alustage elanikust: mis olukorras ta teenust vajab, mida ta teab ja mida ta peab tegema. Joonistage teekond koos eesliini töötajatega.

## Katsetamine

Tehke esmalt lihtne prototüüp ja katsetage seda viie kuni kümne elanikuga. Muutke teenust enne, kui investeerite infosüsteemi.`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'guide',
    domain: 'it',
    visibility: 'officials',
    tags: ['it-haldus', 'varukoopiad'],
    title: { et: 'IT-halduse juhend väikesele vallale', en: 'IT management guide for a small municipality', ru: 'Руководство по управлению ИТ для небольшой волости' },
    summary: 'Seadmete ja tarkvara arvestus, varukoopiad, uuendused ja lepingud IT-partneriga.',
    bodyMd: `## Arvestus

Pidage arvestust kõigi seadmete, litsentside ja kontode üle. Lahkuva töötaja kontod suletakse samal päeval.

## Varukoopiad

Varukoopiad tehakse iga päev ja vähemalt üks koopia hoitakse võrgust eraldi. Taastamist harjutatakse kord kvartalis.

## Uuendused

Turvauuendused paigaldatakse kahe nädala jooksul.`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'template',
    domain: 'security',
    visibility: 'officials',
    tags: ['paroolid', 'mall', 'e-its'],
    title: { et: 'Paroolipoliitika mall', en: 'Password policy template', ru: 'Шаблон политики паролей' },
    summary: 'Valmis paroolipoliitika, mille omavalitsus saab oma nimega kinnitada.',
    bodyMd: 'Lisatud failis on paroolipoliitika mall. Täitke nurksulgudes kohad ja kinnitage poliitika vallavanema käskkirjaga.',
  }),
  a(PLATFORM_OWNER, {
    kind: 'practice',
    domain: 'security',
    visibility: 'officials',
    tags: ['õngitsus', 'koolitus'],
    title: { et: 'Õngitsuskirjade äratundmine', en: 'Recognising phishing e-mails', ru: 'Как распознать фишинговые письма' },
    summary: 'Tunnused, mille järgi ametnik tunneb ära petukirja, ja mida teha, kui link on juba avatud.',
    bodyMd: `## Tunnused

- Kiirustav toon ja ähvardus konto sulgemisega.
- Saatja aadress ei vasta asutusele.
- Lingi aadress erineb tekstist.

Kui avasite lingi või sisestasite parooli, teatage kohe IT-toele ja vahetage parool.`,
  }),
  a(PLATFORM_OWNER, {
    kind: 'article',
    domain: 'data',
    visibility: 'public',
    tags: ['avaandmed'],
    title: { et: 'Avaandmete avaldamine', en: 'Publishing open data', ru: 'Публикация открытых данных' },
    summary: 'Millised omavalitsuse andmed avaldada, millises vormingus ja millise litsentsiga.',
    bodyMd: 'Avaldage andmed masinloetavas vormingus (CSV, JSON) ja avatud litsentsiga (CC BY 4.0). Kirjeldage andmestik Eesti avaandmete portaalis.',
  }),
  a(PLATFORM_OWNER, {
    kind: 'article',
    domain: 'it',
    visibility: 'officials',
    tags: ['pilv', 'hange'],
    title: { et: 'Pilveteenuste hankimine', en: 'Procuring cloud services', ru: 'Закупка облачных услуг' },
    summary: 'Mida hankes nõuda: andmete asukoht, väljumistingimused ja E-ITS-i nõuded.',
    bodyMd: 'Hankes nõudke, et andmed asuksid Euroopa Liidus, et lepingu lõpus saaks andmed kätte avatud vormingus ning et teenusepakkuja täidaks E-ITS-i asjakohased moodulid.',
  }),
  a(PLATFORM_OWNER, {
    kind: 'practice',
    domain: 'services',
    visibility: 'public',
    tags: ['keel', 'selge keel'],
    title: { et: 'Selge keel teenuse kirjelduses', en: 'Plain language in service descriptions', ru: 'Понятный язык в описании услуги' },
    summary: 'Lühikesed laused, tegusõnad ja elaniku vaatenurk.',
    bodyMd: 'Kirjutage nii, nagu räägiksite elanikuga: lühikesed laused, üks mõte lauses, tegusõnad. Vältige ametlikku kantseliiti.',
  }),
  a('0784', {
    kind: 'guide',
    domain: 'it',
    visibility: 'officials',
    tags: ['kaugtöö'],
    title: { et: 'Kaugtöö turvaline korraldus Tallinna kogemusel', en: 'Secure remote work: Tallinn’s experience', ru: 'Безопасная удалённая работа: опыт Таллина' },
    summary: 'Kuidas Tallinn korraldas tuhandete ametnike kaugtöö.',
    bodyMd: 'Kaugtöö eeldab hallatud seadmeid, mitmikautentimist ja VPN-i. Turvalisus ja mugavus ei pea olema vastuolus.',
  }),
  a('0784', {
    kind: 'guide',
    domain: 'security',
    visibility: 'kov',
    tags: ['intsident', 'sisekord'],
    title: { et: 'Tallinna infoturbeintsidendi kord', en: 'Tallinn’s information security incident procedure', ru: 'Порядок обработки инцидентов ИБ Таллина' },
    summary: 'Tallinna linnavalitsuse sisemine kord: kellele ja kuidas intsidendist teatada.',
    bodyMd: 'Intsidendist teatatakse linnakantselei valvetelefonile ja infoturbejuhile. Turvalisuse rikkumise korral isoleeritakse seade võrgust.',
  }),
  a('0793', {
    kind: 'practice',
    domain: 'data',
    visibility: 'officials',
    tags: ['andmekogud'],
    title: { et: 'Tartu andmekogude kaardistus', en: 'Tartu’s mapping of its databases', ru: 'Картирование баз данных Тарту' },
    summary: 'Kuidas Tartu kaardistas andmekogud ja nende vastutajad.',
    bodyMd: 'Tartu koostas kõigi andmekogude nimekirja koos vastutaja, eesmärgi ja säilitustähtajaga. Kaardistus võttis kolm kuud.',
  }),
];

const TEMPLATE_FILE = `# [Omavalitsuse nimi] paroolipoliitika

Kinnitatud [kuupäev] käskkirjaga nr [number].

1. Parool on vähemalt 14 märki pikk; soovitame paroolifraasi.
2. E-posti ja kaugtöö kontodel on mitmikautentimine kohustuslik.
3. Paroole hoitakse ainult asutuse paroolihalduris.
4. Sama parooli ei kasutata mitmes süsteemis.
5. Lekkimise kahtlusel vahetatakse parool kohe ja teatatakse IT-toele.
`;

export async function knowledgeDemo(ctx: DemoContext): Promise<void> {
  const { db } = ctx;
  if ((await ownedArticles(db, PLATFORM_OWNER)).length > 0) return;
  const ids = new Map<string, string>();
  for (const d of DEMO_ARTICLES) {
    const { owner, ...input } = d;
    const { id } = await createArticle(db, owner, { ...input, note: 'Esimene versioon' }, SYSTEM);
    ids.set(input.title.et, id);
  }
  // a second version with a note, so the history and the diff have something to show
  const pw = DEMO_ARTICLES[1]!;
  await updateArticle(
    db,
    PLATFORM_OWNER,
    ids.get(pw.title.et)!,
    { ...pw, bodyMd: pw.bodyMd.replace('vähemalt 14 märki', 'vähemalt 15 märki').replace('- Ärge kasutage', '- Kontrollige, kas parool on lekkinud.\n- Ärge kasutage'), note: 'Pikem miinimum, lekkekontroll' },
    SYSTEM,
  );
  await addFile(db, PLATFORM_OWNER, ids.get('Paroolipoliitika mall')!, { name: 'paroolipoliitika-mall.md', bytes: Buffer.from(TEMPLATE_FILE, 'utf8') }, SYSTEM);
  await addMentor(db, { name: 'Kadri Kuusk', kov: '0784', email: 'kadri.kuusk@example.ee', topics: ['e-its', 'riskianalüüs'], helps: ['0793', '0296'] }, SYSTEM);
  await addMentor(db, { name: 'Toomas Saar', kov: '0793', email: 'toomas.saar@example.ee', topics: ['varukoopiad', 'it-haldus'], helps: ['0624'] }, SYSTEM);
  ctx.log(`knowledge: ${DEMO_ARTICLES.length} articles, a template file, 2 E-ITS mentors`);
}
