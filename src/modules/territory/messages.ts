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
  'territory.kov.services': { et: 'Teenused', en: 'Services', ru: 'Услуги' },
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
});
