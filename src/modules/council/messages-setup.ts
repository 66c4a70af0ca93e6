// Texts of the council's set-up part (bodies, people, drafts, sittings, agenda).
import { defineMessages } from '../../kernel/i18n.js';

export const setupMessages = defineMessages({});

export const setupAuditActions = defineMessages({
  'council.body.create': { et: 'Volikogu või komisjon loodud', en: 'Council or commission created', ru: 'Собрание или комиссия создана' },
  'council.membership.add': { et: 'Liige lisatud', en: 'Member added', ru: 'Член добавлен' },
  'council.sitting.create': { et: 'Istung loodud', en: 'Sitting created', ru: 'Заседание создано' },
});
