// The voting core's service API, as one import for the module's routes, CLI and index.ts. The
// protocol is VOTING.md; each file below holds one job:
//   rules.ts    definitions, ballot rules, suppression, the results digest (pure)
//   votes.ts    reading votes; set-up: create, roll, key, open
//   cast.ts     electronic and paper ballots, participation
//   tally.ts    close, partial decryptions, the published board
//   boards.ts   public boards, tracker checks, re-verification
//   results.ts  results, sign-off and certification
//   progress.ts turnout over time during the vote (counts only, for officials)
export * from './rules.js';
export * from './votes.js';
export * from './cast.js';
export * from './tally.js';
export * from './boards.js';
export * from './results.js';
export * from './progress.js';
