import { defineMessages } from '../../kernel/i18n.js';

export const authMessages = defineMessages({
  'auth.flash.welcome': { et: 'Tere, {name}!', en: 'Hello, {name}!', ru: 'Здравствуйте, {name}!' },
  'auth.flash.signedOut': {
    et: 'Olete välja logitud kõigis seadmetes ja brauserites.',
    en: 'You are signed out on every device and browser.',
    ru: 'Вы вышли из системы на всех устройствах и в браузерах.',
  },
  'auth.fail.tryAgain': { et: 'Proovi uuesti sisse logida', en: 'Try signing in again', ru: 'Попробовать войти снова' },
  'auth.fail.home': { et: 'Tagasi avalehele', en: 'Back to the home page', ru: 'На главную' },
  'auth.fail.state.title': {
    et: 'Sisselogimist ei saanud lõpetada',
    en: 'The sign-in could not be completed',
    ru: 'Не удалось завершить вход',
  },
  'auth.fail.state.detail': {
    et: 'Sisselogimine ei alanud selles brauseris või võttis liiga kaua aega. Alustage sisselogimist uuesti.',
    en: 'The sign-in was not started in this browser, or it took too long. Please start signing in again.',
    ru: 'Вход был начат не в этом браузере или занял слишком много времени. Начните вход заново.',
  },
  'auth.fail.cancelled.title': { et: 'Sisselogimine katkestati', en: 'The sign-in was cancelled', ru: 'Вход отменён' },
  'auth.fail.cancelled.detail': {
    et: 'Katkestasite isiku tuvastamise TARA-s. Te ei ole sisse logitud.',
    en: 'You cancelled the authentication in TARA. You are not signed in.',
    ru: 'Вы отменили идентификацию в TARA. Вы не вошли в систему.',
  },
  'auth.fail.provider.title': {
    et: 'TARA ei kinnitanud teie isikut',
    en: 'TARA did not confirm who you are',
    ru: 'TARA не подтвердила вашу личность',
  },
  'auth.fail.provider.detail': {
    et: 'Riigi autentimisteenus TARA lõpetas isiku tuvastamise veaga. Te ei ole sisse logitud.',
    en: 'The state authentication service TARA ended the authentication with an error. You are not signed in.',
    ru: 'Государственная служба аутентификации TARA завершила идентификацию с ошибкой. Вы не вошли в систему.',
  },
  'auth.fail.token.title': {
    et: 'Sisselogimist ei õnnestunud kinnitada',
    en: 'The sign-in could not be verified',
    ru: 'Не удалось подтвердить вход',
  },
  'auth.fail.token.detail': {
    et: 'TARA vastus ei läbinud turvakontrolli, seetõttu ei logitud teid sisse. Alustage sisselogimist uuesti.',
    en: 'The answer from TARA did not pass the security checks, so you were not signed in. Please start again.',
    ru: 'Ответ TARA не прошёл проверку безопасности, поэтому вход не выполнен. Начните заново.',
  },
  'auth.fail.acr.title': {
    et: 'Selle autentimisvahendi tase ei ole piisav',
    en: 'This authentication method is not strong enough',
    ru: 'Уровень этого средства аутентификации недостаточен',
  },
  'auth.fail.acr.detail': {
    et: 'Vallamajja saab sisse logida ID-kaardi, Mobiil-ID või Smart-ID-ga. Valige TARA-s üks neist.',
    en: 'Sign in to Vallamaja with an ID card, Mobile-ID or Smart-ID. Choose one of them in TARA.',
    ru: 'Войти в Vallamaja можно с ID-картой, Mobiil-ID или Smart-ID. Выберите один из них в TARA.',
  },
  'auth.fail.idcode.title': {
    et: 'Selle isikukoodiga ei saa sisse logida',
    en: 'You cannot sign in with this personal ID code',
    ru: 'С этим личным кодом войти нельзя',
  },
  'auth.fail.idcode.detail': {
    et: 'TARA edastas isikukoodi, mis ei ole kehtiv Eesti isikukood. Vallamaja teenused on Eesti isikukoodiga inimestele.',
    en: 'TARA passed on a code that is not a valid Estonian personal ID code. Vallamaja serves people with an Estonian personal ID code.',
    ru: 'TARA передала код, который не является действительным эстонским личным кодом. Услуги Vallamaja предназначены для людей с эстонским личным кодом.',
  },
  'auth.fail.unavailable.title': {
    et: 'TARA ei ole praegu kättesaadav',
    en: 'TARA is not available right now',
    ru: 'TARA сейчас недоступна',
  },
  'auth.fail.unavailable.detail': {
    et: 'Riigi autentimisteenusega ei saanud ühendust. Proovige mõne minuti pärast uuesti.',
    en: 'The state authentication service could not be reached. Please try again in a few minutes.',
    ru: 'Не удалось связаться с государственной службой аутентификации. Попробуйте снова через несколько минут.',
  },
  'auth.me.title': { et: 'Minu leht', en: 'My page', ru: 'Моя страница' },
  'auth.me.name': { et: 'Nimi', en: 'Name', ru: 'Имя' },
  'auth.me.birthDate': { et: 'Sünniaeg', en: 'Date of birth', ru: 'Дата рождения' },
  'auth.me.level': { et: 'Autentimise tase', en: 'Level of assurance', ru: 'Уровень аутентификации' },
  'auth.me.details': { et: 'Minu andmed', en: 'My details', ru: 'Мои данные' },
  'auth.me.roles': { et: 'Minu rollid', en: 'My roles', ru: 'Мои роли' },
  'auth.me.noRoles': {
    et: 'Teil ei ole ametniku rolle. Elanikuna saate osaleda oma omavalitsuse küsitlustes ja teha ettepanekuid.',
    en: 'You hold no official roles. As a resident you can take part in your local government’s polls and make proposals.',
    ru: 'У вас нет ролей служащего. Как житель вы можете участвовать в опросах своего самоуправления и вносить предложения.',
  },
  'auth.me.col.where': { et: 'Kus', en: 'Where', ru: 'Где' },
  'auth.me.col.role': { et: 'Roll', en: 'Role', ru: 'Роль' },
  'auth.me.platform': { et: 'Kogu platvorm', en: 'The whole platform', ru: 'Вся платформа' },
  'auth.me.adminLink': { et: '{kov}: haldus', en: '{kov}: administration', ru: '{kov}: управление' },
  'auth.me.platformAdminLink': { et: 'Platvormi haldus', en: 'Platform administration', ru: 'Администрирование платформы' },
  'auth.me.signOutHeading': { et: 'Väljalogimine', en: 'Signing out', ru: 'Выход' },
  'auth.me.signOutText': {
    et: 'Väljalogimine lõpetab teie seansid kõigis seadmetes ja brauserites.',
    en: 'Signing out ends your sessions on every device and browser.',
    ru: 'Выход завершает ваши сеансы на всех устройствах и в браузерах.',
  },
  'auth.me.signOutEverywhere': { et: 'Logi välja kõikjal', en: 'Sign out everywhere', ru: 'Выйти везде' },
  'auth.acr.low': { et: 'madal', en: 'low', ru: 'низкий' },
  'auth.acr.substantial': { et: 'märkimisväärne', en: 'substantial', ru: 'существенный' },
  'auth.acr.high': { et: 'kõrge', en: 'high', ru: 'высокий' },
});
