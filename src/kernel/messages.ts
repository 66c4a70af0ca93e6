import { defineMessages } from './i18n.js';

export const kernelMessages = defineMessages({
  'app.name': { et: 'Vallamaja', en: 'Vallamaja', ru: 'Vallamaja' },
  'app.tagline': {
    et: 'Digitaalne vallamaja: küsitlused, kaasav eelarve, teated ja teenused',
    en: 'The digital town hall: polls, participatory budgets, reports and services',
    ru: 'Цифровая волостная управа: опросы, бюджет участия, сообщения и услуги',
  },
  'layout.skip': { et: 'Liigu põhisisu juurde', en: 'Skip to main content', ru: 'Перейти к основному содержанию' },
  'layout.language': { et: 'Keel', en: 'Language', ru: 'Язык' },
  'layout.mainNav': { et: 'Põhimenüü', en: 'Main navigation', ru: 'Главное меню' },
  'layout.breadcrumbs': { et: 'Asukoht', en: 'Breadcrumbs', ru: 'Навигационная цепочка' },
  'layout.home': { et: 'Avaleht', en: 'Home', ru: 'Главная' },
  'layout.footer': {
    et: 'Vallamaja — Eesti Linnade ja Valdade Liidu platvorm',
    en: 'Vallamaja — a platform of the Association of Estonian Cities and Municipalities',
    ru: 'Vallamaja — платформа Союза городов и волостей Эстонии',
  },
  'layout.signIn': { et: 'Logi sisse', en: 'Sign in', ru: 'Войти' },
  'layout.signOut': { et: 'Logi välja', en: 'Sign out', ru: 'Выйти' },
  'layout.signedInAs': { et: 'Sisse logitud: {name}', en: 'Signed in: {name}', ru: 'Вы вошли: {name}' },
  'layout.myPage': { et: 'Minu leht', en: 'My page', ru: 'Моя страница' },
  'form.errorSummary': { et: 'Vormis on vead', en: 'There is a problem', ru: 'В форме есть ошибки' },
  'form.errorPrefix': { et: 'Viga:', en: 'Error:', ru: 'Ошибка:' },
  'form.required': { et: 'Väli on kohustuslik', en: 'This field is required', ru: 'Обязательное поле' },
  'form.save': { et: 'Salvesta', en: 'Save', ru: 'Сохранить' },
  'form.cancel': { et: 'Tühista', en: 'Cancel', ru: 'Отмена' },
  'form.filter': { et: 'Filtreeri', en: 'Filter', ru: 'Фильтровать' },
  'pagination.label': { et: 'Lehekülgede valik', en: 'Pagination', ru: 'Страницы' },
  'pagination.prev': { et: 'Eelmine', en: 'Previous', ru: 'Назад' },
  'pagination.next': { et: 'Järgmine', en: 'Next', ru: 'Вперёд' },
  'pagination.page': { et: 'Lehekülg {page} / {pages}', en: 'Page {page} of {pages}', ru: 'Страница {page} из {pages}' },
  'table.empty': { et: 'Kirjeid ei ole.', en: 'Nothing to show.', ru: 'Записей нет.' },
  'flash.info': { et: 'Teade', en: 'Notice', ru: 'Уведомление' },
  'error.validation.title': { et: 'Sisestatud andmetes on viga', en: 'The input is not valid', ru: 'Ошибка во введённых данных' },
  'error.unauthorized.title': { et: 'Palun logige sisse', en: 'Please sign in', ru: 'Пожалуйста, войдите' },
  'error.forbidden.title': { et: 'Teil ei ole selleks õigust', en: 'You do not have permission to do this', ru: 'У вас нет прав на это действие' },
  'error.personOnly': {
    et: 'Seda saab teha ainult sisse loginud inimene, mitte API-võti.',
    en: 'Only a signed-in person can do this, not an API key.',
    ru: 'Это может сделать только вошедший в систему человек, а не API-ключ.',
  },
  'error.notFound.title': { et: 'Lehte ei leitud', en: 'Page not found', ru: 'Страница не найдена' },
  'error.conflict.title': { et: 'Toimingut ei saa teha', en: 'This cannot be done', ru: 'Действие невозможно' },
  'error.tooLarge.title': { et: 'Fail või päring on liiga suur', en: 'The file or request is too large', ru: 'Файл или запрос слишком велик' },
  'error.rateLimited.title': { et: 'Liiga palju päringuid', en: 'Too many requests', ru: 'Слишком много запросов' },
  'error.rateLimited.detail': {
    et: 'Palun oodake veidi ja proovige uuesti.',
    en: 'Please wait a moment and try again.',
    ru: 'Пожалуйста, подождите немного и попробуйте снова.',
  },
  'error.csrf.title': { et: 'Vorm on aegunud', en: 'The form has expired', ru: 'Форма устарела' },
  'error.csrf.detail': {
    et: 'Turvakaalutlustel ei saanud vormi vastu võtta. Avage leht uuesti ja proovige veel kord.',
    en: 'For your security the form could not be accepted. Open the page again and retry.',
    ru: 'В целях безопасности форму не удалось принять. Откройте страницу снова и повторите.',
  },
  'error.server.title': { et: 'Midagi läks valesti', en: 'Something went wrong', ru: 'Что-то пошло не так' },
  'error.server.detail': {
    et: 'Meie poolel tekkis viga. Teie andmed on alles; proovige mõne hetke pärast uuesti. Viite number: {ref}',
    en: 'An error occurred on our side. Nothing you entered is lost; try again in a moment. Reference: {ref}',
    ru: 'На нашей стороне произошла ошибка. Ваши данные сохранены; повторите попытку позже. Номер: {ref}',
  },
  'error.unavailable.title': { et: 'Teenus on hetkel kättesaamatu', en: 'The service is briefly unavailable', ru: 'Сервис временно недоступен' },
  'error.unavailable.detail': {
    et: 'Andmebaas ei olnud hetkel kättesaadav ja päringut ei tehtud. Proovige mõne hetke pärast uuesti. Viite number: {ref}',
    en: 'The database could not be reached and nothing was done. Try again in a moment. Reference: {ref}',
    ru: 'База данных была недоступна, и запрос не был выполнен. Повторите попытку через несколько секунд. Номер: {ref}',
  },
  'error.back': { et: 'Tagasi avalehele', en: 'Back to the home page', ru: 'На главную' },
  'tenant.unknown': {
    et: 'Sellise koodiga omavalitsust ei ole',
    en: 'There is no local government with this code',
    ru: 'Самоуправления с таким кодом нет',
  },
  'api.key.invalid': {
    et: 'API-võti on vigane, tühistatud või tundmatu',
    en: 'The API key is malformed, revoked or unknown',
    ru: 'API-ключ неверен, отозван или неизвестен',
  },
  'role.platform-admin': { et: 'Platvormi administraator', en: 'Platform administrator', ru: 'Администратор платформы' },
  'role.kov-admin': { et: 'KOV administraator', en: 'KOV administrator', ru: 'Администратор самоуправления' },
  'validation.idcode.format': {
    et: 'Isikukood peab koosnema 11 numbrist',
    en: 'A personal ID code has 11 digits',
    ru: 'Личный код состоит из 11 цифр',
  },
  'validation.idcode.century': {
    et: 'Isikukoodi esimene number peab olema 1–8',
    en: 'The first digit of a personal ID code must be 1–8',
    ru: 'Первая цифра личного кода должна быть от 1 до 8',
  },
  'validation.idcode.date': {
    et: 'Isikukoodis ei ole kehtivat sünnikuupäeva',
    en: 'The personal ID code does not hold a valid birth date',
    ru: 'Личный код не содержит действительной даты рождения',
  },
  'validation.idcode.checksum': {
    et: 'Isikukoodi kontrollnumber ei klapi',
    en: 'The check digit of the personal ID code is wrong',
    ru: 'Контрольная цифра личного кода неверна',
  },
});

/** Names of the audit actions the kernel itself records. */
export const kernelAuditActions = defineMessages({
  'job.retry': { et: 'Taustatöö uus katse', en: 'Background job tried again', ru: 'Повтор фонового задания' },
});
