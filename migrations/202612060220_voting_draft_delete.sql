-- A draft vote (never opened: no roll, key, ballot or board) can be deleted by the module that runs
-- it (polls: "drafts can be edited and deleted until published"). The voting core deletes only rows
-- whose status is still 'draft' (votes.ts deleteDraft); the audit log keeps the record.
GRANT DELETE ON voting_vote TO vallamaja_app;
