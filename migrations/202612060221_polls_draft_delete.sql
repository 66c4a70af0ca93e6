-- A poll that is still a draft (published_at IS NULL: no roll copy in polls_voter) can be deleted by
-- a KOV admin; the service deletes only such rows (repo.ts deleteDraftPoll) and audits it.
GRANT DELETE ON polls_poll TO vallamaja_app;
