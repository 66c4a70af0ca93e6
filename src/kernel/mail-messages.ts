// Texts of the kernel's mail: the sender job's name and the development mail catcher (/dev/mail).
// Estonian first, then English and Russian.
import { defineMessages } from './i18n.js';

export const mailMessages = defineMessages({
  'mail.job.send': { et: 'E-kirjade saatmine', en: 'Sending e-mail', ru: 'Отправка электронных писем' },
  'mail.catcher.title': { et: 'Saadetud e-kirjad (arendus)', en: 'Sent e-mail (development)', ru: 'Отправленные письма (разработка)' },
  'mail.catcher.intro': {
    et: 'SMTP_URL ei ole seatud, seega e-kirjad ei lahku sellest masinast: siin on kõik kirjad, mille platvorm on saatnud. See leht on olemas ainult arenduses.',
    en: 'SMTP_URL is not set, so no e-mail leaves this machine: here are all the mails the platform has sent. This page exists in development only.',
    ru: 'SMTP_URL не задан, поэтому письма не покидают эту машину: здесь все письма, отправленные платформой. Эта страница есть только в режиме разработки.',
  },
  'mail.catcher.introSmtp': {
    et: 'E-kirjad lähevad SMTP-serverisse; siin on väljuvate kirjade järjekord. See leht on olemas ainult arenduses.',
    en: 'Mail goes to the SMTP server; here is the outbox. This page exists in development only.',
    ru: 'Письма уходят на SMTP-сервер; здесь очередь исходящих. Эта страница есть только в режиме разработки.',
  },
  'mail.catcher.caption': { et: 'E-kirjad, uusimad eespool', en: 'Mails, latest first', ru: 'Письма, новые сначала' },
  'mail.catcher.col.created': { et: 'Aeg', en: 'Time', ru: 'Время' },
  'mail.catcher.col.to': { et: 'Saaja', en: 'To', ru: 'Кому' },
  'mail.catcher.col.subject': { et: 'Teema', en: 'Subject', ru: 'Тема' },
  'mail.catcher.col.kind': { et: 'Liik', en: 'Kind', ru: 'Вид' },
  'mail.catcher.col.state': { et: 'Olek', en: 'State', ru: 'Состояние' },
  'mail.catcher.state.sent': { et: 'Saadetud', en: 'Sent', ru: 'Отправлено' },
  'mail.catcher.state.waiting': { et: 'Ootel', en: 'Waiting', ru: 'В очереди' },
  'mail.catcher.state.failed': { et: 'Loobutud', en: 'Given up', ru: 'Отменено' },
  'mail.catcher.attempts': { et: 'Katseid: {n}', en: 'Attempts: {n}', ru: 'Попыток: {n}' },
  'mail.catcher.lastError': { et: 'Viimane viga: {error}', en: 'Last error: {error}', ru: 'Последняя ошибка: {error}' },
  'mail.catcher.text': { et: 'Kirja tekst', en: 'The mail’s text', ru: 'Текст письма' },
  'mail.catcher.back': { et: 'Tagasi kõigi kirjade juurde', en: 'Back to all mails', ru: 'Назад ко всем письмам' },
});
