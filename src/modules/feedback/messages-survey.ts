// The survey's texts (the form, the widget, invites, moderation): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const surveyMessages = defineMessages({
  'role.feedback-moderator': { et: 'Tagasiside modereerija', en: 'Feedback moderator', ru: 'Модератор отзывов' },
  'feedback.title': { et: 'Tagasiside', en: 'Feedback', ru: 'Отзывы' },

  // the form
  'feedback.form.title': { et: 'Kuidas teenusega läks?', en: 'How did the service go?', ru: 'Как прошло получение услуги?' },
  'feedback.form.intro': {
    et: 'Teie vastus aitab teenust parandada. Vastamine on anonüümne: me ei salvesta teie nime, isikukoodi ega IP-aadressi.',
    en: 'Your answer helps to improve the service. It is anonymous: we do not store your name, personal ID code or IP address.',
    ru: 'Ваш ответ поможет улучшить услугу. Ответ анонимный: мы не сохраняем ваше имя, личный код или IP-адрес.',
  },
  'feedback.form.service': { et: 'Teenus: {service}', en: 'Service: {service}', ru: 'Услуга: {service}' },
  'feedback.form.satisfaction': { et: 'Kui rahul olete teenusega tervikuna?', en: 'How satisfied are you with the service overall?', ru: 'Насколько вы довольны услугой в целом?' },
  'feedback.form.ease': { et: 'Kui lihtne oli teenust kasutada?', en: 'How easy was it to use the service?', ru: 'Насколько легко было воспользоваться услугой?' },
  'feedback.form.wentWell': { et: 'Mis läks hästi? (valige kõik sobivad)', en: 'What went well? (choose all that apply)', ru: 'Что прошло хорошо? (выберите все подходящие)' },
  'feedback.form.wentBadly': { et: 'Mis ei läinud hästi? (valige kõik sobivad)', en: 'What did not go well? (choose all that apply)', ru: 'Что прошло плохо? (выберите все подходящие)' },
  'feedback.form.comment': { et: 'Kommentaar (valikuline)', en: 'Comment (optional)', ru: 'Комментарий (необязательно)' },
  'feedback.form.commentHint': {
    et: 'Kuni {max} tähemärki. Ärge kirjutage siia oma nime, isikukoodi ega kontaktandmeid. Kommentaar avaldatakse alles pärast modereerimist.',
    en: 'Up to {max} characters. Please do not write your name, personal ID code or contact details here. Comments are shown only after moderation.',
    ru: 'До {max} символов. Не указывайте здесь своё имя, личный код или контактные данные. Комментарий публикуется только после модерации.',
  },
  'feedback.form.submit': { et: 'Saada vastus', en: 'Send answer', ru: 'Отправить ответ' },
  'feedback.form.honeypot': { et: 'Jätke see väli tühjaks', en: 'Leave this field empty', ru: 'Оставьте это поле пустым' },
  'feedback.form.language': { et: 'Keel', en: 'Language', ru: 'Язык' },
  'feedback.form.invite': { et: 'Vastate kutsele: kutse kaudu saab vastata üks kord.', en: 'You are answering an invitation: it can be answered once.', ru: 'Вы отвечаете на приглашение: ответить можно один раз.' },
  'feedback.thanks.title': { et: 'Aitäh tagasiside eest!', en: 'Thank you for your feedback!', ru: 'Спасибо за отзыв!' },
  'feedback.thanks.text': { et: 'Teie vastus on salvestatud.', en: 'Your answer has been saved.', ru: 'Ваш ответ сохранён.' },
  'feedback.thanks.comment': {
    et: 'Teie kommentaar vaadatakse enne avaldamist üle.',
    en: 'Your comment will be reviewed before anyone else sees it.',
    ru: 'Ваш комментарий будет проверен до публикации.',
  },
  'feedback.thanks.back': { et: 'Tagasi teenuse juurde', en: 'Back to the service', ru: 'Вернуться к услуге' },

  // errors
  'feedback.error.satisfaction': { et: 'Valige, kui rahul olete (1–5)', en: 'Choose how satisfied you are (1–5)', ru: 'Выберите, насколько вы довольны (1–5)' },
  'feedback.error.ease': { et: 'Valige, kui lihtne oli (1–5)', en: 'Choose how easy it was (1–5)', ru: 'Выберите, насколько было легко (1–5)' },
  'feedback.error.driver': { et: 'Valige vastused loetelust', en: 'Choose the answers from the list', ru: 'Выберите ответы из списка' },
  'feedback.error.driverBoth': {
    et: 'Sama asi ei saa olla korraga hästi ja halvasti',
    en: 'The same thing cannot have gone both well and badly',
    ru: 'Одно и то же не может быть одновременно хорошим и плохим',
  },
  'feedback.error.comment': { et: 'Kommentaar peab olema tekst', en: 'The comment must be text', ru: 'Комментарий должен быть текстом' },
  'feedback.error.commentLong': { et: 'Kommentaar võib olla kuni {max} tähemärki', en: 'The comment can be up to {max} characters', ru: 'Комментарий может быть не длиннее {max} символов' },
  'feedback.error.tooFast': {
    et: 'Vastus saadeti liiga kiiresti. Kontrollige vastuseid ja saatke uuesti.',
    en: 'The answer was sent too quickly. Please check your answers and send again.',
    ru: 'Ответ был отправлен слишком быстро. Проверьте ответы и отправьте снова.',
  },
  'feedback.error.token': {
    et: 'Vorm on aegunud. Kontrollige vastuseid ja saatke uuesti.',
    en: 'The form has expired. Please check your answers and send again.',
    ru: 'Срок действия формы истёк. Проверьте ответы и отправьте снова.',
  },
  'feedback.error.email': { et: 'Sisestage üks korrektne e-posti aadress', en: 'Enter one valid e-mail address', ru: 'Введите один правильный адрес электронной почты' },
  'feedback.error.reference': { et: 'Viide võib olla kuni 200 tähemärki', en: 'The reference can be up to 200 characters', ru: 'Ссылка может быть не длиннее 200 символов' },
  'feedback.error.service': { et: 'Sellist avaldatud teenust ei ole', en: 'There is no such published service', ru: 'Такой опубликованной услуги нет' },

  // invites
  'feedback.invite.unknown': { et: 'Seda kutset ei ole.', en: 'There is no such invitation.', ru: 'Такого приглашения нет.' },
  'feedback.invite.used': { et: 'Sellele kutsele on juba vastatud.', en: 'This invitation has already been answered.', ru: 'На это приглашение уже ответили.' },
  'feedback.invite.expired': { et: 'See kutse on aegunud.', en: 'This invitation has expired.', ru: 'Срок действия этого приглашения истёк.' },
  'feedback.invite.mail.subject': { et: 'Kuidas teenusega läks? {service}', en: 'How did the service go? {service}', ru: 'Как прошло получение услуги? {service}' },
  'feedback.invite.mail.text': {
    et: 'Tere!\n\nPalun andke teada, kuidas läks teenusega „{service}“. Vastamine võtab minuti ja on anonüümne.\n\n{url}\n\nLinki saab kasutada üks kord {days} päeva jooksul.',
    en: 'Hello,\n\nPlease tell us how the service "{service}" went. It takes a minute and is anonymous.\n\n{url}\n\nThe link can be used once within {days} days.',
    ru: 'Здравствуйте!\n\nРасскажите, пожалуйста, как прошло получение услуги «{service}». Это займёт минуту и анонимно.\n\n{url}\n\nСсылкой можно воспользоваться один раз в течение {days} дней.',
  },
});

export const surveyAuditActions = defineMessages({
  'feedback.invite': { et: 'Tagasiside kutse saadetud', en: 'Feedback invitation sent', ru: 'Отправлено приглашение оставить отзыв' },
  'feedback.approve': { et: 'Tagasiside kommentaar avaldatud', en: 'Feedback comment approved', ru: 'Комментарий к отзыву одобрен' },
  'feedback.reject': { et: 'Tagasiside kommentaar tagasi lükatud', en: 'Feedback comment rejected', ru: 'Комментарий к отзыву отклонён' },
  'feedback.redact': { et: 'Tagasiside kommentaarist isikuandmed eemaldatud', en: 'Personal data removed from a feedback comment', ru: 'Из комментария к отзыву удалены личные данные' },
});
