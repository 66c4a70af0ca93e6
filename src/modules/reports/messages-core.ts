// Texts of the reports core's handling, administration and inbox: Estonian first, then English and Russian.
import { defineMessages, type Message } from '../../kernel/i18n.js';

export const reportsCoreMessages = defineMessages({
  'reports.error.text': { et: 'Kirjutage tekst (kuni 4000 märki).', en: 'Write the text (up to 4,000 characters).', ru: 'Напишите текст (до 4000 знаков).' },
  'reports.error.status': { et: 'Valige olek.', en: 'Choose a status.', ru: 'Выберите статус.' },
  'reports.error.action': { et: 'Valige tegevus.', en: 'Choose an action.', ru: 'Выберите действие.' },
  'reports.error.duplicateOf': {
    et: 'Kirjutage teise teate number kujul 2026-000123.',
    en: 'Type the other report’s number like 2026-000123.',
    ru: 'Введите номер другого сообщения в виде 2026-000123.',
  },
  'reports.error.duplicateMissing': {
    et: 'Selle numbriga teadet selles omavalitsuses ei ole.',
    en: 'This local government has no report with this number.',
    ru: 'В этом самоуправлении нет сообщения с таким номером.',
  },
  'reports.error.duplicateSelf': { et: 'Teade ei saa olla iseenda kordus.', en: 'A report cannot duplicate itself.', ru: 'Сообщение не может повторять само себя.' },
  'reports.error.assignee': { et: 'Valige käsitleja.', en: 'Choose a handler.', ru: 'Выберите исполнителя.' },
  'reports.error.group': { et: 'Valige selle omavalitsuse käsitlejate rühm.', en: 'Choose a handler group of this local government.', ru: 'Выберите группу исполнителей этого самоуправления.' },
  'reports.error.unconfirmedReport': {
    et: 'Teade on kinnitamata: teataja ei ole veel oma e-posti aadressi kinnitanud.',
    en: 'The report is not confirmed: the reporter has not yet confirmed the e-mail address.',
    ru: 'Сообщение не подтверждено: автор ещё не подтвердил адрес эл. почты.',
  },
  'reports.error.closedReport': {
    et: 'Teade on suletud. Selle saab uuesti avada, sellele vastata või lisada märkuse.',
    en: 'The report is closed. It can be re-opened, answered or given a note.',
    ru: 'Сообщение закрыто. Его можно открыть повторно, ответить или добавить заметку.',
  },
  'reports.error.notClosed': { et: 'Uuesti avada saab ainult suletud teadet.', en: 'Only a closed report can be re-opened.', ru: 'Повторно открыть можно только закрытое сообщение.' },
  'reports.error.sameStatus': { et: 'Teatel on juba see olek.', en: 'The report already has this status.', ru: 'У сообщения уже этот статус.' },
  'reports.error.sameCategory': { et: 'Teade on juba selles kategoorias.', en: 'The report is already in this category.', ru: 'Сообщение уже в этой категории.' },
});

/** Names of the core's audit actions. */
export const reportsCoreAuditActions: Record<string, Message> = {
  'reports.report.status': { et: 'Teate olek muudetud', en: 'Report status changed', ru: 'Статус сообщения изменён' },
  'reports.report.forward': { et: 'Teade edastatud', en: 'Report forwarded', ru: 'Сообщение передано' },
  'reports.report.duplicate': { et: 'Teade märgitud korduvaks', en: 'Report marked as a duplicate', ru: 'Сообщение отмечено как повторное' },
  'reports.report.reopen': { et: 'Teade uuesti avatud', en: 'Report re-opened', ru: 'Сообщение открыто повторно' },
  'reports.report.answer': { et: 'Teatele vastatud', en: 'Report answered', ru: 'Дан ответ на сообщение' },
  'reports.report.note': { et: 'Teatele lisatud sisemärkus', en: 'Internal note added to a report', ru: 'К сообщению добавлена внутренняя заметка' },
  'reports.report.assign': { et: 'Teade määratud käsitlejale', en: 'Report assigned', ru: 'Сообщение назначено исполнителю' },
  'reports.report.category': { et: 'Teate kategooria muudetud', en: 'Report category changed', ru: 'Категория сообщения изменена' },
};
