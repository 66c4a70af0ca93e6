// The budgets module's texts of the vote and the results, in Estonian, English and Russian.
import type { Message } from '../../kernel/i18n.js';
import { defineMessages } from '../../kernel/i18n.js';

export const budgetsVoteMessages = defineMessages({
  'budgets.vote.empty': { et: 'Valige vähemalt üks idee.', en: 'Choose at least one idea.', ru: 'Выберите хотя бы одну идею.' },
  'budgets.vote.unknownIdea': { et: 'Ideed nr {n} ei ole hääletussedelil.', en: 'Idea no. {n} is not on the ballot.', ru: 'Идеи № {n} нет в бюллетене.' },
  'budgets.vote.duplicate': { et: 'Idee nr {n} on valitud kaks korda.', en: 'Idea no. {n} is chosen twice.', ru: 'Идея № {n} выбрана дважды.' },
  'budgets.vote.oneArea': {
    et: 'Hääletada saab ainult ühe piirkonna ideede poolt: valige ideed ühest piirkonnast.',
    en: 'You can vote for the ideas of one area only: choose ideas from one area.',
    ru: 'Голосовать можно только за идеи одного района: выберите идеи из одного района.',
  },
  'budgets.vote.wrongArea': {
    et: 'Piirkonna „{area}” ideede poolt saavad hääletada selle piirkonna elanikud.',
    en: 'Only residents of “{area}” can vote for its ideas.',
    ru: 'За идеи района «{area}» могут голосовать только его жители.',
  },
  'budgets.vote.tooMany': { et: 'Valida saab kuni {max} ideed piirkonnast.', en: 'You can choose up to {max} ideas in an area.', ru: 'В районе можно выбрать до {max} идей.' },
  'budgets.vote.overBudget': {
    et: 'Valitud ideede maksumus {cost} € ületab piirkonna eelarve {budget} €.',
    en: 'The chosen ideas cost €{cost}, more than the area’s budget of €{budget}.',
    ru: 'Стоимость выбранных идей {cost} € больше бюджета района {budget} €.',
  },
  'budgets.vote.opened': { et: 'Hääletus on juba avatud.', en: 'The vote is open already.', ru: 'Голосование уже открыто.' },
  'budgets.vote.notOpen': { et: 'Hääletust pole veel avatud.', en: 'The vote has not been opened yet.', ru: 'Голосование ещё не открыто.' },
  'budgets.vote.mesNotReady': {
    et: 'Võrdsete osade meetodiga (Method of Equal Shares) tulemust ei saa veel salajaste sedelitega lugeda: selleks vajalik sedelite segamine ei ole veel valmis. Valige protsessi seadetes ahne reegel (enim hääli eelarve piires).',
    en: 'A result by the Method of Equal Shares cannot yet be counted from secret ballots: the ballot mix it needs is not finished. Choose the greedy rule (most votes within the budget) in the process’s settings.',
    ru: 'Результат по методу равных долей (Method of Equal Shares) пока нельзя подсчитать по тайным бюллетеням: нужное для этого перемешивание бюллетеней ещё не готово. Выберите в настройках процесса жадное правило (больше всего голосов в пределах бюджета).',
  },
  'budgets.vote.noRoll': {
    et: 'Hääletus „kõigile” ei saa kasutada valijate nimekirja. Valige hääletajateks omavalitsuse või piirkonna elanikud.',
    en: 'A vote open to anyone has no voters’ roll. Choose the municipality’s or the area’s residents as voters.',
    ru: 'У голосования «для всех» нет списка избирателей. Выберите жителей самоуправления или района.',
  },
  'budgets.vote.tooEarly': { et: 'Hääletuse saab avada pärast ideede kogumist (läbivaatamise etapis).', en: 'The vote can be opened after idea collection (in the review phase).', ru: 'Голосование можно открыть после сбора идей (на этапе рассмотрения).' },
  'budgets.vote.tooLate': { et: 'Hääletuse aeg on möödas.', en: 'The voting period is over.', ru: 'Срок голосования прошёл.' },
  'budgets.vote.noIdeas': {
    et: 'Hääletussedelil ei oleks ühtegi ideed: avaldage ideed ja märkige need teostatavaks.',
    en: 'The ballot would have no idea: publish ideas and mark them feasible.',
    ru: 'В бюллетене не было бы ни одной идеи: опубликуйте идеи и отметьте их реализуемыми.',
  },
  'budgets.vote.emptyRoll': { et: 'Registris pole ühtegi hääleõiguslikku elanikku.', en: 'The register has no eligible resident.', ru: 'В регистре нет ни одного жителя с правом голоса.' },
  'budgets.vote.stillOpen': { et: 'Hääletus kestab veel: selle saab lõpetada tulemuste etapis.', en: 'The vote is still on: it can be closed in the results phase.', ru: 'Голосование ещё идёт: его можно закрыть на этапе результатов.' },
  'budgets.vote.notCertified': { et: 'Komisjon pole tulemust veel kinnitanud.', en: 'The committee has not certified the result yet.', ru: 'Комиссия ещё не утвердила результат.' },
  'budgets.override.funded': { et: 'See idee on juba rahastatud.', en: 'This idea is funded already.', ru: 'Эта идея уже финансируется.' },
  'budgets.override.notFunded': { et: 'See idee ei ole rahastatud.', en: 'This idea is not funded.', ru: 'Эта идея не финансируется.' },
});

export const budgetsVoteAuditActions: Record<string, Message> = {
  'budgets.vote.open': { et: 'Kaasava eelarve hääletus avatud', en: 'Participatory budget vote opened', ru: 'Открыто голосование по бюджету участия' },
  'budgets.vote.close': { et: 'Kaasava eelarve hääletus lõpetatud', en: 'Participatory budget vote closed', ru: 'Закрыто голосование по бюджету участия' },
  'budgets.vote.share': { et: 'Komisjoniliige andis võtmeosa lugemiseks', en: 'Committee member gave her key share for the count', ru: 'Член комиссии передал долю ключа для подсчёта' },
  'budgets.share.pickup': { et: 'Komisjoniliige võttis võtmeosa vastu', en: 'Committee member picked up her key share', ru: 'Член комиссии получил долю ключа' },
  'budgets.result.decide': { et: 'Kaasava eelarve võitjad arvutatud', en: 'Participatory budget winners computed', ru: 'Вычислены победители бюджета участия' },
  'budgets.result.override': { et: 'Kaasava eelarve tulemust muudetud (põhjendusega)', en: 'Participatory budget result overridden (with a reason)', ru: 'Результат бюджета участия изменён (с обоснованием)' },
};
