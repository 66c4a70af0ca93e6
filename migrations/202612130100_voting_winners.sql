-- The winners document (docs/voting-winners.md) kept with a vote whose ballot is counted by a winner
-- rule (participatory budgets): its exact text, handed over by the module that runs the vote when the
-- committee certifies (and again, with the same rule's result, when an override is recorded). Served
-- publicly at /api/v1/boards/{voteId}/winners once the vote is certified. NULL: none kept.
ALTER TABLE voting_vote ADD COLUMN winners text;
-- The winner rule a vote is counted by, set when the module creates the vote: a certified vote with a
-- rule and no winners document fails `vallamaja verify`. NULL: no winner rule (polls, elders), and votes
-- created before this column (their verification reports "no winners document").
ALTER TABLE voting_vote ADD COLUMN winner_rule text CHECK (winner_rule IS NULL OR winner_rule IN ('greedy', 'equal-shares'));
