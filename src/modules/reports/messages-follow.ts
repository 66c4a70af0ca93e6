// Texts of the resident's side finished: photos held across a refused form, the handlers' photos,
// followers ("I have this problem too"), their mails and unsubscribing. Estonian first, then English
// and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const reportsFollowMessages = defineMessages({
  'reports.job.prune': {
    et: 'Vanade ootel fotode ja kinnitamata jälgijate kustutamine',
    en: 'Deleting old pending photos and unconfirmed followers',
    ru: 'Удаление старых ожидающих фото и неподтверждённых подписчиков',
  },

  // ---------- photos held across a refused submission ----------
  'reports.form.photosKept': {
    et: 'Teade ei ole veel saadetud. Korras fotod ({n}) on alles hoitud: te ei pea neid uuesti valima.',
    en: 'The report has not been sent yet. The photos that were fine ({n}) have been kept: you need not choose them again.',
    ru: 'Сообщение ещё не отправлено. Подходящие фотографии ({n}) сохранены: выбирать их заново не нужно.',
  },
  'reports.form.keptLegend': { et: 'Juba lisatud fotod', en: 'Photos already added', ru: 'Уже добавленные фотографии' },
  'reports.form.keptPhoto': { et: 'Foto {n} ({w} × {h}, {type}) – jäta alles', en: 'Photo {n} ({w} × {h}, {type}) – keep', ru: 'Фото {n} ({w} × {h}, {type}) – оставить' },

  // ---------- the handlers' photos ----------
  'reports.detail.photoAlt': { et: 'Teate foto {n}', en: 'Photo {n} of the report', ru: 'Фото {n} сообщения' },

  // ---------- followers ----------
  'reports.follow.title': { et: 'Mul on sama mure', en: 'I have this problem too', ru: 'У меня та же проблема' },
  'reports.follow.count': {
    et: 'Sama murega inimesi: {n}',
    en: 'People with the same problem: {n}',
    ru: 'Людей с той же проблемой: {n}',
  },
  'reports.follow.lead': {
    et: 'Andke teada, et see puudutab ka teid. Saadame teile e-kirja, kui teate olek muutub; loobuda saab iga kirja lingist.',
    en: 'Let the local government know it affects you too. We mail you when the report changes; every mail has a link to stop.',
    ru: 'Сообщите, что это касается и вас. Мы напишем вам, когда статус сообщения изменится; отписаться можно по ссылке в каждом письме.',
  },
  'reports.follow.email': { et: 'E-posti aadress', en: 'E-mail address', ru: 'Адрес эл. почты' },
  'reports.follow.emailHint': {
    et: 'Saadame sellele aadressile kinnituslingi.',
    en: 'We send a confirmation link to this address.',
    ru: 'Мы отправим ссылку для подтверждения на этот адрес.',
  },
  'reports.follow.emailOptional': { et: 'E-posti aadress teavituste jaoks (ei ole kohustuslik)', en: 'E-mail address for updates (optional)', ru: 'Адрес эл. почты для уведомлений (необязательно)' },
  'reports.follow.submit': { et: 'Mul on sama mure', en: 'I have this problem too', ru: 'У меня та же проблема' },
  'reports.follow.following': { et: 'Te jälgite seda teadet.', en: 'You follow this report.', ru: 'Вы следите за этим сообщением.' },
  'reports.follow.stop': { et: 'Lõpeta jälgimine', en: 'Stop following', ru: 'Перестать следить' },
  'reports.follow.closed': { et: 'Teade on lõpetatud; seda ei saa enam jälgida.', en: 'The report is closed; it can no longer be followed.', ru: 'Сообщение закрыто; следить за ним больше нельзя.' },
  'reports.follow.error.email': { et: 'Sisestage e-posti aadress kujul nimi@näide.ee.', en: 'Enter an e-mail address like name@example.ee.', ru: 'Введите адрес эл. почты в виде name@example.ee.' },
  'reports.flash.followCheckMail': {
    et: 'Saatsime kinnituslingi teie e-posti aadressile. Jälgimine algab, kui avate lingi.',
    en: 'We sent a confirmation link to your e-mail address. Following starts once you open it.',
    ru: 'Мы отправили ссылку для подтверждения на ваш адрес. Подписка начнётся, когда вы её откроете.',
  },
  'reports.flash.following': { et: 'Jälgite nüüd teadet {number}.', en: 'You now follow report {number}.', ru: 'Теперь вы следите за сообщением {number}.' },
  'reports.flash.unfollowed': { et: 'Te ei jälgi enam teadet {number}.', en: 'You no longer follow report {number}.', ru: 'Вы больше не следите за сообщением {number}.' },
  'reports.follow.confirm.title': { et: 'Kinnitage teate jälgimine', en: 'Confirm following the report', ru: 'Подтвердите подписку на сообщение' },
  'reports.follow.confirm.lead': {
    et: 'Vajutage nuppu, et hakata teate {number} muutuste kohta e-kirju saama.',
    en: 'Press the button to start getting mails about the changes of report {number}.',
    ru: 'Нажмите кнопку, чтобы получать письма об изменениях сообщения {number}.',
  },
  'reports.follow.confirm.submit': { et: 'Kinnitan jälgimise', en: 'Confirm following', ru: 'Подтверждаю подписку' },
  'reports.follow.confirm.gone.title': { et: 'Link ei kehti', en: 'The link is not valid', ru: 'Ссылка недействительна' },
  'reports.follow.confirm.gone.text': {
    et: 'Link on juba kasutatud või aegunud. Võite teate lehel uuesti jälgima hakata.',
    en: 'The link has been used or has expired. You can follow again on the report’s page.',
    ru: 'Ссылка уже использована или устарела. Подписаться можно снова на странице сообщения.',
  },

  // ---------- unsubscribing ----------
  'reports.unsubscribe.title': { et: 'Loobu e-kirjadest', en: 'Stop the mails', ru: 'Отписаться от писем' },
  'reports.unsubscribe.lead': {
    et: 'Vajutage nuppu ja me ei saada teile enam e-kirju teate {number} muutuste kohta.',
    en: 'Press the button and we will no longer mail you about the changes of report {number}.',
    ru: 'Нажмите кнопку, и мы больше не будем писать вам об изменениях сообщения {number}.',
  },
  'reports.unsubscribe.submit': { et: 'Loobun e-kirjadest', en: 'Stop the mails', ru: 'Отписаться' },
  'reports.unsubscribe.done.title': { et: 'E-kirjadest loobutud', en: 'The mails are stopped', ru: 'Вы отписались' },
  'reports.unsubscribe.done.text': {
    et: 'Me ei saada teile enam e-kirju teate {number} kohta. Teate käiku näete endiselt selle lehel.',
    en: 'We will no longer mail you about report {number}. You can still see how it goes on its page.',
    ru: 'Мы больше не будем писать вам о сообщении {number}. Ход сообщения по-прежнему виден на его странице.',
  },
  'reports.unsubscribe.wrong': { et: 'Link ei kehti.', en: 'The link is not valid.', ru: 'Ссылка недействительна.' },

  // ---------- mails ----------
  'reports.mail.unsubscribe': {
    et: 'Kui te ei soovi enam selle teate kohta e-kirju, loobuge siin: {link}',
    en: 'To stop the mails about this report, unsubscribe here: {link}',
    ru: 'Чтобы больше не получать писем об этом сообщении, отпишитесь здесь: {link}',
  },
  'reports.mail.followed.intro': {
    et: 'Teie jälgitava teate {number} kohta on uudiseid.',
    en: 'There is news about report {number}, which you follow.',
    ru: 'По сообщению {number}, за которым вы следите, есть новости.',
  },
  'reports.mail.followed.link': { et: 'Teade: {link}', en: 'The report: {link}', ru: 'Сообщение: {link}' },
  'reports.mail.followConfirm.subject': { et: 'Kinnitage teate {number} jälgimine', en: 'Confirm following report {number}', ru: 'Подтвердите подписку на сообщение {number}' },
  'reports.mail.followConfirm.body': {
    et: 'Keegi (loodetavasti teie) soovis selle aadressiga jälgida teadet {number}. Avage link ja vajutage nuppu „Kinnitan jälgimise“:',
    en: 'Someone (we hope you) asked to follow report {number} with this address. Open the link and press “Confirm following”:',
    ru: 'Кто-то (надеемся, вы) захотел следить за сообщением {number} с этим адресом. Откройте ссылку и нажмите «Подтверждаю подписку»:',
  },
  'reports.mail.followConfirm.ignore': {
    et: 'Kui see ei olnud teie, ei pea te midagi tegema: ilma kinnituseta me teile rohkem ei kirjuta.',
    en: 'If it was not you, you need not do anything: without a confirmation we will not mail you again.',
    ru: 'Если это были не вы, ничего делать не нужно: без подтверждения мы больше не напишем.',
  },
});
