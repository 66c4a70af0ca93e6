// The voting module's texts (error reasons and role name): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const votingMessages = defineMessages({
  'voting.help.title': { et: 'Kuidas oma häält kontrollida', en: 'How to check your vote', ru: 'Как проверить свой голос' },
  'voting.help.intro': {
    et: 'Vallamaja e-hääletuses saate ise kontrollida, et teie sedel jõudis häälte hulka, ilma et keegi saaks teada, kuidas te hääletasite.',
    en: 'In a Vallamaja e-vote you can check for yourself that your ballot was counted, without anyone learning how you voted.',
    ru: 'В электронном голосовании Vallamaja вы можете сами проверить, что ваш бюллетень учтён, и при этом никто не узнает, как вы голосовали.',
  },
  'voting.help.trackerTitle': { et: 'Mis on jälgimiskood?', en: 'What is the tracker?', ru: 'Что такое код отслеживания?' },
  'voting.help.tracker1': {
    et: 'Pärast hääletamist näete kviitungil juhuslikku jälgimiskoodi. See on teie sedeli tunnus: see ei sisalda teie nime, isikukoodi ega valikut.',
    en: 'After you vote, the receipt shows a random tracker. It identifies your ballot: it holds neither your name, your ID code nor your choice.',
    ru: 'После голосования на квитанции показан случайный код отслеживания. Он обозначает ваш бюллетень и не содержит ни имени, ни личного кода, ни выбора.',
  },
  'voting.help.tracker2': {
    et: 'Kirjutage kood üles või tehke kviitungist pilt: kviitungit näidatakse ainult lühikest aega ja server ei saa seda teile hiljem uuesti näidata.',
    en: 'Write the tracker down or take a picture of the receipt: the receipt is shown only for a short while, and the server cannot show it to you again later.',
    ru: 'Запишите код или сфотографируйте квитанцию: она показывается лишь недолго, и сервер не сможет показать её вам снова позже.',
  },
  'voting.help.boxTitle': { et: 'Mis on avalik hääletuskast?', en: 'What is the public ballot box?', ru: 'Что такое публичная урна?' },
  'voting.help.box1': {
    et: 'Pärast hääletuse lõppu avaldatakse kõik arvesse läinud sedelid avalikus hääletuskastis: iga sedeli jälgimiskood ja krüpteeritud sisu, segatud järjekorras ja ilma nimedeta.',
    en: 'After the vote ends, every counted ballot is published in the public ballot box (the public board): each ballot’s tracker and encrypted content, in shuffled order and without names.',
    ru: 'После окончания голосования все учтённые бюллетени публикуются в публичной урне: код отслеживания и зашифрованное содержимое каждого, в перемешанном порядке и без имён.',
  },
  'voting.help.box2': {
    et: 'Valimiskomisjon dekrüpteerib ainult kokkuliidetud tulemuse; üksikut sedelit ei dekrüpteerita kunagi. Igaüks saab hääletuskasti alla laadida ja kontrollida, et tulemus on sellest õigesti arvutatud.',
    en: 'The election committee decrypts only the summed result; no single ballot is ever decrypted. Anyone can download the ballot box and check that the result was computed from it correctly.',
    ru: 'Избирательная комиссия расшифровывает только суммарный результат; отдельный бюллетень не расшифровывается никогда. Любой может скачать урну и проверить, что результат вычислен из неё правильно.',
  },
  'voting.help.checkTitle': { et: 'Kuidas kontrollida', en: 'How to check', ru: 'Как проверить' },
  'voting.help.check1': {
    et: 'Oodake, kuni küsitluse lehel on kirjas, et tulemus on avaldatud.',
    en: 'Wait until the poll’s page says that the result has been published.',
    ru: 'Дождитесь, пока на странице опроса будет указано, что результат опубликован.',
  },
  'voting.help.check2': {
    et: 'Avage küsitluse lehelt link „Kontrolli oma häält avalikus hääletuskastis”.',
    en: 'On the poll’s page, open “Check your ballot on the public board”.',
    ru: 'На странице опроса откройте «Проверьте свой бюллетень на публичной доске».',
  },
  'voting.help.check3': {
    et: 'Sisestage oma jälgimiskood ja vajutage „Kontrolli”.',
    en: 'Enter your tracker and press “Check”.',
    ru: 'Введите свой код отслеживания и нажмите «Проверить».',
  },
  'voting.help.check4': {
    et: 'Kui kood on hääletuskastis, läks teie sedel arvesse. Kui hääletasite mitu korda, on kastis ainult viimase sedeli kood.',
    en: 'If the tracker is in the box, your ballot was counted. If you voted more than once, only your last ballot’s tracker is in the box.',
    ru: 'Если код есть в урне, ваш бюллетень учтён. Если вы голосовали несколько раз, в урне только код последнего бюллетеня.',
  },
  'voting.help.problemTitle': { et: 'Kui koodi ei leita', en: 'If the tracker is not found', ru: 'Если код не найден' },
  'voting.help.problem': {
    et: 'Kontrollige, et kood on sisestatud täpselt ja et see on teie viimase hääletuse kood. Kui koodi ikka ei leita, pöörduge kohe omavalitsuse valimiskomisjoni poole (kontakt on lehe jaluses) ja näidake kviitungit.',
    en: 'Check that the tracker was typed exactly and that it is the one of your last ballot. If it is still not found, contact the local government’s election committee at once (its contact is in the page footer) and show the receipt.',
    ru: 'Проверьте, что код введён точно и что это код вашего последнего бюллетеня. Если он всё равно не найден, сразу обратитесь в избирательную комиссию самоуправления (контакт — внизу страницы) и покажите квитанцию.',
  },
  'voting.help.revoteTitle': { et: 'Kui keegi sundis teid hääletama', en: 'If someone forced you to vote', ru: 'Если вас принуждали голосовать' },
  'voting.help.revote': {
    et: 'Kui küsitlus lubab korduvat hääletamist, saate hääletusaja jooksul uuesti hääletada; arvesse läheb ainult viimane sedel. Jälgimiskood ei tõesta kellelegi, kuidas te hääletasite.',
    en: 'If the poll allows re-voting, you can vote again while it is open; only the last ballot counts. The tracker proves to no one how you voted.',
    ru: 'Если опрос разрешает повторное голосование, можно проголосовать снова, пока оно идёт; учитывается только последний бюллетень. Код отслеживания никому не доказывает, как вы голосовали.',
  },
  'voting.help.expertTitle': { et: 'Asjatundjale', en: 'For experts', ru: 'Для специалистов' },
  'voting.help.expert': {
    et: 'Hääletuskast on JSON-dokument aadressil /api/v1/boards/<hääletuse tunnus>; selle vorming ja kontroll on kirjeldatud protokolli dokumendis ning käsk „vallamaja verify” kontrollib seda tervikuna.',
    en: 'The ballot box is a JSON document at /api/v1/boards/<vote id>; its format and checks are described in the protocol document, and the command “vallamaja verify” checks it as a whole.',
    ru: 'Урна — это JSON-документ по адресу /api/v1/boards/<id голосования>; его формат и проверки описаны в документе протокола, а команда «vallamaja verify» проверяет его целиком.',
  },

  'role.election-committee': { et: 'Valimiskomisjon', en: 'Election committee', ru: 'Избирательная комиссия' },
  'voting.error.notOnRoll': {
    et: 'Te ei ole selle hääletuse nimekirjas, seega ei saa te siin hääletada.',
    en: 'You are not on the roll of this vote, so you cannot vote in it.',
    ru: 'Вас нет в списке участников этого голосования, поэтому вы не можете голосовать.',
  },
  'voting.error.notOpen': {
    et: 'Hääletus ei ole praegu avatud.',
    en: 'The vote is not open now.',
    ru: 'Голосование сейчас не открыто.',
  },
  'voting.error.tooOften': {
    et: 'Olete selles hääletuses lühikese ajaga hääletanud liiga palju kordi. Proovige mõne aja pärast uuesti; viimane hääl jääb kehtima.',
    en: 'You have cast too many times in this vote in a short while. Try again in a little while; your last ballot stands.',
    ru: 'Вы слишком много раз проголосовали в этом голосовании за короткое время. Попробуйте чуть позже; ваш последний бюллетень действителен.',
  },
  'voting.error.encryptionRefused': {
    et: 'Hääletamine ei ole praegu võimalik: server ei saa hääli turvaliselt krüpteerida, sest tema krüpteerimismoodul puudub. Teie häält ei salvestatud. Palun proovige hiljem uuesti.',
    en: 'Voting is not possible right now: the server cannot encrypt ballots safely because its encryption module is missing. Your ballot was not stored. Please try again later.',
    ru: 'Голосование сейчас невозможно: сервер не может надёжно зашифровать бюллетени, потому что отсутствует его модуль шифрования. Ваш бюллетень не сохранён. Пожалуйста, попробуйте позже.',
  },
  'voting.error.noRevote': {
    et: 'Olete juba hääletanud ja selles hääletuses ei saa häält muuta.',
    en: 'You have already voted, and this vote does not allow changing the ballot.',
    ru: 'Вы уже проголосовали, и в этом голосовании изменить бюллетень нельзя.',
  },
  'voting.error.paperCast': {
    et: 'Teie paberhääl on juba arvesse võetud; e-häält enam anda ei saa.',
    en: 'Your paper ballot has been entered; an electronic ballot can no longer be cast.',
    ru: 'Ваш бумажный бюллетень уже учтён; электронно голосовать больше нельзя.',
  },
  'voting.error.paperTwice': {
    et: 'Selle isiku paberhääl on juba sisestatud.',
    en: 'A paper ballot has already been entered for this person.',
    ru: 'Бумажный бюллетень этого человека уже внесён.',
  },
  'voting.error.wrongStatus': {
    et: 'Hääletus ei ole selles etapis, kus seda saab teha ({status}).',
    en: 'The vote is not at a stage where this can be done (it is {status}).',
    ru: 'Голосование находится не на том этапе, где это возможно (сейчас: {status}).',
  },
  'voting.error.keyDealt': { et: 'Valimisvõti on juba jagatud.', en: 'The election key has already been dealt.', ru: 'Ключ выборов уже распределён.' },
  'voting.error.notReady': {
    et: 'Avamiseks on vaja valimisvõtit ja mittetühja nimekirja.',
    en: 'Opening needs the election key and a roll that is not empty.',
    ru: 'Для открытия нужны ключ выборов и непустой список.',
  },
  'voting.error.wrongShare': {
    et: 'See osavõti ei vasta komisjoniliikme avalikule kinnitusele.',
    en: 'This share does not match the member’s public commitment.',
    ru: 'Эта доля ключа не соответствует публичному обязательству члена комиссии.',
  },
  'voting.error.alreadyDecrypted': {
    et: 'See komisjoniliige on oma osa juba esitanud.',
    en: 'This committee member has already submitted her part.',
    ru: 'Этот член комиссии уже представил свою часть.',
  },
  'voting.error.tooFewDecryptions': {
    et: 'Tulemuseks on vaja vähemalt {k} komisjoniliikme osa, esitatud on {n}.',
    en: 'The result needs the parts of at least {k} committee members; {n} have been submitted.',
    ru: 'Для результата нужны части не менее {k} членов комиссии; представлено {n}.',
  },
  'voting.error.alreadyCertified': {
    et: 'Olete tulemuse juba kinnitanud.',
    en: 'You have already certified this result.',
    ru: 'Вы уже утвердили этот результат.',
  },
  'voting.error.digestMismatch': {
    et: 'Kinnitatav räsi ei vasta praegusele tulemusele. Laadige leht uuesti, vaadake tulemus üle ja kinnitage uuesti; midagi ei salvestatud.',
    en: 'The digest you confirmed does not match the current result. Reload the page, review the result and certify again; nothing was stored.',
    ru: 'Подтверждаемый хеш не соответствует текущему результату. Обновите страницу, проверьте результат и утвердите снова; ничего не сохранено.',
  },
  'voting.field.digest': {
    et: 'Tulemuse räsi peab olema 64 kuueteistkümnendnumbrit.',
    en: 'The results digest must be 64 hex digits.',
    ru: 'Хеш результата должен состоять из 64 шестнадцатеричных знаков.',
  },
  'voting.error.personOnly': {
    et: 'Seda saab teha ainult sisse loginud komisjoniliige.',
    en: 'Only a signed-in committee member can do this.',
    ru: 'Это может сделать только вошедший в систему член комиссии.',
  },
  'voting.pdf.title': { et: 'Hääletustulemuste protokoll', en: 'Record of the voting results', ru: 'Протокол результатов голосования' },
  'voting.pdf.voteId': { et: 'Hääletuse tunnus', en: 'Vote id', ru: 'Идентификатор голосования' },
  'voting.pdf.window': { et: 'Hääletamise aeg', en: 'Voting period', ru: 'Время голосования' },
  'voting.pdf.status': { et: 'Olek', en: 'Status', ru: 'Статус' },
  'voting.pdf.turnout': { et: 'Hääletanuid / nimekirjas', en: 'Voted / on the roll', ru: 'Проголосовало / в списке' },
  'voting.pdf.key': {
    et: 'Valimisvõti on jagatud {n} komisjoniliikmele; tulemuseks on vaja {k} liikme osa.',
    en: 'The election key was shared among {n} committee members; {k} of them are needed for the result.',
    ru: 'Ключ выборов распределён между {n} членами комиссии; для результата нужны {k} из них.',
  },
  'voting.pdf.certified': {
    et: 'Tulemuse on kinnitanud {n} komisjoniliiget (vaja {k}).',
    en: 'The result has been certified by {n} committee members ({k} needed).',
    ru: 'Результат утвердили {n} членов комиссии (нужно {k}).',
  },
  'voting.pdf.digest': { et: 'Tulemuse räsi (SHA-256)', en: 'Results digest (SHA-256)', ru: 'Хеш результата (SHA-256)' },
  'voting.pdf.signatures': { et: 'Komisjoni kinnitused', en: 'Committee sign-offs', ru: 'Утверждения комиссии' },
  'voting.pdf.signature': {
    et: '{name}, {at}, räsi {digest}',
    en: '{name}, {at}, digest {digest}',
    ru: '{name}, {at}, хеш {digest}',
  },
  'voting.pdf.noSignatures': { et: 'Keegi ei ole tulemust veel kinnitanud.', en: 'Nobody has certified the result yet.', ru: 'Результат ещё никто не утвердил.' },
  'voting.pdf.noDigest': { et: 'räsita', en: 'no digest', ru: 'без хеша' },
  'voting.pdf.verify': {
    et: 'Kontroll: käsk „vallamaja verify {voteId}” kontrollib avalikku hääletuskasti; räsi arvutatakse hääletuskasti dokumendist, nimekirja suurusest, hääletanute arvust ja häälte arvust (docs/api.md, „Tulemuse räsi”).',
    en: 'To check: “vallamaja verify {voteId}” re-checks the public board; the digest is computed from the board document, the roll size, the turnout and the counts (docs/api.md, “Results digest”).',
    ru: 'Проверка: команда «vallamaja verify {voteId}» проверяет публичную доску; хеш вычисляется из документа доски, размера списка, явки и числа голосов (docs/api.md, «Хеш результата»).',
  },
  'voting.pdf.board': { et: 'Avalik hääletustahvel', en: 'Public bulletin board', ru: 'Публичная доска бюллетеней' },
  'voting.pdf.byUnit': { et: 'Osalus asustusüksuste kaupa', en: 'Turnout by settlement unit', ru: 'Явка по населённым пунктам' },
  'voting.pdf.byAge': { et: 'Osalus vanuserühmade kaupa', en: 'Turnout by age group', ru: 'Явка по возрастным группам' },
  'voting.pdf.suppression': {
    et: 'Alla 5 inimesega lahtrid on näidatud kui „<5”; „–” tähistab lahtrit, mis on peidetud selleks, et väikest arvu ei saaks kogusummast tuletada.',
    en: 'Cells with fewer than 5 people are shown as “<5”; “–” marks a cell hidden so that a small number cannot be derived from the total.',
    ru: 'Ячейки, где меньше 5 человек, показаны как «<5»; «–» означает ячейку, скрытую, чтобы малое число нельзя было вычислить из итога.',
  },
  'voting.field.required': { et: 'Kohustuslik.', en: 'Required.', ru: 'Обязательно.' },
  'voting.field.tooManyChoices': {
    et: 'Liiga palju valikuid (lubatud {max}).',
    en: 'Too many choices (at most {max}).',
    ru: 'Слишком много вариантов (не более {max}).',
  },
  'voting.field.overBudget': {
    et: 'Valikute kogumaksumus {cost} ületab eelarve {budget}.',
    en: 'The choices cost {cost} in total, over the budget of {budget}.',
    ru: 'Общая стоимость выбранного {cost} превышает бюджет {budget}.',
  },
  'voting.field.unknownOption': { et: 'Tundmatu valik „{id}”.', en: 'Unknown option “{id}”.', ru: 'Неизвестный вариант «{id}».' },
  'voting.field.duplicateOption': { et: 'Valik „{id}” on kaks korda.', en: 'Option “{id}” is given twice.', ru: 'Вариант «{id}» указан дважды.' },
  'voting.field.questionCount': {
    et: 'Vastuseid peab olema täpselt {n} (üks iga küsimuse kohta).',
    en: 'There must be exactly {n} answers (one per question).',
    ru: 'Ответов должно быть ровно {n} (по одному на вопрос).',
  },
  'voting.field.invalid': { et: 'Vigane väärtus: {what}.', en: 'Invalid value: {what}.', ru: 'Неверное значение: {what}.' },
  'voting.field.idcode': { et: 'Vigane isikukood.', en: 'Invalid personal ID code.', ru: 'Неверный личный код.' },
  'voting.field.duplicateVoter': { et: 'Isik on nimekirjas kaks korda.', en: 'This person is on the roll twice.', ru: 'Человек указан в списке дважды.' },
  'voting.field.noMember': { et: 'Sellise numbriga komisjoniliiget ei ole.', en: 'There is no committee member with this number.', ru: 'Члена комиссии с таким номером нет.' },
});

/** Names of the audit actions this module records (the manifest's auditActions). */
export const votingAuditActions = defineMessages({
  'voting.vote.create': { et: 'Hääletus loodud', en: 'Vote created', ru: 'Голосование создано' },
  'voting.vote.update': { et: 'Hääletuse mustandit muudetud', en: 'Vote draft edited', ru: 'Черновик голосования изменён' },
  'voting.vote.delete': { et: 'Hääletuse mustand kustutatud', en: 'Vote draft deleted', ru: 'Черновик голосования удалён' },
  'voting.roll.set': { et: 'Valijate nimekiri koostatud', en: 'Roll of voters set', ru: 'Список избирателей составлен' },
  'voting.key.deal': { et: 'Valimisvõti loodud ja jagatud', en: 'Election key made and shared out', ru: 'Ключ выборов создан и разделён' },
  'voting.vote.open': { et: 'Hääletus avatud', en: 'Vote opened', ru: 'Голосование открыто' },
  'voting.ballot.paper': { et: 'Paberhääl sisestatud', en: 'Paper ballot entered', ru: 'Бумажный бюллетень внесён' },
  'voting.vote.close': { et: 'Hääletus suletud', en: 'Vote closed', ru: 'Голосование закрыто' },
  'voting.tally.decrypt': { et: 'Osaline dekrüpteerimine esitatud', en: 'Partial decryption submitted', ru: 'Частичная расшифровка подана' },
  'voting.board.publish': { et: 'Avalik valimiskast avaldatud', en: 'Public ballot box published', ru: 'Публичная урна опубликована' },
  'voting.result.certify': { et: 'Tulemus kinnitatud', en: 'Result certified', ru: 'Результат утверждён' },
});
