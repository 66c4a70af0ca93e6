-- A draft's committee can be named again when the draft is edited, and goes with the draft when it
-- is deleted: the service deletes members only of a poll that is still a draft (no key dealt yet).
GRANT DELETE ON polls_member TO vallamaja_app;
