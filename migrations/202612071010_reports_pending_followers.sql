-- The resident's side of reports, finished (docs/reports-public.md).
--   reports_pending_photo  photos that were fine on a refused form submission, kept (already checked,
--                          stripped and resized) under the sha256 of a random token the re-rendered form
--                          carries, so the resident need not choose them again; pruned after a while
--                          by the job reports.prune.
--   reports_follower       "I have this problem too": a signed-in resident (her idcode hash) or an
--                          e-mail address confirmed by a link follows a public report and hears about
--                          its public changes; deleted on unsubscribe (unconfirmed ones are pruned).
CREATE TABLE reports_pending_photo (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  batch_hash  text NOT NULL,
  ordinal     int NOT NULL DEFAULT 0,
  mime        text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  width       int NOT NULL,
  height      int NOT NULL,
  bytes       bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_pending_photo', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_pending_photo_batch ON reports_pending_photo (kov_code, batch_hash, ordinal);
CREATE INDEX reports_pending_photo_age ON reports_pending_photo (created_at);

CREATE TABLE reports_follower (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  report_id     uuid NOT NULL REFERENCES reports_report(id),
  -- a signed-in resident's personal ID code hash (never the code itself); NULL for an e-mail follower
  person_hash   text,
  email         text,
  lang          text NOT NULL DEFAULT 'et' CHECK (lang IN ('et', 'en', 'ru')),
  -- sha256 of the confirmation link's token, until the address is confirmed
  confirm_hash  text,
  confirmed_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT core_now(),
  CHECK (person_hash IS NOT NULL OR email IS NOT NULL)
);
SELECT core_tenant_table('reports_follower', 'SELECT, INSERT, UPDATE, DELETE');
CREATE UNIQUE INDEX reports_follower_person ON reports_follower (report_id, person_hash) WHERE person_hash IS NOT NULL;
CREATE UNIQUE INDEX reports_follower_email ON reports_follower (report_id, lower(email)) WHERE person_hash IS NULL;
CREATE INDEX reports_follower_confirm ON reports_follower (kov_code, confirm_hash) WHERE confirm_hash IS NOT NULL;
CREATE INDEX reports_follower_report ON reports_follower (kov_code, report_id) WHERE confirmed_at IS NOT NULL;
