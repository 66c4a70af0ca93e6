-- Training and events (issue 14, module training). docs/training.md.
--
-- ELVL's own (platform) tables, no kov_code:
--   training_programme  a programme (e.g. "Ametnikust teenuseomanikuks"): hours, contact days, the
--                       completion rule (min_days, min_elearning_hours), reminder days before the first day.
--   training_group      a regional group of a programme: place, capacity (people), registration
--                       deadline; `taken` (people in confirmed teams), `waiting` (teams waiting) and
--                       `last_position` are the counters a registration updates under a row lock
--                       (SELECT … FOR UPDATE), so capacity holds under concurrent registrations.
--   training_day        a contact day of a group (1..contact_days) with its check-in code.
--   training_session    a session of a day: time, topic, trainer.
--   training_trainer    who trains a group (keyed hash of the ID code; the name shown).
--   training_event      a seminar or webinar; training_event_reg: an official's registration and attendance.
--   training_day_feedback  a participant's short survey answer on a contact day (no link to the person).
-- KOV-owned (tenant) tables, with row-level security:
--   training_team       a KOV's team in a group: confirmed / waiting (position = order) / cancelled.
--   training_member     a team's member (name, e-mail, keyed hash of the ID code, e-learning hours).
--   training_attendance a member's attendance on a contact day (marked by the trainer or a check-in).
--   training_certificate  a completion certificate with its public verification code.

CREATE TABLE training_programme (
  id                  uuid PRIMARY KEY,
  code                text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 60),
  name                jsonb NOT NULL,
  description         jsonb NOT NULL,
  academic_hours      int NOT NULL CHECK (academic_hours BETWEEN 0 AND 1000),
  contact_days        int NOT NULL CHECK (contact_days BETWEEN 1 AND 30),
  elearning_hours     numeric(6,1) NOT NULL DEFAULT 0 CHECK (elearning_hours >= 0),
  min_days            int NOT NULL CHECK (min_days >= 0),
  min_elearning_hours numeric(6,1) NOT NULL DEFAULT 0 CHECK (min_elearning_hours >= 0),
  reminder_days       int NOT NULL DEFAULT 3 CHECK (reminder_days BETWEEN 0 AND 60),
  created_at          timestamptz NOT NULL DEFAULT core_now(),
  CHECK (min_days <= contact_days)
);
GRANT SELECT, INSERT, UPDATE ON training_programme TO vallamaja_app;

CREATE TABLE training_group (
  id                    uuid PRIMARY KEY,
  programme_id          uuid NOT NULL REFERENCES training_programme(id),
  region                text NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
  place                 text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  capacity              int NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  registration_deadline timestamptz NOT NULL,
  taken                 int NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
  waiting               int NOT NULL DEFAULT 0 CHECK (waiting >= 0),
  last_position         int NOT NULL DEFAULT 0,
  reminded_at           timestamptz,
  created_at            timestamptz NOT NULL DEFAULT core_now()
);
CREATE INDEX training_group_programme ON training_group (programme_id);
GRANT SELECT, INSERT, UPDATE ON training_group TO vallamaja_app;

CREATE TABLE training_day (
  id            uuid PRIMARY KEY,
  group_id      uuid NOT NULL REFERENCES training_group(id),
  day_no        int NOT NULL CHECK (day_no >= 1),
  on_date       date NOT NULL,
  checkin_code  text NOT NULL CHECK (checkin_code ~ '^[A-Z0-9]{6}$'),
  UNIQUE (group_id, day_no)
);
GRANT SELECT, INSERT, UPDATE ON training_day TO vallamaja_app;

CREATE TABLE training_session (
  id        uuid PRIMARY KEY,
  day_id    uuid NOT NULL REFERENCES training_day(id),
  starts    text NOT NULL CHECK (starts ~ '^[0-2][0-9]:[0-5][0-9]$'),
  topic     text NOT NULL CHECK (length(topic) BETWEEN 1 AND 300),
  trainer   text NOT NULL CHECK (length(trainer) <= 200)
);
CREATE INDEX training_session_day ON training_session (day_id, starts);
GRANT SELECT, INSERT, DELETE ON training_session TO vallamaja_app;

CREATE TABLE training_trainer (
  group_id     uuid NOT NULL REFERENCES training_group(id),
  idcode_hash  text NOT NULL,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  PRIMARY KEY (group_id, idcode_hash)
);
GRANT SELECT, INSERT, DELETE ON training_trainer TO vallamaja_app;

CREATE TABLE training_event (
  id                    uuid PRIMARY KEY,
  kind                  text NOT NULL CHECK (kind IN ('seminar', 'webinar')),
  title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description           text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  starts_at             timestamptz NOT NULL,
  place                 text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
  url                   text NOT NULL DEFAULT '' CHECK (length(url) <= 2000),
  capacity              int NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  registration_deadline timestamptz NOT NULL,
  taken                 int NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
  created_at            timestamptz NOT NULL DEFAULT core_now()
);
GRANT SELECT, INSERT, UPDATE ON training_event TO vallamaja_app;

CREATE TABLE training_event_reg (
  event_id     uuid NOT NULL REFERENCES training_event(id),
  idcode_hash  text NOT NULL,
  person_id    uuid NOT NULL,
  name         text NOT NULL,
  email        text NOT NULL,
  attended     boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (event_id, idcode_hash)
);
GRANT SELECT, INSERT, UPDATE ON training_event_reg TO vallamaja_app;

CREATE TABLE training_day_feedback (
  day_id          uuid NOT NULL REFERENCES training_day(id),
  respondent_key  text NOT NULL,
  satisfaction    int NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  at              timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (day_id, respondent_key)
);
GRANT SELECT, INSERT, UPDATE ON training_day_feedback TO vallamaja_app;

CREATE TABLE training_team (
  id             uuid PRIMARY KEY,
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  group_id       uuid NOT NULL REFERENCES training_group(id),
  status         text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
  position       int NOT NULL,
  size           int NOT NULL CHECK (size BETWEEN 1 AND 5),
  service_id     uuid,
  topic          text NOT NULL CHECK (length(topic) BETWEEN 1 AND 500),
  contact_email  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT core_now(),
  created_by     text NOT NULL,
  confirmed_at   timestamptz,
  cancelled_at   timestamptz,
  UNIQUE (group_id, position)
);
CREATE INDEX training_team_kov ON training_team (kov_code, group_id);
CREATE INDEX training_team_waiting ON training_team (group_id, position) WHERE status = 'waiting';
SELECT core_tenant_table('training_team', 'SELECT, INSERT, UPDATE');

CREATE TABLE training_member (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  team_id          uuid NOT NULL REFERENCES training_team(id),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email            text NOT NULL DEFAULT '',
  idcode_hash      text NOT NULL,
  elearning_hours  numeric(6,1) NOT NULL DEFAULT 0 CHECK (elearning_hours >= 0),
  UNIQUE (team_id, idcode_hash)
);
CREATE INDEX training_member_person ON training_member (idcode_hash);
SELECT core_tenant_table('training_member', 'SELECT, INSERT, UPDATE');

CREATE TABLE training_attendance (
  kov_code   text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  member_id  uuid NOT NULL REFERENCES training_member(id),
  day_id     uuid NOT NULL REFERENCES training_day(id),
  how        text NOT NULL CHECK (how IN ('trainer', 'checkin')),
  at         timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (member_id, day_id)
);
SELECT core_tenant_table('training_attendance', 'SELECT, INSERT, DELETE');

CREATE TABLE training_certificate (
  id         uuid PRIMARY KEY,
  kov_code   text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  member_id  uuid NOT NULL UNIQUE REFERENCES training_member(id),
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{12}$'),
  name       text NOT NULL,
  programme  jsonb NOT NULL,
  issued_on  date NOT NULL
);
SELECT core_tenant_table('training_certificate', 'SELECT, INSERT');
