-- Reports (Anna Teada, issue 10): residents report problems, a KOV's handlers resolve them.
-- Every table is tenant data (row-level security by kov_code). Times are UTC (timestamptz); coordinates
-- are WGS84 degrees (L-EST97 is computed when needed, with proj4).

-- The shared domains every KOV's categories map to, so that KOVs can be compared.
--   roads, lighting, waste, greenery, water, public_order, other

-- Handler groups of a KOV (e.g. "Teedeosakond"): a category's reports go to its group's inbox.
CREATE TABLE reports_group (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  name        text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  email       text,
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (kov_code, name)
);
SELECT core_tenant_table('reports_group', 'SELECT, INSERT, UPDATE, DELETE');

-- Members of a handler group: officials found by the keyed hash of their personal ID code (as role
-- grants are), with the name shown on assignments.
CREATE TABLE reports_group_member (
  group_id     uuid NOT NULL REFERENCES reports_group(id) ON DELETE CASCADE,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  idcode_hash  text NOT NULL,
  name         text NOT NULL,
  PRIMARY KEY (group_id, idcode_hash)
);
SELECT core_tenant_table('reports_group_member', 'SELECT, INSERT, DELETE');

-- A KOV's own categories (the Open311 services): code is the Open311 service_code (unique in the KOV).
--   sla_days     the target: the expected-by date is received + sla_days (calendar days)
--   attributes   Open311 service definition attributes: [{code, datatype, required, description, order, values}]
CREATE TABLE reports_category (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  code         text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  domain       text NOT NULL CHECK (domain IN ('roads', 'lighting', 'waste', 'greenery', 'water', 'public_order', 'other')),
  name_et      text NOT NULL CHECK (name_et <> ''),
  name_en      text NOT NULL CHECK (name_en <> ''),
  name_ru      text NOT NULL CHECK (name_ru <> ''),
  description  text NOT NULL DEFAULT '',
  group_id     uuid REFERENCES reports_group(id),
  sla_days     int NOT NULL DEFAULT 14 CHECK (sla_days BETWEEN 1 AND 365),
  attributes   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attributes) = 'array'),
  keywords     text NOT NULL DEFAULT '',
  active       boolean NOT NULL DEFAULT true,
  sort         int NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (kov_code, code)
);
SELECT core_tenant_table('reports_category', 'SELECT, INSERT, UPDATE');

-- A KOV's settings for reports: how long reports stay public (months after closing; NULL: for ever).
CREATE TABLE reports_setting (
  kov_code     text PRIMARY KEY CHECK (kov_code ~ '^[0-9]{4}$'),
  keep_months  int CHECK (keep_months IS NULL OR keep_months BETWEEN 1 AND 1200),
  updated_at   timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_setting', 'SELECT, INSERT, UPDATE');

-- Human report numbers per KOV and year: 2026-000123.
CREATE TABLE reports_counter (
  kov_code  text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  year      int NOT NULL,
  last      int NOT NULL,
  PRIMARY KEY (kov_code, year)
);
SELECT core_tenant_table('reports_counter', 'SELECT, INSERT, UPDATE');

-- A report.
--   status        received | in_progress | scheduled | reopened   (open)
--                 fixed | forwarded | duplicate | closed          (closed)
--                 unconfirmed: an anonymous report whose e-mail address is not yet confirmed (not
--                 routed, not public, not in analytics)
--   reporter_*    personal data: never on public pages, the public API, or open data
--   confirm_hash  sha256 of the e-mail confirmation token (anonymous reports), cleared on confirmation
--   feedback_hash sha256 of the "is it fixed?" token sent to the reporter, cleared when answered
--   token         the Open311 token (GET /tokens/{token})
CREATE TABLE reports_report (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  number           text NOT NULL CHECK (number ~ '^[0-9]{4}-[0-9]{6}$'),
  category_id      uuid NOT NULL REFERENCES reports_category(id),
  domain           text NOT NULL,
  group_id         uuid REFERENCES reports_group(id),
  status           text NOT NULL CHECK (status IN ('unconfirmed', 'received', 'in_progress', 'scheduled', 'reopened',
                                                   'fixed', 'forwarded', 'duplicate', 'closed')),
  is_open          boolean NOT NULL GENERATED ALWAYS AS (status IN ('unconfirmed', 'received', 'in_progress', 'scheduled', 'reopened')) STORED,
  description      text NOT NULL CHECK (description <> '' AND length(description) <= 4000),
  lat              double precision CHECK (lat BETWEEN 57.3 AND 59.9),
  lon              double precision CHECK (lon BETWEEN 21.5 AND 28.3),
  address          text CHECK (address IS NULL OR length(address) <= 300),
  unit_code        text,
  attributes       jsonb NOT NULL DEFAULT '{}',
  source           text NOT NULL CHECK (source IN ('web', 'open311', 'api')),
  reporter_kind    text NOT NULL CHECK (reporter_kind IN ('person', 'email', 'apikey')),
  reporter_hash    text,
  reporter_name    text,
  reporter_email   text,
  reporter_phone   text,
  notify           boolean NOT NULL DEFAULT true,
  confirm_hash     text,
  feedback_hash    text,
  token            text NOT NULL UNIQUE,
  duplicate_of     uuid REFERENCES reports_report(id),
  forwarded_to     text,
  assignee_hash    text,
  assignee_name    text,
  created_at       timestamptz NOT NULL DEFAULT core_now(),
  confirmed_at     timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT core_now(),
  expected_at      timestamptz,
  first_action_at  timestamptz,
  closed_at        timestamptz,
  fixed_answer     boolean,
  satisfaction     int CHECK (satisfaction BETWEEN 1 AND 5),
  feedback_comment text CHECK (feedback_comment IS NULL OR length(feedback_comment) <= 2000),
  feedback_at      timestamptz,
  UNIQUE (kov_code, number),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (lat IS NOT NULL OR address IS NOT NULL)
);
SELECT core_tenant_table('reports_report', 'SELECT, INSERT, UPDATE');
CREATE INDEX reports_report_kov_created ON reports_report (kov_code, created_at DESC);
CREATE INDEX reports_report_kov_open ON reports_report (kov_code, status, created_at DESC) WHERE is_open;
CREATE INDEX reports_report_near ON reports_report (kov_code, category_id, lat, lon) WHERE is_open;
CREATE INDEX reports_report_reporter ON reports_report (reporter_hash) WHERE reporter_hash IS NOT NULL;

-- What happened to a report, in order: the report's history, its public updates (Open311 status
-- notes, the reporter's e-mails) and the outbox that webhooks and the changes feed deliver from.
-- A row is written in the same transaction as the change it records.
--   id       global order (the changes feed's cursor)
--   seq      1, 2, … per report (webhook order per report)
--   kind     created | confirmed | status | answer | note | assigned | category | merged | reopened | feedback | photo
--   public   shown on the public page, in Open311 and to the reporter (notes are internal)
--   status   the report's status after the change
CREATE TABLE reports_event (
  id          bigserial PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  report_id   uuid NOT NULL REFERENCES reports_report(id),
  seq         int NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('created', 'confirmed', 'status', 'answer', 'note', 'assigned', 'category',
                                            'merged', 'reopened', 'feedback', 'photo')),
  public      boolean NOT NULL,
  status      text NOT NULL,
  body        text CHECK (body IS NULL OR length(body) <= 4000),
  actor_kind  text NOT NULL CHECK (actor_kind IN ('person', 'apikey', 'operator', 'system', 'reporter')),
  actor_name  text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (report_id, seq)
);
SELECT core_tenant_table('reports_event', 'SELECT, INSERT');
GRANT USAGE ON SEQUENCE reports_event_id_seq TO vallamaja_app;
CREATE INDEX reports_event_kov_id ON reports_event (kov_code, id);

-- Photos of a report (resized JPEG, EXIF stripped); report_id NULL: uploaded through Open311 media
-- upload and not yet attached to a request (attached by its media_url).
CREATE TABLE reports_photo (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  report_id   uuid REFERENCES reports_report(id),
  event_id    bigint REFERENCES reports_event(id),
  ordinal     int NOT NULL DEFAULT 0,
  mime        text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  width       int NOT NULL,
  height      int NOT NULL,
  bytes       bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_photo', 'SELECT, INSERT, UPDATE');
CREATE INDEX reports_photo_report ON reports_photo (report_id, ordinal);
