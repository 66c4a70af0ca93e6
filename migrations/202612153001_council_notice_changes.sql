-- The notice history of a council sitting (issue 12, set-up part): each change to a sitting's details
-- (kind, mode, time, place, video link) made after its notice was published (KOKS § 44), with the
-- reason the official recorded, what it was and what it became. Shown with the sitting on its public
-- page and in the JSON API; the same change is also in the audit log.
CREATE TABLE council_notice_change (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  sitting_id  uuid NOT NULL REFERENCES council_sitting(id),
  changed_at  timestamptz NOT NULL DEFAULT core_now(),
  changed_by  text,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 3 AND 1000),
  before      jsonb NOT NULL,
  after       jsonb NOT NULL
);
CREATE INDEX council_notice_change_sitting ON council_notice_change (kov_code, sitting_id, changed_at);
SELECT core_tenant_table('council_notice_change', 'SELECT, INSERT');
