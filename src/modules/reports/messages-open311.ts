// Texts of the Open311 API that people read: the notice a new request answers with (in the request's
// language) and the words an update from a KOV system records. The API's error descriptions are in
// English (the spec's audience); docs/open311.md lists them with Estonian explanations.
import { defineMessages } from '../../kernel/i18n.js';

export const reportsOpen311Messages = defineMessages({
  'reports.open311.mediaJob': { et: 'Open311 pildi (media_url) toomine', en: 'Fetching Open311 images (media_url)', ru: 'Загрузка изображений Open311 (media_url)' },
  'reports.open311.mediaSweepJob': {
    et: 'Open311 piltide (media_url) järeletoomine',
    en: 'Catching up on Open311 images (media_url)',
    ru: 'Догрузка изображений Open311 (media_url)',
  },
  'reports.open311.notice': {
    et: 'Teade on vastu võetud, number {number}. Vastus tuleb omavalitsuselt.',
    en: 'The report has been received, number {number}. The local government will answer.',
    ru: 'Сообщение принято, номер {number}. Ответит местное самоуправление.',
  },
  'reports.open311.otherAuthority': { et: 'muu asutus', en: 'another authority', ru: 'другое учреждение' },
  'reports.open311.reopened': {
    et: 'Omavalitsuse infosüsteem avas teate uuesti.',
    en: 'The local government’s system reopened the report.',
    ru: 'Система местного самоуправления снова открыла сообщение.',
  },
});
