// The winner rules of a participatory budget live in the voting core (src/modules/voting/winners/rules.ts),
// where `vallamaja verify` recomputes the winners from a board; re-exported here for the budgets module
// (and bench/winners.ts).
export { budgetWinners, drawLabel, type AreaWinners, type IdeaOutcome, type WinnerArea, type WinnerBallot, type WinnerDraw, type WinnerIdea, type WinnerRule, type WinnersResult } from '../voting/index.js';
