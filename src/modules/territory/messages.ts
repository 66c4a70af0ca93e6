import { defineMessages } from '../../kernel/i18n.js';

export const territoryMessages = defineMessages({
  'territory.nav.kovs': { et: 'Omavalitsused', en: 'Municipalities', ru: 'Самоуправления' },

  // front page
  'territory.home.title': { et: 'Avaleht', en: 'Home', ru: 'Главная' },
  'territory.home.lead': {
    et:
      'Vallamaja on Eesti valdade ja linnade ühine digitaalne asjaajamiskoht. Siin saab osaleda küsitlustes ja kaasava ' +
      'eelarve hääletustes, teatada probleemidest oma kodukohas ja kasutada omavalitsuse teenuseid.',
    en:
      'Vallamaja is the shared digital town hall of Estonian rural municipalities and towns. Take part in polls and ' +
      'participatory budgets, report problems where you live and use your local government’s services.',
    ru:
      'Vallamaja — общая цифровая управа волостей и городов Эстонии. Здесь можно участвовать в опросах и голосованиях ' +
      'бюджета участия, сообщать о проблемах по месту жительства и пользоваться услугами самоуправления.',
  },
  'territory.home.choose': {
    et: 'Valige oma vald või linn. Kui te ei tea, millisesse omavalitsusse teie küla kuulub, otsige selle nime järgi.',
    en: 'Choose your rural municipality or town. If you do not know which one your village belongs to, search by its name.',
    ru: 'Выберите свою волость или город. Если вы не знаете, к какому самоуправлению относится ваша деревня, найдите её по названию.',
  },
  'territory.home.byCounty': { et: 'Omavalitsused maakonniti', en: 'Municipalities by county', ru: 'Самоуправления по уездам' },
  'territory.home.search': { et: 'Otsi omavalitsust või küla', en: 'Find a municipality or village', ru: 'Найти самоуправление или деревню' },
  'territory.home.empty': {
    et: 'Haldusjaotuse klassifikaator (EHAK) on veel laadimata. Operaator saab selle laadida käsuga „vallamaja ehak import FAIL“.',
    en: 'The administrative classifier (EHAK) has not been loaded yet. An operator can load it with “vallamaja ehak import FILE”.',
    ru: 'Классификатор административного деления (EHAK) ещё не загружен. Оператор может загрузить его командой «vallamaja ehak import ФАЙЛ».',
  },
  'territory.home.countKovs': { et: 'Omavalitsusi: {n}', en: 'Municipalities: {n}', ru: 'Самоуправлений: {n}' },

  // KOV list
  'territory.kovs.title': { et: 'Kohalikud omavalitsused', en: 'Local governments', ru: 'Местные самоуправления' },
  'territory.kovs.found': { et: 'Leitud omavalitsusi: {n}', en: 'Municipalities found: {n}', ru: 'Найдено самоуправлений: {n}' },
  'territory.kovs.caption': { et: 'Omavalitsused', en: 'Municipalities', ru: 'Самоуправления' },
  'territory.kovs.unitsHeading': {
    et: 'Asustusüksused, mille nimi sobib',
    en: 'Settlement units whose name matches',
    ru: 'Населённые пункты с подходящим названием',
  },
  'territory.kovs.unitsMore': {
    et: 'Näidatakse esimesed {n}. Täpsustage otsingut.',
    en: 'Showing the first {n}. Refine the search.',
    ru: 'Показаны первые {n}. Уточните запрос.',
  },
  'territory.filter.county': { et: 'Maakond', en: 'County', ru: 'Уезд' },
  'territory.filter.allCounties': { et: 'Kõik maakonnad', en: 'All counties', ru: 'Все уезды' },
  'territory.filter.q': { et: 'Nimi', en: 'Name', ru: 'Название' },
  'territory.filter.qHint': {
    et: 'Valla, linna, küla, aleviku või linnaosa nimi',
    en: 'Name of a municipality, town, village or city district',
    ru: 'Название волости, города, деревни, посёлка или района',
  },

  // columns
  'territory.col.name': { et: 'Nimi', en: 'Name', ru: 'Название' },
  'territory.col.kind': { et: 'Liik', en: 'Kind', ru: 'Вид' },
  'territory.col.type': { et: 'Tüüp', en: 'Type', ru: 'Тип' },
  'territory.col.code': { et: 'EHAK kood', en: 'EHAK code', ru: 'Код EHAK' },
  'territory.col.county': { et: 'Maakond', en: 'County', ru: 'Уезд' },
  'territory.col.kov': { et: 'Omavalitsus', en: 'Municipality', ru: 'Самоуправление' },
  'territory.col.kovs': { et: 'Omavalitsusi', en: 'Municipalities', ru: 'Самоуправлений' },

  // KOV page
  'territory.kov.services': { et: 'Mida siin teha saab', en: 'What you can do here', ru: 'Что здесь можно сделать' },
  'territory.kov.facts': { et: 'Põhiandmed', en: 'Key facts', ru: 'Основные данные' },
  'territory.kov.kind': { et: 'Liik', en: 'Kind', ru: 'Вид' },
  'territory.kov.county': { et: 'Maakond', en: 'County', ru: 'Уезд' },
  'territory.kov.code': { et: 'EHAK kood', en: 'EHAK code', ru: 'Код EHAK' },
  'territory.kov.version': { et: 'Klassifikaatori versioon', en: 'Classifier version', ru: 'Версия классификатора' },
  'territory.kov.units': { et: 'Asustusüksused', en: 'Settlement units', ru: 'Населённые пункты' },
  'territory.kov.unitsCount': { et: 'Asustusüksusi: {n}', en: 'Settlement units: {n}', ru: 'Населённых пунктов: {n}' },
  'territory.kov.unitsCaption': {
    et: '{name} asustusüksused',
    en: 'Settlement units of {name}',
    ru: 'Населённые пункты: {name}',
  },
  'territory.kov.selfUnit': {
    et: '{name} ei jagune asustusüksusteks: linn on ise oma asustusüksus (EHAK kood {code}).',
    en: '{name} has no settlement units below it: the town is its own settlement unit (EHAK code {code}).',
    ru: '{name} не делится на населённые пункты: город сам является населённым пунктом (код EHAK {code}).',
  },
  'territory.kov.noUnits': {
    et: 'Selle omavalitsuse asustusüksusi ei ole klassifikaatorist laaditud.',
    en: 'The settlement units of this municipality have not been loaded from the classifier.',
    ru: 'Населённые пункты этого самоуправления не загружены из классификатора.',
  },
  'territory.kov.notInClassifier': { et: 'puudub klassifikaatoris', en: 'not in the classifier', ru: 'нет в классификаторе' },

  // county page
  'territory.county.kovs': { et: 'Maakonna omavalitsused', en: 'Municipalities in the county', ru: 'Самоуправления уезда' },
  'territory.county.notFound': {
    et: 'Sellise koodiga maakonda klassifikaatori kehtivas versioonis ei ole.',
    en: 'The current classifier version has no county with this code.',
    ru: 'В действующей версии классификатора нет уезда с таким кодом.',
  },

  // API reasons
  'territory.api.noVersion': {
    et: 'Haldusjaotuse klassifikaator on laadimata.',
    en: 'The administrative classifier has not been loaded.',
    ru: 'Классификатор административного деления не загружен.',
  },
  'territory.api.unknownCounty': {
    et: 'Sellist maakonda klassifikaatoris ei ole',
    en: 'No county with this code in the classifier',
    ru: 'Такого уезда нет в классификаторе',
  },

  // The kernel's :kov preHandler names this reason for an unknown KOV code; tenants come from here.

  // unit types
  'territory.type.maakond': { et: 'maakond', en: 'county', ru: 'уезд' },
  'territory.type.vald': { et: 'vald', en: 'rural municipality', ru: 'волость' },
  'territory.type.linn': { et: 'linn', en: 'town', ru: 'город' },
  'territory.type.osavald': { et: 'osavald', en: 'municipal district', ru: 'часть волости' },
  'territory.type.alev': { et: 'alev', en: 'small town', ru: 'посёлок (алев)' },
  'territory.type.alevik': { et: 'alevik', en: 'small borough', ru: 'посёлок (алевик)' },
  'territory.type.küla': { et: 'küla', en: 'village', ru: 'деревня' },
  'territory.type.linnaosa': { et: 'linnaosa', en: 'city district', ru: 'район города' },
  'territory.type.vallasisene linn': { et: 'vallasisene linn', en: 'town within a rural municipality', ru: 'город в составе волости' },
  'territory.type.asum': { et: 'asum', en: 'neighbourhood', ru: 'микрорайон' },
  'territory.type.none': { et: 'määramata', en: 'not given', ru: 'не указан' },
  'territory.type.self': { et: 'linn (ise oma asustusüksus)', en: 'town (its own settlement unit)', ru: 'город (сам является населённым пунктом)' },

  // settlement unit boundaries (GeoJSON import; CLI and service)
  'territory.boundaries.error.tooLarge': { et: 'Fail on liiga suur (üle {mb} MB).', en: 'The file is too large (over {mb} MB).', ru: 'Файл слишком большой (более {mb} МБ).' },
  'territory.boundaries.error.notJson': { et: 'Fail ei ole JSON (GeoJSON-fail on JSON-tekst).', en: 'The file is not JSON (a GeoJSON file is JSON text).', ru: 'Файл не в формате JSON (файл GeoJSON — это текст JSON).' },
  'territory.boundaries.error.notCollection': {
    et: 'Fail ei ole GeoJSON FeatureCollection: oodati objekti, mille "type" on "FeatureCollection" ja millel on "features".',
    en: 'The file is not a GeoJSON FeatureCollection: expected an object with "type": "FeatureCollection" and "features".',
    ru: 'Файл не является GeoJSON FeatureCollection: ожидался объект с "type": "FeatureCollection" и "features".',
  },
  'territory.boundaries.error.crsUnknown': {
    et: 'Faili koordinaatsüsteem ei ole toetatud: kasutage WGS84 (EPSG:4326) või L-EST97 (EPSG:3301).',
    en: 'The file’s coordinate system is not supported: use WGS84 (EPSG:4326) or L-EST97 (EPSG:3301).',
    ru: 'Система координат файла не поддерживается: используйте WGS84 (EPSG:4326) или L-EST97 (EPSG:3301).',
  },
  'territory.boundaries.error.crsGuess': {
    et: 'Koordinaatidest ei selgu, kas need on WGS84 (pikkus, laius) või L-EST97 (meetrid) Eesti piires; kõik punktid peavad olema ühes süsteemis ja Eestis.',
    en: 'The coordinates are neither WGS84 (longitude, latitude) nor L-EST97 (metres) within Estonia; all points must be in one system and in Estonia.',
    ru: 'Координаты не являются ни WGS84 (долгота, широта), ни L-EST97 (метры) в пределах Эстонии; все точки должны быть в одной системе и в Эстонии.',
  },
  'territory.boundaries.error.empty': { et: 'Failis ei ole ühtegi objekti (features on tühi).', en: 'The file has no features.', ru: 'В файле нет ни одного объекта (features пуст).' },
  'territory.boundaries.error.notFeature': { et: 'Objekt {n} ei ole GeoJSON Feature.', en: 'Feature {n} is not a GeoJSON Feature.', ru: 'Объект {n} не является GeoJSON Feature.' },
  'territory.boundaries.error.codeMissing': {
    et: 'Objektil {n} puudub asustusüksuse EHAK-kood (omadus {names} või AKOOD).',
    en: 'Feature {n} has no settlement unit EHAK code (property {names} or AKOOD).',
    ru: 'У объекта {n} нет кода EHAK населённого пункта (свойство {names} или AKOOD).',
  },
  'territory.boundaries.error.codeUnknown': {
    et: 'Objekti {n} EHAK-kood {code} ei ole selle omavalitsuse asustusüksus kehtivas klassifikaatoris.',
    en: 'Feature {n}: EHAK code {code} is not a settlement unit of this municipality in the current classifier.',
    ru: 'Объект {n}: код EHAK {code} не является населённым пунктом этого самоуправления в действующем классификаторе.',
  },
  'territory.boundaries.error.codeDuplicate': {
    et: 'Objekti {n} EHAK-kood {code} on juba objektil {first}.',
    en: 'Feature {n}: EHAK code {code} is already used by feature {first}.',
    ru: 'Объект {n}: код EHAK {code} уже использован объектом {first}.',
  },
  'territory.boundaries.error.geometryType': {
    et: 'Objekti {n} geomeetria on {type}; lubatud on Polygon ja MultiPolygon.',
    en: 'Feature {n} has a {type} geometry; only Polygon and MultiPolygon are accepted.',
    ru: 'Геометрия объекта {n} — {type}; допускаются только Polygon и MultiPolygon.',
  },
  'territory.boundaries.error.ring': {
    et: 'Objekti {n} koordinaadid ei ole korrektne hulknurk (vähemalt neli punkti, igaüks kaks arvu).',
    en: 'Feature {n}: the coordinates are not a valid polygon (at least four positions, each two numbers).',
    ru: 'Объект {n}: координаты не образуют правильный многоугольник (не менее четырёх точек, каждая из двух чисел).',
  },
  'territory.boundaries.error.ringOpen': {
    et: 'Objekti {n} hulknurk ei ole suletud (esimene ja viimane punkt peavad olema samad).',
    en: 'Feature {n}: a polygon ring is not closed (the first and last positions must be the same).',
    ru: 'Объект {n}: контур многоугольника не замкнут (первая и последняя точки должны совпадать).',
  },
  'territory.boundaries.error.outside': {
    et: 'Objekti {n} koordinaadid on väljaspool Eestit (süsteemis {crs}).',
    en: 'Feature {n}: coordinates lie outside Estonia (in {crs}).',
    ru: 'Объект {n}: координаты находятся за пределами Эстонии (в системе {crs}).',
  },
  'territory.boundaries.error.kovUnknown': { et: 'Omavalitsust {kov} ei ole.', en: 'There is no municipality {kov}.', ru: 'Самоуправления {kov} нет.' },
  'territory.boundaries.error.noUnits': {
    et: 'Omavalitsusel {kov} ei ole kehtivas klassifikaatoris asustusüksusi; laadige enne EHAK.',
    en: 'Municipality {kov} has no settlement units in the current classifier; import EHAK first.',
    ru: 'У самоуправления {kov} нет населённых пунктов в действующем классификаторе; сначала загрузите EHAK.',
  },
  'territory.boundaries.whole': { et: 'Fail', en: 'File', ru: 'Файл' },
  'territory.boundaries.rejected': {
    et: '{file} jäi importimata: leiti {n} viga, midagi ei salvestatud.',
    en: '{file} was not imported: {n} problem(s) found, nothing was written.',
    ru: '{file} не импортирован: найдено ошибок: {n}, ничего не сохранено.',
  },
  'territory.boundaries.imported': {
    et: 'Omavalitsuse {kov} asustusüksuste piirid imporditud: {units} üksust ({crs}), {pointsIn} punkti lihtsustatud {pointsOut} punktiks; asendati {replaced} varasemat.',
    en: 'Settlement unit boundaries of {kov} imported: {units} units ({crs}), {pointsIn} points simplified to {pointsOut}; {replaced} earlier ones replaced.',
    ru: 'Границы населённых пунктов {kov} импортированы: {units} ед. ({crs}), {pointsIn} точек упрощено до {pointsOut}; заменено прежних: {replaced}.',
  },
  'territory.boundaries.missing': {
    et: 'Piirideta asustusüksused ({n}; nende osalus on ainult tabelis): {names}',
    en: 'Settlement units without a boundary ({n}; their turnout is shown in the table only): {names}',
    ru: 'Населённые пункты без границ ({n}; их явка только в таблице): {names}',
  },
});

/** Names of the audit actions this module records (the manifest's auditActions). */
export const territoryAuditActions = defineMessages({
  'territory.boundaries.import': { et: 'Asustusüksuste piirid imporditud', en: 'Settlement unit boundaries imported', ru: 'Границы населённых пунктов импортированы' },
});
