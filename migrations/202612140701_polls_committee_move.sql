-- moves rows to: voting_committee
-- Poll committees move into the voting core's committee table (voting_committee, 202612110400), which
-- budgets already use; polls_member goes. owner_id is the POLL's id (polls_poll.id) — the module's own
-- object, as budgets use the budget process id (never the voting core's vote id). Every column moves
-- as it is: member number, keyed hash, last-4 hint, the sealed share still waiting, when it was dealt
-- and picked up. A waiting share still opens: its seal (voting/seal.ts) is bound to the KOV, the owner
-- id (the poll id, as before) and the member number, all unchanged.
-- The line `-- moves rows to: voting_committee` is the module contract's narrow exception (test/contract/
-- rules.ts): this file may name voting_committee only as the target of INSERT INTO.
INSERT INTO voting_committee (owner_id, kov_code, member, idcode_hash, idcode_hint, share_sealed, dealt_at, picked_up_at)
SELECT poll_id, kov_code, member, idcode_hash, idcode_hint, share_sealed, dealt_at, picked_up_at FROM polls_member;

DROP TABLE polls_member;
