// The public catalogue's texts (the pages every visitor sees, the CPSV-AP export, the national
// portal's change feed): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const publicMessages = defineMessages({
  'services.pub.svc.rateTitle': { et: 'Kuidas teenus teile sobis?', en: 'How did this service work for you?', ru: 'Как вам эта услуга?' },
  'services.pub.svc.rateText': {
    et: 'Kui kasutasite seda teenust, andke teada, kui rahul olite. Vastus on anonüümne ja võtab minuti.',
    en: 'If you used this service, tell us how satisfied you were. Your answer is anonymous and takes a minute.',
    ru: 'Если вы пользовались этой услугой, расскажите, насколько вы довольны. Ответ анонимный и займёт минуту.',
  },
  'services.pub.svc.rateLink': { et: 'Hinda teenust', en: 'Rate the service', ru: 'Оценить услугу' },
  'services.nav': { et: 'Teenused', en: 'Services', ru: 'Услуги' },
  'services.kovLink.text': {
    et: 'Valla või linna teenused: kuidas taotleda, mis maksab, kui kaua võtab',
    en: 'The municipality’s services: how to apply, what it costs, how long it takes',
    ru: 'Услуги самоуправления: как подать заявление, сколько стоит, сколько длится',
  },

  // all KOVs
  'services.pub.index.title': { et: 'Kohaliku omavalitsuse teenused', en: 'Local government services', ru: 'Услуги местных самоуправлений' },
  'services.pub.index.lead': {
    et: 'Otsi teenust kõigi valdade ja linnade teenuste hulgast või vali oma omavalitsus.',
    en: 'Search the services of every municipality or choose your own.',
    ru: 'Ищите услугу среди услуг всех волостей и городов или выберите своё самоуправление.',
  },
  'services.pub.index.byEvent': { et: 'Elusündmuste järgi', en: 'By life event', ru: 'По жизненным событиям' },
  'services.pub.index.kovs': { et: 'Vallad ja linnad', en: 'Municipalities', ru: 'Волости и города' },
  'services.pub.index.count': { et: '{n} teenust', en: '{n} services', ru: 'услуг: {n}' },
  'services.pub.index.none': { et: 'Ükski omavalitsus pole veel teenuseid avaldanud.', en: 'No municipality has published services yet.', ru: 'Ни одно самоуправление ещё не опубликовало услуги.' },

  // search
  'services.pub.search.label': { et: 'Otsi teenust', en: 'Search for a service', ru: 'Поиск услуги' },
  'services.pub.search.hint': {
    et: 'Näiteks „lasteaiakoht“ või „toetus“. Leiame ka sõna teised vormid.',
    en: 'For example “kindergarten” or “toetus”. Other forms of a word are found too.',
    ru: 'Например, «детский сад» или «toetus». Находятся и другие формы слова.',
  },
  'services.pub.search.button': { et: 'Otsi', en: 'Search', ru: 'Искать' },
  'services.pub.search.title': { et: 'Teenuste otsing', en: 'Search services', ru: 'Поиск услуг' },
  'services.pub.search.titleQ': { et: 'Otsing: {q}', en: 'Search: {q}', ru: 'Поиск: {q}' },
  'services.pub.search.found': { et: 'Leitud {n} teenust.', en: '{n} services found.', ru: 'Найдено услуг: {n}.' },
  'services.pub.search.nothing': {
    et: 'Ühtegi teenust ei leitud. Proovi teist sõna või vaata teenuseid elusündmuste järgi.',
    en: 'No services found. Try another word or browse by life event.',
    ru: 'Услуги не найдены. Попробуйте другое слово или смотрите по жизненным событиям.',
  },
  'services.pub.search.empty': { et: 'Kirjuta otsingusse vähemalt üks sõna.', en: 'Type at least one word to search for.', ru: 'Введите хотя бы одно слово.' },
  'services.pub.search.kov': { et: 'Omavalitsus', en: 'Municipality', ru: 'Самоуправление' },
  'services.pub.search.allKovs': { et: 'Kõik omavalitsused', en: 'All municipalities', ru: 'Все самоуправления' },
  'services.pub.search.tooLong': { et: 'Otsing on liiga pikk (kuni 200 märki).', en: 'The search is too long (up to 200 characters).', ru: 'Слишком длинный запрос (до 200 знаков).' },

  // a KOV's catalogue
  'services.pub.list.title': { et: 'Teenused', en: 'Services', ru: 'Услуги' },
  'services.pub.list.lead': {
    et: '{kov} teenused: kes saab taotleda, kuidas, mis see maksab ja kui kaua see võtab.',
    en: 'Services of {kov}: who can apply, how, what it costs and how long it takes.',
    ru: 'Услуги ({kov}): кто может подать заявление, как, сколько это стоит и сколько длится.',
  },
  'services.pub.list.filter': { et: 'Vali teenused', en: 'Filter services', ru: 'Отбор услуг' },
  'services.pub.list.event': { et: 'Elusündmus', en: 'Life event', ru: 'Жизненное событие' },
  'services.pub.list.audience': { et: 'Sihtrühm', en: 'Who it is for', ru: 'Для кого' },
  'services.pub.list.any': { et: 'Kõik', en: 'All', ru: 'Все' },
  'services.pub.list.apply': { et: 'Näita', en: 'Show', ru: 'Показать' },
  'services.pub.list.none': { et: 'Nende tingimustega teenuseid ei ole.', en: 'No services match.', ru: 'Таких услуг нет.' },
  'services.pub.list.empty': { et: 'Omavalitsus pole veel teenuseid avaldanud.', en: 'The municipality has not published any services yet.', ru: 'Самоуправление ещё не опубликовало услуги.' },
  'services.pub.list.other': { et: 'Muud teenused', en: 'Other services', ru: 'Другие услуги' },
  'services.pub.list.count': { et: 'Teenuseid: {n}', en: 'Services: {n}', ru: 'Услуг: {n}' },
  'services.pub.machine': { et: 'Masinloetavalt (CPSV-AP 3.2)', en: 'Machine-readable (CPSV-AP 3.2)', ru: 'В машиночитаемом виде (CPSV-AP 3.2)' },

  // a service
  'services.pub.svc.how': { et: 'Kuidas taotleda', en: 'How to apply', ru: 'Как подать заявление' },
  'services.pub.svc.channel': { et: 'Kanal', en: 'Channel', ru: 'Канал' },
  'services.pub.svc.where': { et: 'Kus', en: 'Where', ru: 'Где' },
  'services.pub.svc.cost': { et: 'Hind', en: 'Cost', ru: 'Стоимость' },
  'services.pub.svc.time': { et: 'Menetluse aeg', en: 'Processing time', ru: 'Срок рассмотрения' },
  'services.pub.svc.hours': { et: 'Lahtiolekuajad', en: 'Opening hours', ru: 'Часы работы' },
  'services.pub.svc.free': { et: 'tasuta', en: 'free', ru: 'бесплатно' },
  'services.pub.svc.notStated': { et: 'ei ole märgitud', en: 'not stated', ru: 'не указано' },
  'services.pub.svc.legal': { et: 'Õiguslik alus', en: 'Legal basis', ru: 'Правовое основание' },
  'services.pub.svc.requirements': { et: 'Kes saab taotleda', en: 'Who can apply', ru: 'Кто может подать заявление' },
  'services.pub.svc.evidence': { et: 'Vajalikud dokumendid', en: 'Documents needed', ru: 'Необходимые документы' },
  'services.pub.svc.output': { et: 'Mida saad', en: 'What you get', ru: 'Что вы получите' },
  'services.pub.svc.steps': { et: 'Kuidas teenust osutatakse', en: 'How the service is provided', ru: 'Как оказывается услуга' },
  'services.pub.svc.stepWho': { et: 'Kes', en: 'Who', ru: 'Кто' },
  'services.pub.svc.stepWhat': { et: 'Mida teeb', en: 'What', ru: 'Что делает' },
  'services.pub.svc.stepSystem': { et: 'Infosüsteem', en: 'System', ru: 'Система' },
  'services.pub.svc.stepTime': { et: 'Aeg', en: 'Time', ru: 'Время' },
  'services.pub.svc.related': { et: 'Seotud teenused', en: 'Related services', ru: 'Связанные услуги' },
  'services.pub.svc.stateRelated': { et: 'Seotud riigiteenused', en: 'Related state services', ru: 'Связанные государственные услуги' },
  'services.pub.svc.events': { et: 'Elusündmused', en: 'Life events', ru: 'Жизненные события' },
  'services.pub.svc.audiences': { et: 'Kellele', en: 'Who it is for', ru: 'Для кого' },
  'services.pub.svc.unit': { et: 'Teenust osutab', en: 'Provided by', ru: 'Услугу оказывает' },
  'services.pub.svc.updated': { et: 'Viimati muudetud {date}', en: 'Last updated {date}', ru: 'Последнее изменение {date}' },
  'services.pub.svc.langNote': {
    et: 'Seda teksti ei ole valitud keeles; näitame eestikeelset.',
    en: 'This text is not available in English; it is shown in Estonian.',
    ru: 'Этого текста нет на русском языке; он показан на эстонском.',
  },
  'services.pub.svc.keywords': { et: 'Märksõnad', en: 'Keywords', ru: 'Ключевые слова' },

  // durations (ISO 8601 shown in words)
  'services.pub.dur.Y': { et: '{n} a', en: '{n} yr', ru: '{n} г.' },
  'services.pub.dur.M': { et: '{n} kuud', en: '{n} mo', ru: '{n} мес.' },
  'services.pub.dur.W': { et: '{n} nädalat', en: '{n} weeks', ru: '{n} нед.' },
  'services.pub.dur.D': { et: '{n} päeva', en: '{n} days', ru: '{n} дн.' },
  'services.pub.dur.H': { et: '{n} tundi', en: '{n} hours', ru: '{n} ч' },
  'services.pub.dur.MIN': { et: '{n} minutit', en: '{n} minutes', ru: '{n} мин' },
  'services.pub.dur.S': { et: '{n} sekundit', en: '{n} seconds', ru: '{n} с' },
  'services.pub.dur.upTo': { et: 'kuni {d}', en: 'up to {d}', ru: 'до {d}' },

  // the portal feed
  'services.error.since': { et: 'Aeg ei ole ISO 8601 kujul (nt 2026-12-01T00:00:00Z).', en: 'The time is not in ISO 8601 form (e.g. 2026-12-01T00:00:00Z).', ru: 'Время не в формате ISO 8601 (напр. 2026-12-01T00:00:00Z).' },
});
