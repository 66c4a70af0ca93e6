-- Open311 media_url of another server (docs/open311.md): the fetch still to do is recorded on the
-- report IN THE REPORT'S OWN TRANSACTION, so a crash between the commit and the prompt job's enqueue
-- loses nothing: the sweep job reports.open311-media-sweep fetches what no job settled.
--
--   media_fetch_id     the id the fetched photo gets (the prompt job's too); NULL once settled
--                      (added, refused for good, no room, given up)
--   media_fetch_after  when the sweep may take it: the prompt job's time first, then a backoff
--   media_fetch_tries  the sweep's attempts so far (it gives up after a few)
ALTER TABLE reports_report
  ADD COLUMN media_fetch_id uuid,
  ADD COLUMN media_fetch_after timestamptz,
  ADD COLUMN media_fetch_tries smallint NOT NULL DEFAULT 0 CHECK (media_fetch_tries >= 0);

CREATE INDEX reports_report_media_fetch ON reports_report (media_fetch_after) WHERE media_fetch_id IS NOT NULL;
