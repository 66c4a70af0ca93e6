// The voting module's manifest and its service API for other modules: the voting core is an engine
// that a module running votes (polls now; budgets, elders and council next) calls through these
// functions, owning its official routes itself. The voting module serves only the public routes
// (the resident's cast, the ballot boards). Protocol: /work/shared/VOTING.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { votingCommands } from './cli.js';
import { votingAuditActions, votingMessages } from './messages.js';
import { COMMITTEE, votingRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'voting',
  tables: 'voting',
  messages: votingMessages,
  auditActions: votingAuditActions,
  routes: votingRoutes,
  roles: [{ id: COMMITTEE, scope: 'kov', labelKey: 'role.election-committee' }],
  commands: votingCommands,
};

/** The election committee's role id (a KOV role; KOV admins may act for it). */
export { COMMITTEE };
export type { BoardDocument } from './crypto/board.js';
export type { BoardSource, PublishedBoard } from './service.js';
export type { Official, QuestionDef, Results, RollEntry, Rule, Texts, TurnoutPoint, TurnoutProgress, VoteDefinition, VoteView } from './service.js';
export {
  cast,
  castPaper,
  castsOf,
  participationOf,
  certify,
  hasCertified,
  certifiedResultsPdf,
  storeCertifiedPdfs,
  choicesToMatrix,
  closeVote,
  createVote,
  dealKey,
  boardSource,
  boardTurnout,
  decryptedMembers,
  deleteDraft,
  getBoard,
  getBoardText,
  getVote,
  listBoards,
  listVotes,
  openVote,
  publishBoard,
  recomputeResults,
  redefineDraft,
  results,
  resultsWithTag,
  setRoll,
  submitDecryption,
  trackerOnBoard,
  turnoutProgress,
  verifyStoredBoard,
} from './service.js';
/** The public random draw that breaks ties (budget winners, elder elections' lot). */
export { DRAW_DOMAIN, drawKey, publicDraw, type DrawResult } from './draw.js';
/** A vote's committee kept by the core (budgets, polls, elders): naming, the sealed deal, the one-time pick-up. */
export {
  committeeErrors,
  committeeMemberOf,
  committeeMembers,
  committeePlacesEverywhere,
  committeesOf,
  copyCommittee,
  dealToCommittee,
  dropCommittee,
  nameCommittee,
  nameCommitteeHashed,
  pickUpCommitteeShare,
  type CommitteeMember,
} from './committee.js';
/** A committee member's key share sealed into her row until she picks it up (polls, elders). */
export { openShare, sealShare } from './seal.js';
/** The results protocol as a PDF (the polls module serves it publicly once a poll is certified). */
export { resultsPdf, resultsProtocol, type ProtocolLine, type ProtocolOptions } from './views/results-pdf.js';
/** The committee's page parts (share pick-up, a member's share form, the digest sign-off) for the modules that run votes. */
export { CertifyForm, ShareForm, SharePickupBody, pickupStateOf, shareFileText, type PickupState, type PickupTexts } from './views/committee.js';
/** Request and answer shapes for the official APIs of the modules that run votes. */
export { CertifyBody, CertifyResult, DecryptBody, PaperBody, PaperResult, QuestionOut, TextsOut, TurnoutCellOut, VoteKeyOut } from './schema.js';
/** The winner rules of a participatory budget (pure): greedy and the Method of Equal Shares. */
export { budgetWinners, drawLabel, type AreaWinners, type IdeaOutcome, type WinnerArea, type WinnerBallot, type WinnerDraw, type WinnerIdea, type WinnerRule, type WinnersResult } from './winners/rules.js';
/** The winners document (docs/voting-winners.md): built by the module, kept and served by the core, checked by `vallamaja verify`. */
export { WINNERS_FORMAT, verifyWinners, winnersDocument, winnersDocumentText, winnersOf, type BoardForWinners, type WinnersDocument, type WinnersInputs, type WinnersOverride } from './winners/document.js';
export { keepWinnersDocument, getWinnersText } from './winners/store.js';
export { verifyVote } from './cli.js';
