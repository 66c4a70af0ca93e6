-- Whether and how often a person has cast is the voting core's participation record
-- (voting_participation), read through castsOf(); the polls module's own copy of the count went
-- stale whenever a ballot came in by another route (the voting API, a paper ballot). Dropped.
ALTER TABLE polls_voter DROP COLUMN casts;
