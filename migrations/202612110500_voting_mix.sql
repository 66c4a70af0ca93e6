-- Board format 2 (docs/voting-board-v2.md): a vote whose ballots are K slots (an encrypted idea number
-- per slot) is counted by a verifiable re-encryption mix instead of the homomorphic sum.
--   slots: K for a format-2 vote (NULL: a version-1 vote, counted as before).
--   mix:   the mix made at close (outputs and proof of shuffle, hex), until the board is published.
ALTER TABLE voting_vote ADD COLUMN slots int CHECK (slots IS NULL OR (slots >= 1 AND slots <= 64));
ALTER TABLE voting_vote ADD COLUMN mix jsonb;
