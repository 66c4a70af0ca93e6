-- The public board as rows (issue 9, item 11). Until now a published board was one text value
-- (voting_vote.board), loaded and parsed whole by every results view; at 1,000,000 ballots × 10
-- options it would pass PostgreSQL's 1 GB limit for one value. From now on the entries stay rows
-- (voting_entry, written at close) and only the document's parts around them are stored:
--   board_head    the document's text up to and including `"entries":[`
--   board_tail    the text from the `]` that closes the entries to the end
-- The document is streamed as head ‖ entries (each `{"seq":…,"hash":…}` from its row, the chain
-- recomputed from the stored trackers, joined by `,`) ‖ tail: the same bytes as before (VOTING.md).
-- Computed once at publication, while streaming the document:
--   board_sha256  SHA-256 of the document's bytes (its strong validator, and part of the digest)
--   board_bytes   its length in bytes (Content-Length of the stream)
--   result_digest the results digest the committee confirms
-- Boards published before this migration keep their text in voting_vote.board and are served from
-- it as they are (no conversion: their bytes stay exactly the ones that were signed off).
ALTER TABLE voting_vote ADD COLUMN board_head text;
ALTER TABLE voting_vote ADD COLUMN board_tail text;
ALTER TABLE voting_vote ADD COLUMN board_sha256 text;
ALTER TABLE voting_vote ADD COLUMN board_bytes bigint;
ALTER TABLE voting_vote ADD COLUMN result_digest text;
CREATE INDEX voting_vote_published_rows ON voting_vote (published_at) WHERE board_head IS NOT NULL;
