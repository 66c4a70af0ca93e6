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

  // a survey about another subject than a service (e.g. a training day: module training)
  'feedback.subject.satisfaction': { et: 'Kui rahul olete tervikuna?', en: 'How satisfied are you overall?', ru: 'Насколько вы довольны в целом?' },
  'feedback.subject.ease': { et: 'Kui lihtne oli kaasa teha ja aru saada?', en: 'How easy was it to take part and to follow?', ru: 'Насколько легко было участвовать и понимать?' },
  'feedback.subject.commentHint': {
    et: 'Kuni {max} tähemärki. Kommentaari näevad ainult korraldajad. Ärge kirjutage siia oma nime, isikukoodi ega kontaktandmeid.',
    en: 'Up to {max} characters. Only the organisers see the comment. Please do not write your name, personal ID code or contact details here.',
    ru: 'До {max} символов. Комментарий видят только организаторы. Не указывайте здесь своё имя, личный код или контактные данные.',
  },
  'feedback.subject.none': { et: 'Vastuseid veel ei ole.', en: 'No answers yet.', ru: 'Ответов пока нет.' },
  'feedback.subject.comments': { et: 'Viimased kommentaarid', en: 'Recent comments', ru: 'Последние комментарии' },

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

  // moderation
  'feedback.moderation.notNow': {
    et: 'Seda kommentaari ei saa praegu nii muuta.',
    en: 'This comment cannot be changed that way now.',
    ru: 'Этот комментарий сейчас нельзя так изменить.',
  },
  'feedback.api.date': { et: 'Vigane aeg (ISO 8601)', en: 'Invalid time (ISO 8601)', ru: 'Неверное время (ISO 8601)' },
  'feedback.api.cursor': { et: 'Vigane jätkukoht (cursor)', en: 'Invalid cursor', ru: 'Неверный курсор' },

  // the officials' sharing pages
  'feedback.share.admin': { et: 'Haldus', en: 'Administration', ru: 'Администрирование' },
  'feedback.share.title': { et: 'Tagasiside küsimine', en: 'Asking for feedback', ru: 'Сбор отзывов' },
  'feedback.share.adminLink.text': {
    et: 'Teenuste tagasisidevormi link, QR-kood ja veebilehele lisatav vidin',
    en: 'The feedback form link, QR code and website widget of each service',
    ru: 'Ссылка на форму отзыва, QR-код и виджет для сайта каждой услуги',
  },
  'feedback.share.intro': {
    et: 'Igal avaldatud teenusel on püsiv tagasisidevormi link. Valige teenus, et näha linki, QR-koodi ja vidina koodi.',
    en: 'Every published service has a stable feedback form link. Choose a service to see its link, QR code and widget code.',
    ru: 'У каждой опубликованной услуги есть постоянная ссылка на форму отзыва. Выберите услугу, чтобы увидеть ссылку, QR-код и код виджета.',
  },
  'feedback.share.none': { et: 'Avaldatud teenuseid veel ei ole.', en: 'There are no published services yet.', ru: 'Опубликованных услуг пока нет.' },
  'feedback.share.link': { et: 'Püsiv link', en: 'Stable link', ru: 'Постоянная ссылка' },
  'feedback.share.linkText': {
    et: 'Pange see link e-kirja, teenuse lehele või kinnitusteatesse.',
    en: 'Put this link in an e-mail, on the service page or in a confirmation message.',
    ru: 'Разместите эту ссылку в письме, на странице услуги или в подтверждении.',
  },
  'feedback.share.qr': { et: 'QR-kood', en: 'QR code', ru: 'QR-код' },
  'feedback.share.qrText': {
    et: 'Printige QR-kood teeninduslauale või paberile, mille inimene kaasa saab.',
    en: 'Print the QR code for the service desk or on the paper the person takes home.',
    ru: 'Распечатайте QR-код для стойки обслуживания или на бумаге, которую человек заберёт с собой.',
  },
  'feedback.share.qrAlt': { et: 'Teenuse „{service}“ tagasisidevormi QR-kood', en: 'QR code of the feedback form of "{service}"', ru: 'QR-код формы отзыва услуги «{service}»' },
  'feedback.share.qrSvg': { et: 'Laadi alla SVG', en: 'Download SVG', ru: 'Скачать SVG' },
  'feedback.share.qrPng': { et: 'Laadi alla PNG', en: 'Download PNG', ru: 'Скачать PNG' },
  'feedback.share.widget': { et: 'Vidin veebilehele', en: 'Widget for a website', ru: 'Виджет для сайта' },
  'feedback.share.widgetText': {
    et: 'Lisage see kood oma veebilehele: vorm ilmub lehele ilma iframe’ita ja töötab ka rangema sisuturbepoliitikaga (lubage skriptid ja päringud Vallamaja aadressilt).',
    en: 'Add this code to your website: the form appears on the page without an iframe and works with a strict content security policy (allow scripts and requests from the Vallamaja address).',
    ru: 'Добавьте этот код на свой сайт: форма появится на странице без iframe и работает при строгой политике безопасности контента (разрешите скрипты и запросы с адреса Vallamaja).',
  },
  'feedback.share.api': { et: 'Kutse teie infosüsteemist', en: 'An invitation from your system', ru: 'Приглашение из вашей системы' },
  'feedback.share.apiText': {
    et: 'Teie infosüsteem saab tehingu lõpus luua ühekordse kutse (API võti õigusega „write“); soovi korral saadame kutse e-postiga.',
    en: 'Your system can create a one-time invitation at the end of a transaction (an API key with the "write" scope); we can mail it if you like.',
    ru: 'Ваша система может создать одноразовое приглашение в конце операции (API-ключ с правом «write»); при желании мы отправим его по почте.',
  },

  // moderation (more)
  'feedback.moderation.title': { et: 'Kommentaaride modereerimine', en: 'Comment moderation', ru: 'Модерация комментариев' },
  'feedback.moderation.adminLink.text': {
    et: 'Tagasiside kommentaarid enne avaldamist; isikuandmete eemaldamine',
    en: 'Feedback comments before anyone sees them; removing personal data',
    ru: 'Комментарии к отзывам до публикации; удаление личных данных',
  },
  'feedback.moderation.intro': {
    et: 'Kommentaare näevad teised alles pärast heakskiitu. Kui kommentaaris on isikuandmeid (isikukood, telefon, e-post, nimi), eemaldage tekst: hinded jäävad alles.',
    en: 'Others see a comment only once it is approved. If a comment holds personal data (ID code, phone, e-mail, a name), remove its text: the scores stay.',
    ru: 'Другие видят комментарий только после одобрения. Если в комментарии есть личные данные (личный код, телефон, e-mail, имя), удалите текст: оценки сохранятся.',
  },
  'feedback.moderation.states': { et: 'Kommentaaride olek', en: 'Comment state', ru: 'Состояние комментариев' },
  'feedback.moderation.state.pending': { et: 'Ootel', en: 'Pending', ru: 'Ожидают' },
  'feedback.moderation.state.approved': { et: 'Avaldatud', en: 'Approved', ru: 'Одобрены' },
  'feedback.moderation.state.rejected': { et: 'Tagasi lükatud', en: 'Rejected', ru: 'Отклонены' },
  'feedback.moderation.state.redacted': { et: 'Tekst eemaldatud', en: 'Text removed', ru: 'Текст удалён' },
  'feedback.moderation.empty': { et: 'Siin kommentaare ei ole.', en: 'There are no comments here.', ru: 'Здесь нет комментариев.' },
  'feedback.moderation.unknownService': { et: 'Teenus puudub kataloogist', en: 'Service not in the catalogue', ru: 'Услуги нет в каталоге' },
  'feedback.moderation.scores': { et: 'rahulolu {satisfaction}/5, lihtsus {ease}/5', en: 'satisfaction {satisfaction}/5, ease {ease}/5', ru: 'удовлетворённость {satisfaction}/5, простота {ease}/5' },
  'feedback.moderation.flag.idcode': { et: 'võib olla isikukood', en: 'may be an ID code', ru: 'может быть личным кодом' },
  'feedback.moderation.flag.phone': { et: 'võib olla telefoninumber', en: 'may be a phone number', ru: 'может быть номером телефона' },
  'feedback.moderation.flag.email': { et: 'võib olla e-posti aadress', en: 'may be an e-mail address', ru: 'может быть адресом e-mail' },
  'feedback.moderation.flagged': {
    et: 'Tähelepanu: kommentaaris {kinds}. Kaaluge teksti eemaldamist.',
    en: 'Note: the comment holds what {kinds}. Consider removing the text.',
    ru: 'Внимание: в комментарии есть то, что {kinds}. Рассмотрите удаление текста.',
  },
  'feedback.moderation.redactedMarker': { et: '[Tekst eemaldatud]', en: '[Text removed]', ru: '[Текст удалён]' },
  'feedback.moderation.do.approve': { et: 'Kiida heaks', en: 'Approve', ru: 'Одобрить' },
  'feedback.moderation.do.reject': { et: 'Lükka tagasi', en: 'Reject', ru: 'Отклонить' },
  'feedback.moderation.do.redact': { et: 'Eemalda tekst', en: 'Remove text', ru: 'Удалить текст' },
  'feedback.moderation.ofAnswer': { et: '(vastus {at})', en: '(answer of {at})', ru: '(ответ от {at})' },
  'feedback.moderation.done.approve': { et: 'Kommentaar on avaldatud.', en: 'The comment is approved.', ru: 'Комментарий одобрен.' },
  'feedback.moderation.done.reject': { et: 'Kommentaar on tagasi lükatud.', en: 'The comment is rejected.', ru: 'Комментарий отклонён.' },
  'feedback.moderation.done.redact': { et: 'Kommentaari tekst on eemaldatud.', en: 'The comment’s text is removed.', ru: 'Текст комментария удалён.' },
  'feedback.moderation.prev': { et: 'Eelmised', en: 'Previous', ru: 'Предыдущие' },
  'feedback.moderation.next': { et: 'Järgmised', en: 'Next', ru: 'Следующие' },

  // the widget (texts it fetches)
  'feedback.widget.sending': { et: 'Saadan…', en: 'Sending…', ru: 'Отправка…' },
  'feedback.widget.failed': {
    et: 'Vastust ei õnnestunud saata. Proovige hiljem uuesti.',
    en: 'The answer could not be sent. Please try again later.',
    ru: 'Не удалось отправить ответ. Попробуйте позже.',
  },

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
