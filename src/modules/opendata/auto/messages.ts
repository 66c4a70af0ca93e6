// Texts of the automatic open datasets (et/en/ru): the public files' "not found" problem, the
// nightly job's name on the admin page and ELVL's keeper's page (/opendata/keeper). The datasets' own titles and descriptions are data
// (datasets.ts), published in all three languages in the catalogue.
import { defineMessages } from '../../../kernel/i18n.js';

export const autoMessages = defineMessages({
  'opendata.auto.notFound': {
    et: 'Sellist avaandmete faili ei ole. Aadress on /opendata/auto/KOOD/ANDMESTIK.csv (KOOD on omavalitsuse EHAK-kood või all) või .json; andmestikud: {datasets}.',
    en: 'There is no such open data file. The address is /opendata/auto/CODE/DATASET.csv (CODE is the municipality’s EHAK code or all) or .json; datasets: {datasets}.',
    ru: 'Такого файла открытых данных нет. Адрес: /opendata/auto/КОД/НАБОР.csv (КОД — код EHAK самоуправления или all) или .json; наборы: {datasets}.',
  },
  'opendata.auto.job': {
    et: 'Avaandmete automaatsete andmestike uuendamine',
    en: 'Refresh of the automatic open datasets',
    ru: 'Обновление автоматических наборов открытых данных',
  },

  // ---------------------------------------------------------------- the keeper's page
  'opendata.keeper.title': { et: 'Automaatsed avaandmed', en: 'Automatic open datasets', ru: 'Автоматические наборы открытых данных' },
  'opendata.keeper.linkText': {
    et: 'Platvormi automaatsete andmestike viimane uuendus, failid ja uuendamine kohe',
    en: 'The platform’s automatic datasets: the last refresh, the files, refresh now',
    ru: 'Автоматические наборы данных платформы: последнее обновление, файлы, обновить сейчас',
  },
  'opendata.keeper.intro': {
    et: 'Platvorm avaldab oma andmed (probleemiteated, teenused, küsitluste ja kaasava eelarve tulemused, volikogu hääletused) iga omavalitsuse ja kõigi omavalitsuste kohta CSV- ja JSON-failidena. Failid uuendatakse igal ööl.',
    en: 'The platform publishes its own data (problem reports, services, results of polls and participatory budgets, council votes) for each municipality and for all of them as CSV and JSON files. The files are refreshed every night.',
    ru: 'Платформа публикует свои данные (сообщения о проблемах, услуги, результаты опросов и бюджета участия, голосования совета) по каждому самоуправлению и по всем вместе в виде файлов CSV и JSON. Файлы обновляются каждую ночь.',
  },
  'opendata.keeper.run': { et: 'Viimane uuendus', en: 'Last refresh', ru: 'Последнее обновление' },
  'opendata.keeper.never': { et: 'Andmestikke ei ole veel kordagi uuendatud.', en: 'The datasets have never been refreshed yet.', ru: 'Наборы данных ещё ни разу не обновлялись.' },
  'opendata.keeper.run.started': { et: 'Algus', en: 'Started', ru: 'Начало' },
  'opendata.keeper.run.finished': { et: 'Lõpp', en: 'Finished', ru: 'Окончание' },
  'opendata.keeper.run.running': { et: 'pole lõppenud', en: 'not finished', ru: 'не завершено' },
  'opendata.keeper.run.files': { et: 'Faile kirjutatud', en: 'Files written', ru: 'Записано файлов' },
  'opendata.keeper.run.changed': { et: 'Neist muutunud', en: 'Of them changed', ru: 'Из них изменилось' },
  'opendata.keeper.run.errors': { et: 'Vigu (omavalitsus × andmestik)', en: 'Errors (municipality × dataset)', ru: 'Ошибок (самоуправление × набор)' },
  'opendata.keeper.datasets': { et: 'Andmestikud', en: 'Datasets', ru: 'Наборы данных' },
  'opendata.keeper.datasets.caption': {
    et: 'Andmestikud: kõigi omavalitsuste failid ja omavalitsused, kellel on failid',
    en: 'Datasets: the all-municipality files and the municipalities with files',
    ru: 'Наборы данных: файлы по всем самоуправлениям и самоуправления с файлами',
  },
  'opendata.keeper.col.dataset': { et: 'Andmestik', en: 'Dataset', ru: 'Набор данных' },
  'opendata.keeper.col.rows': { et: 'Ridu', en: 'Rows', ru: 'Строк' },
  'opendata.keeper.col.size': { et: 'Suurus (CSV / JSON)', en: 'Size (CSV / JSON)', ru: 'Размер (CSV / JSON)' },
  'opendata.keeper.col.modified': { et: 'Viimati muutunud', en: 'Last modified', ru: 'Последнее изменение' },
  'opendata.keeper.col.files': { et: 'Failid', en: 'Files', ru: 'Файлы' },
  'opendata.keeper.col.kovs': { et: 'Omavalitsusi failidega', en: 'Municipalities with files', ru: 'Самоуправлений с файлами' },
  'opendata.keeper.col.kovRows': { et: 'Ridu omavalitsustes kokku', en: 'Rows in the municipalities in all', ru: 'Строк в самоуправлениях всего' },
  'opendata.keeper.noAll': { et: 'kõigi omavalitsuste faili pole', en: 'no all-municipality file', ru: 'файла по всем самоуправлениям нет' },
  'opendata.keeper.file': { et: '{format}-fail: {name}', en: '{format} file: {name}', ru: 'Файл {format}: {name}' },
  'opendata.keeper.kovs': { et: 'Ühe omavalitsuse failid', en: 'One municipality’s files', ru: 'Файлы одного самоуправления' },
  'opendata.keeper.kov': { et: 'Omavalitsus', en: 'Municipality', ru: 'Самоуправление' },
  'opendata.keeper.choose': { et: '– vali –', en: '– choose –', ru: '– выберите –' },
  'opendata.keeper.show': { et: 'Näita', en: 'Show', ru: 'Показать' },
  'opendata.keeper.noKovs': { et: 'Ühelgi omavalitsusel pole veel faile.', en: 'No municipality has files yet.', ru: 'Ни у одного самоуправления ещё нет файлов.' },
  'opendata.keeper.kovCaption': { et: '{kov}: andmestike failid', en: '{kov}: the datasets’ files', ru: '{kov}: файлы наборов данных' },
  'opendata.keeper.refresh': { et: 'Uuenda kohe', en: 'Refresh now', ru: 'Обновить сейчас' },
  'opendata.keeper.refresh.text': {
    et: 'Uuendus pannakse taustatööde järjekorda ja tehakse mõne minuti jooksul: kõigi omavalitsuste ja kõigi andmestike failid uuesti (või, kui omavalitsus on allpool valitud, soovi korral ainult selle omavalitsuse failid). Muutunud failid saavad uue muutmisaja.',
    en: 'The refresh is queued as a background job and runs within minutes: every municipality’s and every dataset’s files are made again (or, with a municipality chosen below, only its files if you wish). Files that change get a new modified time.',
    ru: 'Обновление ставится в очередь фоновых задач и выполняется в течение нескольких минут: файлы всех самоуправлений и всех наборов создаются заново (или, если ниже выбрано самоуправление, по желанию только его файлы). Изменившиеся файлы получают новое время изменения.',
  },
  'opendata.keeper.refresh.button': { et: 'Uuenda kõik failid kohe', en: 'Refresh every file now', ru: 'Обновить все файлы сейчас' },
  'opendata.keeper.refresh.kovButton': { et: 'Uuenda ainult omavalitsuse {kov} failid', en: 'Refresh only {kov}’s files', ru: 'Обновить только файлы: {kov}' },
  'opendata.keeper.flash.queued': {
    et: 'Uuendus on järjekorras. Failid uuenevad mõne minuti jooksul; laadige leht hiljem uuesti.',
    en: 'The refresh is queued. The files are refreshed within minutes; reload the page later.',
    ru: 'Обновление поставлено в очередь. Файлы обновятся в течение нескольких минут; обновите страницу позже.',
  },
});
