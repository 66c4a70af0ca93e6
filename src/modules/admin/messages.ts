// The admin module's texts: Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const adminMessages = defineMessages({
  // ---------- dashboard ----------
  'admin.title': { et: 'Haldus', en: 'Administration', ru: 'Администрирование' },
  'admin.platformTitle': { et: 'Platvormi haldus', en: 'Platform administration', ru: 'Администрирование платформы' },
  'admin.intro': {
    et: 'Siin annate ametnikele rolle, haldate oma süsteemide API võtmeid ja vaatate auditilogi.',
    en: 'Here you give officials their roles, manage the API keys of your own systems and browse the audit log.',
    ru: 'Здесь вы назначаете роли служащим, управляете API-ключами своих систем и просматриваете журнал аудита.',
  },
  'admin.dash.roles': { et: 'Rollid', en: 'Roles', ru: 'Роли' },
  'admin.dash.rolesText': {
    et: 'Aktiivseid rolle: {n}. Andke ja eemaldage ametnike rolle isikukoodi järgi.',
    en: 'Active roles: {n}. Grant and revoke officials’ roles by personal ID code.',
    ru: 'Активных ролей: {n}. Назначайте и снимайте роли служащих по личному коду.',
  },
  'admin.dash.apiKeys': { et: 'API võtmed', en: 'API keys', ru: 'API-ключи' },
  'admin.dash.apiKeysText': {
    et: 'Kehtivaid võtmeid: {n}. Võtmed teie omavalitsuse infosüsteemidele.',
    en: 'Valid keys: {n}. Keys for your local government’s own systems.',
    ru: 'Действующих ключей: {n}. Ключи для информационных систем вашего самоуправления.',
  },
  'admin.dash.audit': { et: 'Auditilogi', en: 'Audit log', ru: 'Журнал аудита' },
  'admin.dash.auditText': {
    et: 'Kirjeid: {n}. Kõik ametnike tehtud muudatused.',
    en: 'Entries: {n}. Every change made by officials.',
    ru: 'Записей: {n}. Все изменения, сделанные служащими.',
  },

  // ---------- roles ----------
  'admin.roles.title': { et: 'Rollid', en: 'Roles', ru: 'Роли' },
  'admin.roles.platformTitle': { et: 'Platvormi rollid', en: 'Platform roles', ru: 'Роли платформы' },
  'admin.roles.intro': {
    et: 'Rolli saab anda ka inimesele, kes pole veel sisse loginud: roll hakkab kehtima tema esimesel sisselogimisel.',
    en: 'A role can be given to someone who has not signed in yet: it applies from their first sign-in.',
    ru: 'Роль можно назначить и тому, кто ещё не входил в систему: она начнёт действовать при первом входе.',
  },
  'admin.roles.caption': { et: 'Kehtivad rollid', en: 'Active roles', ru: 'Действующие роли' },
  'admin.roles.col.person': { et: 'Isik', en: 'Person', ru: 'Лицо' },
  'admin.roles.col.idcode': { et: 'Isikukood', en: 'Personal ID code', ru: 'Личный код' },
  'admin.roles.col.role': { et: 'Roll', en: 'Role', ru: 'Роль' },
  'admin.roles.col.granted': { et: 'Antud', en: 'Granted', ru: 'Назначена' },
  'admin.roles.col.actions': { et: 'Toimingud', en: 'Actions', ru: 'Действия' },
  'admin.roles.notSignedIn': { et: 'pole veel sisse loginud', en: 'not signed in yet', ru: 'ещё не входил(а)' },
  'admin.roles.revoke': { et: 'Eemalda', en: 'Revoke', ru: 'Снять' },
  'admin.roles.revokeLabel': {
    et: 'Eemalda roll „{role}” isikult {person}',
    en: 'Revoke the role “{role}” from {person}',
    ru: 'Снять роль «{role}» с {person}',
  },
  'admin.roles.grantTitle': { et: 'Anna roll', en: 'Grant a role', ru: 'Назначить роль' },
  'admin.roles.field.idcode': { et: 'Isikukood', en: 'Personal ID code', ru: 'Личный код' },
  'admin.roles.field.idcodeHint': {
    et: '11 numbrit, näiteks 39002102761',
    en: '11 digits, for example 39002102761',
    ru: '11 цифр, например 39002102761',
  },
  'admin.roles.field.role': { et: 'Roll', en: 'Role', ru: 'Роль' },
  'admin.roles.grantButton': { et: 'Anna roll', en: 'Grant role', ru: 'Назначить роль' },
  'admin.roles.granted': {
    et: 'Roll „{role}” on antud isikule {person}.',
    en: 'The role “{role}” was granted to {person}.',
    ru: 'Роль «{role}» назначена: {person}.',
  },
  'admin.roles.revoked': {
    et: 'Roll „{role}” on isikult {person} eemaldatud.',
    en: 'The role “{role}” was revoked from {person}.',
    ru: 'Роль «{role}» снята: {person}.',
  },

  // ---------- API keys ----------
  'admin.keys.title': { et: 'API võtmed', en: 'API keys', ru: 'API-ключи' },
  'admin.keys.intro': {
    et: 'API võtmega pääsevad teie omavalitsuse infosüsteemid Vallamaja API-le. Võtit näidatakse ainult üks kord, kohe pärast loomist.',
    en: 'An API key lets your local government’s systems use the Vallamaja API. A key is shown only once, right after it is created.',
    ru: 'API-ключ даёт информационным системам вашего самоуправления доступ к API Vallamaja. Ключ показывается только один раз, сразу после создания.',
  },
  'admin.keys.caption': { et: 'API võtmed', en: 'API keys', ru: 'API-ключи' },
  'admin.keys.col.name': { et: 'Nimi', en: 'Name', ru: 'Название' },
  'admin.keys.col.prefix': { et: 'Tunnus', en: 'Identifier', ru: 'Идентификатор' },
  'admin.keys.col.scopes': { et: 'Õigused', en: 'Scopes', ru: 'Права' },
  'admin.keys.col.created': { et: 'Loodud', en: 'Created', ru: 'Создан' },
  'admin.keys.col.lastUsed': { et: 'Viimati kasutatud', en: 'Last used', ru: 'Последнее использование' },
  'admin.keys.col.status': { et: 'Olek', en: 'Status', ru: 'Статус' },
  'admin.keys.col.actions': { et: 'Toimingud', en: 'Actions', ru: 'Действия' },
  'admin.keys.never': { et: 'ei ole kasutatud', en: 'never', ru: 'не использовался' },
  'admin.keys.active': { et: 'kehtib', en: 'valid', ru: 'действует' },
  'admin.keys.revokedAt': { et: 'tühistatud {at}', en: 'revoked {at}', ru: 'отозван {at}' },
  'admin.keys.revoke': { et: 'Tühista', en: 'Revoke', ru: 'Отозвать' },
  'admin.keys.revokeLabel': { et: 'Tühista API võti „{name}”', en: 'Revoke the API key “{name}”', ru: 'Отозвать API-ключ «{name}»' },
  'admin.keys.createTitle': { et: 'Loo uus API võti', en: 'Create a new API key', ru: 'Создать новый API-ключ' },
  'admin.keys.field.name': { et: 'Nimi', en: 'Name', ru: 'Название' },
  'admin.keys.field.nameHint': {
    et: 'Millise süsteemi jaoks võti on, näiteks „Dokumendihaldus”',
    en: 'Which system the key is for, for example “Document management”',
    ru: 'Для какой системы ключ, например «Документооборот»',
  },
  'admin.keys.field.scopes': { et: 'Õigused', en: 'Scopes', ru: 'Права' },
  'admin.keys.field.scopesHint': {
    et: 'Lugemine lubab andmeid pärida, kirjutamine ka muuta.',
    en: 'Read lets the system fetch data; write also lets it change data.',
    ru: 'Чтение позволяет получать данные, запись — также изменять их.',
  },
  'admin.keys.scope.read': { et: 'Lugemine (read)', en: 'Read (read)', ru: 'Чтение (read)' },
  'admin.keys.scope.write': { et: 'Kirjutamine (write)', en: 'Write (write)', ru: 'Запись (write)' },
  'admin.keys.createButton': { et: 'Loo võti', en: 'Create key', ru: 'Создать ключ' },
  'admin.keys.createdTitle': { et: 'API võti on loodud', en: 'The API key has been created', ru: 'API-ключ создан' },
  'admin.keys.createdWarning': {
    et: 'Kopeerige võti kohe ja hoidke seda turvaliselt. Seda ei näidata enam kunagi: Vallamaja hoiab ainult võtme räsi.',
    en: 'Copy the key now and keep it safe. It will never be shown again: Vallamaja keeps only its hash.',
    ru: 'Скопируйте ключ сейчас и храните его в надёжном месте. Он больше никогда не будет показан: Vallamaja хранит только его хеш.',
  },
  'admin.keys.createdKey': { et: 'Võti', en: 'Key', ru: 'Ключ' },
  'admin.keys.createdUsage': {
    et: 'Saatke see päringutes päises Authorization: Bearer <võti>.',
    en: 'Send it in requests in the header Authorization: Bearer <key>.',
    ru: 'Передавайте его в запросах в заголовке Authorization: Bearer <ключ>.',
  },
  'admin.keys.back': { et: 'Tagasi API võtmete juurde', en: 'Back to API keys', ru: 'Назад к API-ключам' },
  'admin.keys.revokedFlash': {
    et: 'API võti „{name}” on tühistatud.',
    en: 'The API key “{name}” has been revoked.',
    ru: 'API-ключ «{name}» отозван.',
  },

  'admin.dash.jobsText': {
    et: 'Platvormi taustatööd (nt registri päringud): ootel, nurjunud, uus katse.',
    en: 'The platform’s background jobs (e.g. register fetches): waiting, failed, try again.',
    ru: 'Фоновые задания платформы (напр. запросы регистра): ожидающие, невыполненные, повтор.',
  },

  // ---------- audit ----------
  'admin.audit.title': { et: 'Auditilogi', en: 'Audit log', ru: 'Журнал аудита' },
  'admin.audit.intro': {
    et: 'Logi on muutmatu: iga kirje on eelmisega räsiahelas seotud. Uuemad kirjed on eespool.',
    en: 'The log cannot be altered: every entry is linked to the previous one in a hash chain. Newest entries first.',
    ru: 'Журнал неизменяем: каждая запись связана с предыдущей цепочкой хешей. Новые записи сверху.',
  },
  'admin.audit.filters': { et: 'Filtrid', en: 'Filters', ru: 'Фильтры' },
  'admin.audit.field.action': { et: 'Toiming', en: 'Action', ru: 'Действие' },
  'admin.audit.field.actionAll': { et: 'Kõik toimingud', en: 'All actions', ru: 'Все действия' },
  'admin.audit.field.actor': { et: 'Tegija nimi', en: 'Actor’s name', ru: 'Имя исполнителя' },
  'admin.audit.field.from': { et: 'Alates', en: 'From', ru: 'С' },
  'admin.audit.field.to': { et: 'Kuni', en: 'To', ru: 'По' },
  'admin.audit.caption': {
    et: 'Auditilogi kirjed ({total})',
    en: 'Audit log entries ({total})',
    ru: 'Записи журнала аудита ({total})',
  },
  'admin.audit.col.time': { et: 'Aeg', en: 'Time', ru: 'Время' },
  'admin.audit.col.actor': { et: 'Tegija', en: 'Actor', ru: 'Исполнитель' },
  'admin.audit.col.action': { et: 'Toiming', en: 'Action', ru: 'Действие' },
  'admin.audit.col.target': { et: 'Objekt', en: 'Target', ru: 'Объект' },
  'admin.audit.col.changes': { et: 'Muudatus', en: 'Change', ru: 'Изменение' },
  'admin.audit.before': { et: 'Enne', en: 'Before', ru: 'До' },
  'admin.audit.after': { et: 'Pärast', en: 'After', ru: 'После' },
  'admin.audit.kind.person': { et: 'isik', en: 'person', ru: 'лицо' },
  'admin.audit.kind.apikey': { et: 'API võti', en: 'API key', ru: 'API-ключ' },
  'admin.audit.kind.operator': { et: 'operaator', en: 'operator', ru: 'оператор' },
  'admin.audit.kind.system': { et: 'süsteem', en: 'system', ru: 'система' },
  'admin.target.role_grant': { et: 'roll', en: 'role', ru: 'роль' },
  'admin.target.api_key': { et: 'API võti', en: 'API key', ru: 'API-ключ' },
  'admin.target.polls_poll': { et: 'küsitlus', en: 'poll', ru: 'опрос' },
  'admin.target.voting_vote': { et: 'hääletus', en: 'vote', ru: 'голосование' },
  'admin.target.residents_fetch': { et: 'registri päring', en: 'register fetch', ru: 'запрос регистра' },
  'admin.target.residents-batch': { et: 'registri import', en: 'register import', ru: 'импорт регистра' },
  'admin.target.residents-list': { et: 'lisanimekiri', en: 'extra list', ru: 'доп. список' },

  // ---------- validation and refusals ----------
  'admin.error.idcode.required': {
    et: 'Sisestage isikukood',
    en: 'Enter a personal ID code',
    ru: 'Введите личный код',
  },
  'admin.error.role.required': { et: 'Valige roll', en: 'Choose a role', ru: 'Выберите роль' },
  'admin.error.role.unknown': {
    et: 'Sellist rolli ei ole',
    en: 'There is no such role',
    ru: 'Такой роли нет',
  },
  'admin.error.role.wrongScope': {
    et: 'Seda rolli ei saa siin anda',
    en: 'This role cannot be granted here',
    ru: 'Эту роль нельзя назначить здесь',
  },
  'admin.error.role.duplicate': {
    et: 'Sellel isikul on see roll juba olemas',
    en: 'This person already holds this role',
    ru: 'У этого лица уже есть эта роль',
  },
  'admin.error.grant.notFound': {
    et: 'Sellist kehtivat rolli ei leitud',
    en: 'No such active role grant was found',
    ru: 'Такое действующее назначение роли не найдено',
  },
  'admin.error.name.required': {
    et: 'Sisestage võtme nimi',
    en: 'Enter a name for the key',
    ru: 'Введите название ключа',
  },
  'admin.error.name.tooLong': {
    et: 'Nimi võib olla kuni {max} märki pikk',
    en: 'The name can be at most {max} characters long',
    ru: 'Название может быть не длиннее {max} символов',
  },
  'admin.error.scopes.required': {
    et: 'Valige vähemalt üks õigus',
    en: 'Choose at least one scope',
    ru: 'Выберите хотя бы одно право',
  },
  'admin.error.scopes.unknown': {
    et: 'Tundmatu õigus: {scope}. Lubatud on read ja write',
    en: 'Unknown scope: {scope}. Allowed are read and write',
    ru: 'Неизвестное право: {scope}. Допустимы read и write',
  },
  'admin.error.key.notFound': {
    et: 'Sellist kehtivat API võtit ei leitud',
    en: 'No such valid API key was found',
    ru: 'Такой действующий API-ключ не найден',
  },
  'admin.error.page.invalid': {
    et: 'Lehekülje number peab olema positiivne täisarv',
    en: 'The page number must be a positive whole number',
    ru: 'Номер страницы должен быть целым положительным числом',
  },
  'admin.error.date.invalid': {
    et: 'Sisestage kuupäev kujul pp.kk.aaaa',
    en: 'Enter a date as dd.mm.yyyy',
    ru: 'Введите дату в формате дд.мм.гггг',
  },
  'admin.error.date.range': {
    et: 'Alguskuupäev peab olema enne lõppkuupäeva',
    en: 'The start date must be before the end date',
    ru: 'Начальная дата должна быть раньше конечной',
  },
  'admin.error.text.tooLong': {
    et: 'Tekst võib olla kuni {max} märki pikk',
    en: 'The text can be at most {max} characters long',
    ru: 'Текст может быть не длиннее {max} символов',
  },
  'admin.error.apiKeyNotAllowed': {
    et: 'API võtmega ei saa rolle anda ega API võtmeid hallata; seda teeb sisse loginud administraator.',
    en: 'An API key cannot grant roles or manage API keys; a signed-in administrator does that.',
    ru: 'С помощью API-ключа нельзя назначать роли и управлять API-ключами; это делает вошедший администратор.',
  },
});

/** Names of the audit actions this module records (the manifest's auditActions). */
export const adminAuditActions = defineMessages({
  'role.grant': { et: 'Roll antud', en: 'Role granted', ru: 'Роль назначена' },
  'role.revoke': { et: 'Roll eemaldatud', en: 'Role revoked', ru: 'Роль снята' },
  'apikey.create': { et: 'API võti loodud', en: 'API key created', ru: 'API-ключ создан' },
  'apikey.revoke': { et: 'API võti tühistatud', en: 'API key revoked', ru: 'API-ключ отозван' },
});
