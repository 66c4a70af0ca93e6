// The reports module's texts: Estonian first, then English and Russian. Parts of the module keep
// their own texts beside them (messages-<part>.ts) and index.ts merges them.
import { defineMessages, type Message } from '../../kernel/i18n.js';

export const reportsMessages = defineMessages({
  'reports.nav': { et: 'Anna teada', en: 'Report a problem', ru: 'Сообщить о проблеме' },
  'reports.title': { et: 'Probleemist teatamine', en: 'Problem reports', ru: 'Сообщения о проблемах' },
  'reports.kovLink.text': {
    et: 'Teatage probleemist (auk teel, kustunud tänavavalgus, prügi) ja vaadake, kuidas omavalitsus seda lahendab.',
    en: 'Report a problem (a pothole, a broken street light, litter) and follow how the local government fixes it.',
    ru: 'Сообщите о проблеме (яма на дороге, неработающий фонарь, мусор) и следите, как самоуправление её решает.',
  },
  'reports.admin.title': { et: 'Probleemiteated', en: 'Problem reports', ru: 'Сообщения о проблемах' },
  'reports.adminLink.text': {
    et: 'Teadete postkast, kategooriad, käsitlejate rühmad, tähtajad ja liidesed.',
    en: 'The inbox of reports, categories, handler groups, target times and integrations.',
    ru: 'Входящие сообщения, категории, группы исполнителей, сроки и интеграции.',
  },
  'reports.choose.allAnalytics': {
    et: 'Kõigi omavalitsuste teadete võrdlus (ELVL analüütika)',
    en: 'Reports compared across all local governments (ELVL analytics)',
    ru: 'Сравнение сообщений по всем самоуправлениям (аналитика ELVL)',
  },
  'reports.history.byReporter': { et: 'teataja', en: 'the reporter', ru: 'автор сообщения' },
  'role.reports-handler': { et: 'Teadete käsitleja', en: 'Reports handler', ru: 'Обработчик сообщений' },
  'role.reports-analyst': { et: 'Teadete analüütik', en: 'Reports analyst', ru: 'Аналитик сообщений' },
  'role.reports-elvl': { et: 'ELVL analüütik (kõik KOVid)', en: 'ELVL analyst (all KOVs)', ru: 'Аналитик ELVL (все самоуправления)' },

  'reports.domain.roads': { et: 'Teed ja tänavad', en: 'Roads and streets', ru: 'Дороги и улицы' },
  'reports.domain.lighting': { et: 'Tänavavalgustus', en: 'Street lighting', ru: 'Уличное освещение' },
  'reports.domain.waste': { et: 'Jäätmed ja prügi', en: 'Waste and litter', ru: 'Отходы и мусор' },
  'reports.domain.greenery': { et: 'Haljastus', en: 'Greenery', ru: 'Озеленение' },
  'reports.domain.water': { et: 'Vesi ja kanalisatsioon', en: 'Water and sewerage', ru: 'Вода и канализация' },
  'reports.domain.public_order': { et: 'Avalik kord', en: 'Public order', ru: 'Общественный порядок' },
  'reports.domain.other': { et: 'Muu', en: 'Other', ru: 'Другое' },

  'reports.status.unconfirmed': { et: 'Kinnitamata', en: 'Not confirmed', ru: 'Не подтверждено' },
  'reports.status.received': { et: 'Vastu võetud', en: 'Received', ru: 'Принято' },
  'reports.status.in_progress': { et: 'Töös', en: 'In progress', ru: 'В работе' },
  'reports.status.scheduled': { et: 'Tööd planeeritud', en: 'Action scheduled', ru: 'Работы запланированы' },
  'reports.status.reopened': { et: 'Uuesti avatud', en: 'Re-opened', ru: 'Открыто повторно' },
  'reports.status.fixed': { et: 'Lahendatud', en: 'Fixed', ru: 'Решено' },
  'reports.status.forwarded': {
    et: 'Ei ole omavalitsuse vastutus: edastatud',
    en: 'Not the local government’s responsibility: forwarded',
    ru: 'Не в ведении самоуправления: передано',
  },
  'reports.status.duplicate': { et: 'Korduv teade', en: 'Duplicate', ru: 'Повторное сообщение' },
  'reports.status.closed': { et: 'Suletud tegevuseta', en: 'Closed without action', ru: 'Закрыто без действий' },

  'reports.error.category': {
    et: 'Valige kategooria, mis selles omavalitsuses olemas on.',
    en: 'Choose a category this local government has.',
    ru: 'Выберите категорию, которая есть в этом самоуправлении.',
  },
  'reports.error.description': {
    et: 'Kirjeldage probleemi (kuni 4000 märki).',
    en: 'Describe the problem (up to 4,000 characters).',
    ru: 'Опишите проблему (до 4000 знаков).',
  },
  'reports.error.place': {
    et: 'Märkige koht kaardil või kirjutage aadress.',
    en: 'Mark the place on the map or type an address.',
    ru: 'Отметьте место на карте или введите адрес.',
  },
  'reports.error.outside': {
    et: 'See koht ei ole Eestis. Märkige koht Eesti kaardil.',
    en: 'This place is not in Estonia. Mark a place on the map of Estonia.',
    ru: 'Это место не в Эстонии. Отметьте место на карте Эстонии.',
  },
  'reports.error.address': { et: 'Aadress on liiga pikk (kuni 300 märki).', en: 'The address is too long (up to 300 characters).', ru: 'Адрес слишком длинный (до 300 знаков).' },
  'reports.error.kov': {
    et: 'Valige omavalitsus, kus probleem on.',
    en: 'Choose the local government where the problem is.',
    ru: 'Выберите самоуправление, где находится проблема.',
  },
  'reports.error.email': { et: 'Kirjutage e-posti aadress kujul nimi@näide.ee.', en: 'Type an e-mail address like name@example.ee.', ru: 'Введите адрес эл. почты в виде name@example.ee.' },
  'reports.error.photos': { et: 'Lisage kuni 5 fotot.', en: 'Add up to 5 photos.', ru: 'Добавьте не более 5 фотографий.' },
  'reports.error.notFound': { et: 'Sellist teadet ei ole.', en: 'There is no such report.', ru: 'Такого сообщения нет.' },
});

/** Names of the module's audit actions (the audit log shows them). */
export const reportsAuditActions: Record<string, Message> = {
  'reports.report.create': { et: 'Teade sisestatud', en: 'Report entered', ru: 'Сообщение внесено' },
};
