// The council module's texts: Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const councilMessages = defineMessages({
  'role.council-secretary': { et: 'Volikogu sekretär', en: 'Council secretary', ru: 'Секретарь собрания' },
  'council.nav': { et: 'Volikogu', en: 'Council', ru: 'Собрание' },
  'council.title': { et: 'Volikogu', en: 'Council', ru: 'Собрание' },
});

export const councilAuditActions = defineMessages({
  'council.body.create': { et: 'Volikogu või komisjon loodud', en: 'Council or commission created', ru: 'Собрание или комиссия создана' },
  'council.membership.add': { et: 'Liige lisatud', en: 'Member added', ru: 'Член добавлен' },
  'council.sitting.create': { et: 'Istung loodud', en: 'Sitting created', ru: 'Заседание создано' },
});
