-- Certification binds to the exact result: each committee member's sign-off stores the results
-- digest she confirmed (docs/api.md, "Results digest": SHA-256 over the board document's hash, the
-- chain head, the roll size, the turnout and the counts). The service refuses a sign-off whose digest
-- is not the current result's, so every row of a vote carries the same digest.
--
-- Rows from before this column have no digest (NULL); every new sign-off has one.
ALTER TABLE voting_certification
  ADD COLUMN result_digest text CHECK (result_digest IS NULL OR result_digest ~ '^[0-9a-f]{64}$');
