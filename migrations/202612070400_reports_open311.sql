-- Open311 (GeoReport v2) servicerequestupdates posted by a KOV's own system: the sender's update_id
-- makes a post idempotent. The row is claimed before the change is applied and names the event the
-- change wrote; the same update_id again (even while the first is in flight) changes nothing.
CREATE TABLE reports_open311_update (
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  update_id   text NOT NULL CHECK (update_id <> '' AND length(update_id) <= 100),
  report_id   uuid NOT NULL REFERENCES reports_report(id),
  event_id    bigint REFERENCES reports_event(id),
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (kov_code, update_id)
);
SELECT core_tenant_table('reports_open311_update', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_photo_unattached ON reports_photo (kov_code, created_at) WHERE report_id IS NULL;
