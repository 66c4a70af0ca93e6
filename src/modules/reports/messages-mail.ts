// Texts of the reporter's e-mails (mails.ts composes them) and of the e-mail confirmation page
// (routes-mail.ts): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const reportsMailMessages = defineMessages({
  'reports.job.notify': { et: 'Teatajate teavitamine e-postiga', en: 'Mailing reporters', ru: 'Уведомление авторов сообщений по эл. почте' },

  // ---------- the mails ----------
  'reports.mail.greeting': { et: 'Tere!', en: 'Hello,', ru: 'Здравствуйте!' },
  'reports.mail.footer': {
    et: 'See kiri on saadetud automaatselt ({kov}, Vallamaja). Palun ärge vastake sellele kirjale.',
    en: 'This message was sent automatically ({kov}, Vallamaja). Please do not reply to it.',
    ru: 'Это письмо отправлено автоматически ({kov}, Vallamaja). Пожалуйста, не отвечайте на него.',
  },
  'reports.mail.report': { et: 'Teade {number}: {category}', en: 'Report {number}: {category}', ru: 'Сообщение {number}: {category}' },
  'reports.mail.place': { et: 'Koht: {place}', en: 'Place: {place}', ru: 'Место: {place}' },
  'reports.mail.follow': { et: 'Teate käiku saate jälgida siin: {link}', en: 'Follow your report here: {link}', ru: 'Следить за ходом сообщения можно здесь: {link}' },

  'reports.mail.confirm.subject': { et: 'Kinnitage oma teade {number}', en: 'Confirm your report {number}', ru: 'Подтвердите своё сообщение {number}' },
  'reports.mail.confirm.body': {
    et: 'Saime teie teate. See jõuab omavalitsuse ({kov}) käsitlejateni, kui kinnitate, et see e-posti aadress on teie oma. Avage link ja vajutage nuppu „Kinnitan teate“:',
    en: 'We have received your report. It reaches the local government’s ({kov}) handlers once you confirm that this e-mail address is yours. Open the link and press “Confirm the report”:',
    ru: 'Мы получили ваше сообщение. Оно попадёт к исполнителям самоуправления ({kov}), когда вы подтвердите, что этот адрес эл. почты ваш. Откройте ссылку и нажмите «Подтверждаю сообщение»:',
  },
  'reports.mail.confirm.ignore': {
    et: 'Kui te ei saatnud seda teadet, ei pea te midagi tegema: kinnitamata teade ei lähe edasi.',
    en: 'If you did not send this report, you need not do anything: an unconfirmed report goes nowhere.',
    ru: 'Если вы не отправляли это сообщение, ничего делать не нужно: неподтверждённое сообщение никуда не передаётся.',
  },

  'reports.mail.receipt.subject': { et: 'Teade {number} on vastu võetud', en: 'Report {number} has been received', ru: 'Сообщение {number} принято' },
  'reports.mail.receipt.body': {
    et: 'Omavalitsus ({kov}) võttis teie teate vastu. Teate number on {number}.',
    en: 'The local government ({kov}) has received your report. Its number is {number}.',
    ru: 'Самоуправление ({kov}) приняло ваше сообщение. Его номер {number}.',
  },
  'reports.mail.receipt.expected': {
    et: 'Eeldatav lahendamise aeg: {date}.',
    en: 'Expected to be resolved by: {date}.',
    ru: 'Ожидаемый срок решения: {date}.',
  },
  'reports.mail.receipt.notify': {
    et: 'Anname teile e-postiga teada, kui teate olek muutub.',
    en: 'We will let you know by e-mail when the report’s status changes.',
    ru: 'Мы сообщим вам по эл. почте, когда статус сообщения изменится.',
  },

  'reports.mail.update.subject': { et: 'Teade {number}: {status}', en: 'Report {number}: {status}', ru: 'Сообщение {number}: {status}' },
  'reports.mail.update.intro': { et: 'Teie teate {number} kohta on uudiseid.', en: 'There is news about your report {number}.', ru: 'По вашему сообщению {number} есть новости.' },
  'reports.mail.change.status': { et: 'Uus olek: {status}.', en: 'New status: {status}.', ru: 'Новый статус: {status}.' },
  'reports.mail.change.answer': { et: 'Omavalitsus vastas teie teatele.', en: 'The local government has answered your report.', ru: 'Самоуправление ответило на ваше сообщение.' },
  'reports.mail.change.category': {
    et: 'Teade on üle viidud kategooriasse „{category}“.',
    en: 'The report has been moved to the category “{category}”.',
    ru: 'Сообщение перенесено в категорию «{category}».',
  },
  'reports.mail.change.merged': {
    et: 'Sama probleemi kohta on juba teade; teie teade liideti sellega ja seda lahendatakse koos.',
    en: 'The same problem has already been reported; your report was merged with that one and is resolved with it.',
    ru: 'Об этой проблеме уже сообщали; ваше сообщение объединено с тем и решается вместе с ним.',
  },
  'reports.mail.change.reopened': { et: 'Teade on uuesti avatud.', en: 'The report has been re-opened.', ru: 'Сообщение открыто повторно.' },
  'reports.mail.change.confirmed': { et: 'Teade on kinnitatud.', en: 'The report has been confirmed.', ru: 'Сообщение подтверждено.' },
  'reports.mail.change.forwardedTo': { et: 'Edastatud: {to}.', en: 'Forwarded to: {to}.', ru: 'Передано: {to}.' },
  'reports.mail.answer': { et: 'Omavalitsuse vastus:', en: 'The local government’s answer:', ru: 'Ответ самоуправления:' },

  'reports.mail.feedback.subject': { et: 'Kas probleem on lahendatud? Teade {number}', en: 'Is it fixed? Report {number}', ru: 'Проблема решена? Сообщение {number}' },
  'reports.mail.feedback.ask': {
    et: 'Kas probleem on teie arvates lahendatud? Andke meile teada, see võtab minuti:',
    en: 'Is the problem fixed, in your view? Let us know, it takes a minute:',
    ru: 'Решена ли проблема, по-вашему? Сообщите нам, это займёт минуту:',
  },

  // ---------- the confirmation page ----------
  'reports.confirm.title': { et: 'Teate kinnitamine', en: 'Confirm your report', ru: 'Подтверждение сообщения' },
  'reports.confirm.intro': {
    et: 'Kinnitage, et saatsite teate {number} ja et see e-posti aadress on teie oma. Pärast kinnitamist jõuab teade omavalitsuse käsitlejateni.',
    en: 'Confirm that you sent report {number} and that this e-mail address is yours. Once confirmed, the report reaches the local government’s handlers.',
    ru: 'Подтвердите, что вы отправили сообщение {number} и что этот адрес эл. почты ваш. После подтверждения сообщение попадёт к исполнителям самоуправления.',
  },
  'reports.confirm.button': { et: 'Kinnitan teate', en: 'Confirm the report', ru: 'Подтверждаю сообщение' },
  'reports.confirm.done.title': { et: 'Teade on kinnitatud', en: 'Your report is confirmed', ru: 'Сообщение подтверждено' },
  'reports.confirm.done.text': {
    et: 'Aitäh! Teade {number} on omavalitsusele edastatud. Saatsime teile e-kirja, kust leiate teate lingi ja eeldatava lahendamise aja.',
    en: 'Thank you! Report {number} has been passed to the local government. We have mailed you its link and the expected resolution date.',
    ru: 'Спасибо! Сообщение {number} передано самоуправлению. Мы отправили вам письмо со ссылкой на сообщение и ожидаемым сроком решения.',
  },
  'reports.confirm.view': { et: 'Vaata teadet', en: 'View the report', ru: 'Посмотреть сообщение' },
  'reports.confirm.gone.title': { et: 'Link ei kehti', en: 'This link is not valid', ru: 'Ссылка недействительна' },
  'reports.confirm.gone.text': {
    et: 'See kinnituslink on juba kasutatud või vale. Kui kinnitasite teate juba, ei pea te midagi tegema. Muidu kontrollige, et kopeerisite kogu lingi e-kirjast.',
    en: 'This confirmation link has already been used or is wrong. If you have already confirmed the report, there is nothing more to do. Otherwise check that you copied the whole link from the mail.',
    ru: 'Эта ссылка для подтверждения уже использована или неверна. Если вы уже подтвердили сообщение, ничего делать не нужно. Иначе проверьте, что скопировали ссылку из письма целиком.',
  },
  'reports.confirm.missing': {
    et: 'Lingist puudub kinnituskood. Avage link e-kirjast uuesti või kopeerige kood (lingi osa pärast „token=“) siia.',
    en: 'The link has no confirmation code. Open the link from the mail again, or copy the code (the part of the link after “token=”) here.',
    ru: 'В ссылке нет кода подтверждения. Откройте ссылку из письма ещё раз или скопируйте сюда код (часть ссылки после «token=»).',
  },
  'reports.confirm.code': { et: 'Kinnituskood', en: 'Confirmation code', ru: 'Код подтверждения' },
  'reports.confirm.codeHint': {
    et: 'Kood on e-kirjas lingi lõpus, pärast „token=“.',
    en: 'The code is at the end of the link in the mail, after “token=”.',
    ru: 'Код находится в конце ссылки в письме, после «token=».',
  },
  'reports.confirm.next': { et: 'Edasi', en: 'Continue', ru: 'Далее' },
});
