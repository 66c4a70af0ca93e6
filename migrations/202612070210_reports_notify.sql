-- The reporter notifier (src/modules/reports/notify.ts): a consumer of the reports_event outbox
-- that mails reporters (the confirmation link, the receipt, every public change, "is it fixed?").
--   reports_notify_cursor  per KOV: every event with id <= last_event_id is handled
--   reports_notify_done    events above the cursor already handled. Event ids are taken when the
--                          event is written, so an event may commit after a higher one: the cursor
--                          moves past an event only when every event below it is handled and it is
--                          older than the settling time (an hour), and the events handled above the
--                          cursor are remembered here, so nothing is lost and nothing mailed twice.
CREATE TABLE reports_notify_cursor (
  kov_code       text PRIMARY KEY CHECK (kov_code ~ '^[0-9]{4}$'),
  last_event_id  bigint NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_notify_cursor', 'SELECT, INSERT, UPDATE');

CREATE TABLE reports_notify_done (
  -- no foreign key: the marks are forgotten once the cursor passes, and must never hold up the
  -- deletion of old reports
  event_id  bigint PRIMARY KEY,
  kov_code  text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  done_at   timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_notify_done', 'SELECT, INSERT, DELETE');
CREATE INDEX reports_notify_done_kov ON reports_notify_done (kov_code, event_id);
