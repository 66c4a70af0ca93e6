// Texts of the site's information pages (accessibility statement, privacy notice, KOV contact)
// and the footer that links them: Estonian first, English and Russian beside it.
import { defineMessages } from './i18n.js';

export const infoMessages = defineMessages({
  'footer.links': { et: 'Teave', en: 'Information', ru: 'Информация' },
  'footer.a11y': { et: 'Ligipääsetavuse teatis', en: 'Accessibility statement', ru: 'Заявление о доступности' },
  'footer.privacy': { et: 'Isikuandmete kaitse', en: 'Privacy notice', ru: 'Защита персональных данных' },
  'footer.contact': { et: 'Kontakt: {kov}', en: 'Contact {kov}', ru: 'Контакты: {kov}' },
  'footer.help': { et: 'Kuidas oma häält kontrollida', en: 'How to check your vote', ru: 'Как проверить свой голос' },

  'info.a11y.title': { et: 'Ligipääsetavuse teatis', en: 'Accessibility statement', ru: 'Заявление о доступности' },
  'info.a11y.intro': {
    et: 'Vallamaja soovib, et kõik saaksid seda veebilehte kasutada, sh nägemis-, kuulmis-, liikumis- ja kognitiivse puudega inimesed.',
    en: 'Vallamaja wants everyone to be able to use this website, including people with visual, hearing, motor and cognitive disabilities.',
    ru: 'Vallamaja стремится к тому, чтобы этим сайтом могли пользоваться все, в том числе люди с нарушениями зрения, слуха, моторики и когнитивными нарушениями.',
  },
  'info.a11y.stateTitle': { et: 'Vastavus', en: 'Compliance', ru: 'Соответствие' },
  'info.a11y.state': {
    et: 'Veebileht on tehtud vastama juhise WCAG 2.1 tasemele AA (avaliku teabe seaduse § 32¹ ja standardi EN 301 549 nõue). Põhilehti kontrollitakse automaattestidega (axe), ka 390 pikslit laial ekraanil.',
    en: 'The website is built to meet WCAG 2.1 level AA (as the Public Information Act § 32¹ and the standard EN 301 549 require). The main pages are checked by automated tests (axe), also on a screen 390 pixels wide.',
    ru: 'Сайт сделан в соответствии с WCAG 2.1 уровня AA (как требуют § 32¹ Закона о публичной информации и стандарт EN 301 549). Основные страницы проверяются автоматическими тестами (axe), в том числе на экране шириной 390 пикселей.',
  },
  'info.a11y.howTitle': { et: 'Mida saate teha', en: 'What you can do', ru: 'Что вы можете сделать' },
  'info.a11y.how1': {
    et: 'suurendada lehte kuni 200 % ilma, et sisu kaoks või peaks külgsuunas kerima;',
    en: 'zoom the page up to 200 % without losing content or scrolling sideways;',
    ru: 'увеличить страницу до 200 % без потери содержимого и горизонтальной прокрутки;',
  },
  'info.a11y.how2': {
    et: 'kasutada kogu lehte ainult klaviatuuriga (nähtav fookus, link „Liigu põhisisu juurde”);',
    en: 'use the whole site with a keyboard alone (a visible focus, a “Skip to main content” link);',
    ru: 'пользоваться всем сайтом только с клавиатуры (видимый фокус, ссылка «Перейти к основному содержанию»);',
  },
  'info.a11y.how3': {
    et: 'kasutada ekraanilugejat: lehtedel on pealkirjad, vormiväljadel sildid ja vead on seotud väljadega;',
    en: 'use a screen reader: pages have headings, form fields have labels and errors are tied to their fields;',
    ru: 'пользоваться экранным диктором: у страниц есть заголовки, у полей — подписи, ошибки связаны с полями;',
  },
  'info.a11y.how4': {
    et: 'kasutada lehte ilma JavaScriptita ning eesti, inglise või vene keeles.',
    en: 'use the site without JavaScript, in Estonian, English or Russian.',
    ru: 'пользоваться сайтом без JavaScript, на эстонском, английском или русском языке.',
  },
  'info.a11y.limitsTitle': { et: 'Teadaolevad puudused', en: 'Known limitations', ru: 'Известные ограничения' },
  'info.a11y.limits': {
    et: 'Tulemuste PDF-protokoll ei pruugi olla täielikult ligipääsetav; samad andmed on lehel tabelitena ning CSV- ja JSON-failina.',
    en: 'The PDF results protocol may not be fully accessible; the same data are on the page as tables, and as CSV and JSON files.',
    ru: 'PDF-протокол результатов может быть доступен не полностью; те же данные есть на странице в виде таблиц и в файлах CSV и JSON.',
  },
  'info.a11y.feedbackTitle': { et: 'Tagasiside', en: 'Feedback', ru: 'Обратная связь' },
  'info.a11y.feedback': {
    et: 'Kui midagi ei ole ligipääsetav, andke teada oma omavalitsusele (kontakt on iga omavalitsuse lehe jaluses).',
    en: 'If something is not accessible, tell your local government (its contact is in the footer of each of its pages).',
    ru: 'Если что-то недоступно, сообщите своему самоуправлению (контакт — внизу каждой его страницы).',
  },
  'info.a11y.supervision': {
    et: 'Järelevalvet teeb Tarbijakaitse ja Tehnilise Järelevalve Amet.',
    en: 'Supervision: the Consumer Protection and Technical Regulatory Authority (TTJA).',
    ru: 'Надзор: Департамент защиты прав потребителей и технического надзора (TTJA).',
  },

  'info.privacy.title': { et: 'Isikuandmete kaitse', en: 'Privacy notice', ru: 'Защита персональных данных' },
  'info.privacy.intro': {
    et: 'Vastutav töötleja on omavalitsus, kelle küsitluses või teenuses osalete; Vallamaja on tema volitatud töötleja. Siin on kirjas, mida hääletaja kohta hoitakse ja kui kaua.',
    en: 'The controller is the local government whose poll or service you take part in; Vallamaja processes data on its behalf. This is what is kept about a voter, and for how long.',
    ru: 'Ответственный обработчик — самоуправление, в опросе или услуге которого вы участвуете; Vallamaja обрабатывает данные по его поручению. Здесь указано, что хранится об избирателе и как долго.',
  },
  'info.privacy.voterTitle': { et: 'Mida hääletaja kohta hoitakse', en: 'What is kept about a voter', ru: 'Что хранится об избирателе' },
  'info.privacy.col.what': { et: 'Andmed', en: 'Data', ru: 'Данные' },
  'info.privacy.col.why': { et: 'Milleks', en: 'Why', ru: 'Зачем' },
  'info.privacy.col.how': { et: 'Kui kaua', en: 'For how long', ru: 'Как долго' },
  'info.privacy.idcode': {
    et: 'Isikukood — ainult võtmega räsina (HMAC), mitte kunagi avatud kujul',
    en: 'Personal ID code — only as a keyed hash (HMAC), never in clear',
    ru: 'Личный код — только в виде хеша с ключом (HMAC), никогда в открытом виде',
  },
  'info.privacy.idcodeWhy': {
    et: 'Teid ära tunda sisselogimisel ja hääletajate nimekirjas.',
    en: 'To recognise you at sign-in and on a poll’s roll.',
    ru: 'Чтобы узнать вас при входе и в списке участников опроса.',
  },
  'info.privacy.idcodeHow': {
    et: 'Seni, kuni on alles teie konto või mõni nimekiri, milles te olete.',
    en: 'As long as your account, or a roll you are on, is kept.',
    ru: 'Пока хранится ваша учётная запись или список, в котором вы есть.',
  },
  'info.privacy.person': {
    et: 'Nimi, sünniaeg ja viimase sisselogimise aeg (TARA-st)',
    en: 'Name, date of birth and time of the last sign-in (from TARA)',
    ru: 'Имя, дата рождения и время последнего входа (из TARA)',
  },
  'info.privacy.personWhy': {
    et: 'Teie nime näitamiseks lehel; ametniku tegevuse märkimiseks auditilogis.',
    en: 'To show your name on the pages; to record an official’s actions in the audit log.',
    ru: 'Чтобы показывать ваше имя на страницах; чтобы фиксировать действия должностного лица в журнале аудита.',
  },
  'info.privacy.personHow': {
    et: 'Kuni konto kustutamiseni (kustutamist saate taotleda omavalitsuselt).',
    en: 'Until the account is deleted (ask your local government to delete it).',
    ru: 'До удаления учётной записи (удаление можно запросить у самоуправления).',
  },
  'info.privacy.session': {
    et: 'Seansi juhuslik tunnus küpsises (andmebaasis ainult räsina)',
    en: 'A random session id in a cookie (in the database only as a hash)',
    ru: 'Случайный идентификатор сеанса в cookie (в базе данных только хеш)',
  },
  'info.privacy.sessionWhy': { et: 'Sisselogituna püsimiseks.', en: 'To keep you signed in.', ru: 'Чтобы вы оставались в системе.' },
  'info.privacy.sessionHow': {
    et: 'Lõpeb {idle} minuti tegevusetuse järel ja hiljemalt {hours} tunni pärast või väljalogimisel.',
    en: 'Ends after {idle} minutes without activity, after {hours} hours at most, or when you sign out.',
    ru: 'Завершается через {idle} минут бездействия, не позднее чем через {hours} часов или при выходе.',
  },
  'info.privacy.roll': {
    et: 'Hääletajate nimekiri: isikukoodi räsi, asustusüksus ja sünniaeg',
    en: 'The roll: the ID code’s hash, settlement unit and date of birth',
    ru: 'Список участников: хеш личного кода, населённый пункт и дата рождения',
  },
  'info.privacy.rollWhy': {
    et: 'Hääleõiguse kontrolliks ja osaluse statistikaks (alla viie inimese rühmi ei näidata).',
    en: 'To check the right to vote, and for turnout statistics (groups under five are not shown).',
    ru: 'Для проверки права голоса и статистики явки (группы меньше пяти человек не показываются).',
  },
  'info.privacy.rollHow': {
    et: 'Koos küsitluse dokumentidega, omavalitsuse dokumentide loetelus määratud aja.',
    en: 'With the poll’s records, for the time the local government’s records schedule sets.',
    ru: 'Вместе с документами опроса — в течение срока, установленного номенклатурой дел самоуправления.',
  },
  'info.privacy.participation': {
    et: 'Osalemine: kas ja millal hääletasite (mitte kunagi, kuidas)',
    en: 'Participation: whether and when you voted (never how)',
    ru: 'Участие: голосовали ли вы и когда (но никогда — как)',
  },
  'info.privacy.participationWhy': {
    et: 'Et üks inimene annaks ühe hääle ja et saaksite näha, et olete hääletanud.',
    en: 'So that one person casts one vote, and so that you can see that you voted.',
    ru: 'Чтобы один человек отдавал один голос и чтобы вы видели, что проголосовали.',
  },
  'info.privacy.participationHow': {
    et: 'Koos küsitluse dokumentidega (nagu nimekiri).',
    en: 'With the poll’s records (like the roll).',
    ru: 'Вместе с документами опроса (как и список).',
  },
  'info.privacy.ballot': {
    et: 'Sedel: krüpteeritud valik ja jälgimiskood',
    en: 'The ballot: the encrypted choice and its tracker',
    ru: 'Бюллетень: зашифрованный выбор и код отслеживания',
  },
  'info.privacy.ballotWhy': {
    et: 'Häälte lugemiseks. Sulgemisel eraldatakse sedelid hääletajatest ja segatakse; avalikus valimiskastis pole ühtki nime.',
    en: 'To count the votes. At close the ballots are separated from the voters and shuffled; the public ballot box holds no names.',
    ru: 'Для подсчёта голосов. При закрытии бюллетени отделяются от избирателей и перемешиваются; в публичной урне нет имён.',
  },
  'info.privacy.ballotHow': {
    et: 'Hääletajaga seotud sedel kustutatakse hääletuse sulgemisel; nimetu avalik valimiskast jääb tulemuse tõendiks alles.',
    en: 'The ballot tied to the voter is deleted when the vote closes; the nameless public ballot box stays as proof of the result.',
    ru: 'Бюллетень, связанный с избирателем, удаляется при закрытии голосования; безымянная публичная урна остаётся доказательством результата.',
  },
  'info.privacy.receipt': {
    et: 'Kviitungi küpsis (jälgimiskood pärast hääletamist)',
    en: 'The receipt cookie (the tracker after you vote)',
    ru: 'Cookie квитанции (код отслеживания после голосования)',
  },
  'info.privacy.receiptWhy': {
    et: 'Et kviitungi saaks uuesti avada ilma uuesti hääletamata.',
    en: 'So that the receipt can be reopened without voting again.',
    ru: 'Чтобы квитанцию можно было открыть снова, не голосуя повторно.',
  },
  'info.privacy.receiptHow': { et: '{minutes} minutit.', en: '{minutes} minutes.', ru: '{minutes} минут.' },
  'info.privacy.neverTitle': { et: 'Mida ei salvestata kunagi', en: 'What is never stored', ru: 'Что никогда не сохраняется' },
  'info.privacy.never': {
    et: 'Seost teie nime või isikukoodi ja teie valiku vahel pärast hääletuse sulgemist; isikukoodi avatud kujul; reklaami- ega analüütikaküpsiseid.',
    en: 'A link between your name or ID code and your choice after the vote closes; your ID code in clear; advertising or analytics cookies.',
    ru: 'Связь между вашим именем или личным кодом и вашим выбором после закрытия голосования; личный код в открытом виде; рекламные или аналитические cookie.',
  },
  'info.privacy.rightsTitle': { et: 'Teie õigused', en: 'Your rights', ru: 'Ваши права' },
  'info.privacy.rights': {
    et: 'Võite küsida oma andmeid, nende parandamist või kustutamist omavalitsuselt (kontakt on lehe jaluses). Kaebuse saab esitada Andmekaitse Inspektsioonile.',
    en: 'You may ask your local government for your data, its correction or deletion (its contact is in the page footer). You may complain to the Data Protection Inspectorate.',
    ru: 'Вы можете запросить у самоуправления свои данные, их исправление или удаление (контакт — внизу страницы). Жалобу можно подать в Инспекцию по защите данных.',
  },

  'info.contact.title': { et: 'Kontakt: {kov}', en: 'Contact {kov}', ru: 'Контакты: {kov}' },
  'info.contact.crumb': { et: 'Kontakt', en: 'Contact', ru: 'Контакты' },
  'info.contact.email': { et: 'E-post', en: 'E-mail', ru: 'Эл. почта' },
  'info.contact.phone': { et: 'Telefon', en: 'Phone', ru: 'Телефон' },
  'info.contact.address': { et: 'Aadress', en: 'Address', ru: 'Адрес' },
  'info.contact.website': { et: 'Veebileht', en: 'Website', ru: 'Веб-сайт' },
  'info.contact.none': {
    et: '{kov} ei ole oma kontaktandmeid siia veel lisanud. Leiate need omavalitsuse kodulehelt või riigiportaalist eesti.ee.',
    en: '{kov} has not added its contact details here yet. You find them on the local government’s own website or on the state portal eesti.ee.',
    ru: '{kov} ещё не добавил(а) сюда свои контакты. Их можно найти на сайте самоуправления или на госпортале eesti.ee.',
  },
  'info.contact.platform': {
    et: 'Küsimused küsitluste, registri ja teie andmete kohta esitage omavalitsusele; tema vastutab oma küsitluste eest.',
    en: 'Send questions about polls, the register and your data to the local government; it is responsible for its polls.',
    ru: 'Вопросы об опросах, регистре и ваших данных направляйте самоуправлению; оно отвечает за свои опросы.',
  },
});
