-- Council live sitting (issue 12): a vote keeps how many seats were registered present when it opened
-- (the present_majority rule and the outcome's `present` count need it when the vote closes).
ALTER TABLE council_vote ADD COLUMN present int CHECK (present >= 0);
