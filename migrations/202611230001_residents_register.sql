-- Residents: a KOV's copy of the population register (rahvastikuregister) — imported from an
-- extract file or fetched over X-tee — and named extra lists (students, property owners) used by
-- eligibility rules. Personal ID codes are stored only as keyed hashes (HMAC, hex).
--
-- Imports write a new batch and flip the KOV's current-batch pointer in the same transaction that
-- commits the rows: until then the old batch stays current and answers every query.

CREATE TABLE residents_batch (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  -- loading → current → superseded (rows deleted), or failed (nothing kept but the report)
  status           text NOT NULL CHECK (status IN ('loading', 'current', 'superseded', 'failed')),
  source           text NOT NULL CHECK (source IN ('file', 'xtee')),
  file_name        text,
  ehak_version     text,
  accept_good_rows boolean NOT NULL DEFAULT false,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  rows_read        integer NOT NULL DEFAULT 0,
  rows_imported    integer NOT NULL DEFAULT 0,
  rows_bad         integer NOT NULL DEFAULT 0,
  -- the first problems (line, field, code, message); never an ID code in clear
  problems         jsonb NOT NULL DEFAULT '[]'::jsonb,
  actor_kind       text NOT NULL,
  actor_name       text NOT NULL
);
CREATE INDEX residents_batch_kov ON residents_batch (kov_code, started_at DESC);
ALTER TABLE residents_batch ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_batch_tenant ON residents_batch
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_batch TO vallamaja_app;

-- One row per person in a batch. Unit codes are EHAK settlement units of the batch's EHAK version.
-- Partitioned by batch: an import loads its batch into a table of its own (no indexes while loading,
-- COPY FREEZE on PostgreSQL), builds the indexes once at the end and attaches it in the transaction
-- that flips the current-batch pointer; an old batch goes with DROP TABLE, not a million-row DELETE.
-- The app role reaches the rows only through this parent (its grants and row-level security).
-- Codes and hashes compare bytewise (COLLATE "C"): faster index builds, same meaning.
CREATE TABLE residents_person (
  kov_code         text COLLATE "C" NOT NULL,
  batch_id         uuid NOT NULL,
  idcode_hash      text COLLATE "C" NOT NULL,
  given_name       text NOT NULL,
  family_name      text NOT NULL,
  county_code      text NOT NULL,
  unit_code        text COLLATE "C" NOT NULL,
  birth_date       date NOT NULL,
  residence_since  date,
  PRIMARY KEY (kov_code, batch_id, idcode_hash)
) PARTITION BY LIST (batch_id);
CREATE INDEX residents_person_eligibility ON residents_person (kov_code, batch_id, unit_code, birth_date);
ALTER TABLE residents_person ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_person_tenant ON residents_person
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_person TO vallamaja_app;

-- The KOV's current batch: flipped in the transaction that completes an import.
CREATE TABLE residents_current (
  kov_code    text PRIMARY KEY CHECK (kov_code ~ '^[0-9]{4}$'),
  batch_id    uuid NOT NULL REFERENCES residents_batch (id),
  switched_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE residents_current ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_current_tenant ON residents_current
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_current TO vallamaja_app;

-- Named extra lists of a KOV (e.g. students, property owners) for eligibility rules.
CREATE TABLE residents_list (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  name        text NOT NULL CHECK (name <> '' AND length(name) <= 100),
  members     integer NOT NULL DEFAULT 0,
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kov_code, name)
);
ALTER TABLE residents_list ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_list_tenant ON residents_list
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_list TO vallamaja_app;

-- Members of a list; the birth date is read from the ID code at import (for the age rule).
CREATE TABLE residents_list_member (
  kov_code    text NOT NULL,
  list_id     uuid NOT NULL REFERENCES residents_list (id) ON DELETE CASCADE,
  idcode_hash text NOT NULL,
  birth_date  date NOT NULL,
  PRIMARY KEY (kov_code, list_id, idcode_hash)
);
ALTER TABLE residents_list_member ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_list_member_tenant ON residents_list_member
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_list_member TO vallamaja_app;
