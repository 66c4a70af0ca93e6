-- moves rows to: voting_committee
-- Elder election committees move into the voting core's committee table (voting_committee, 202612110400),
-- as polls' did (202612140701); elders_member goes. owner_id is the ELECTION's id (elders_election.id;
-- a run-off is its own election with its own committee rows) — the module's own object, as budgets use
-- the budget process id and polls the poll id (never the voting core's vote id). Every column moves as
-- it is; a waiting share still opens (its seal is bound to the KOV, the election id and the member
-- number, all unchanged).
-- The line `-- moves rows to: voting_committee` is the module contract's narrow exception (test/contract/
-- rules.ts): this file may name voting_committee only as the target of INSERT INTO.
INSERT INTO voting_committee (owner_id, kov_code, member, idcode_hash, idcode_hint, share_sealed, dealt_at, picked_up_at)
SELECT election_id, kov_code, member, idcode_hash, idcode_hint, share_sealed, dealt_at, picked_up_at FROM elders_member;

DROP TABLE elders_member;
