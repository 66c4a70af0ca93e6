-- The platform's automatic open datasets (issue 14, item 3; src/modules/opendata/auto, docs/opendata-auto.md).
--
--   opendata_auto_file  one generated file per (scope, dataset, format): scope is a KOV's EHAK code or
--                       'all' (every KOV). The bytes are served as stored, with their SHA-256 (the ETag),
--                       size and row count; created_at is its first refresh (dct:issued), generated_at
--                       the last refresh that made it, modified_at the last refresh that changed it
--                       (Last-Modified, dct:modified).
--   opendata_auto_run   the nightly refresh's claim (one row): the Tallinn day it last ran for, so that
--                       of many processes sending the hourly job only one refreshes a day.
--
-- Both are platform tables without kov_code and without row-level security, like services_template:
-- every byte in them is public open data made by the refresh job from the modules' public exports,
-- the all-KOV files belong to no tenant, and the public file route reads any scope.

CREATE TABLE opendata_auto_file (
  scope         text NOT NULL CHECK (scope = 'all' OR scope ~ '^[0-9]{4}$'),
  dataset       text NOT NULL CHECK (dataset ~ '^[a-z][a-z0-9-]{0,40}$'),
  format        text NOT NULL CHECK (format IN ('csv', 'json')),
  body          bytea NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes         int NOT NULL CHECK (bytes >= 0),
  row_count     int NOT NULL CHECK (row_count >= 0),
  created_at    timestamptz NOT NULL,
  generated_at  timestamptz NOT NULL,
  modified_at   timestamptz NOT NULL,
  PRIMARY KEY (scope, dataset, format)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON opendata_auto_file TO vallamaja_app;

CREATE TABLE opendata_auto_run (
  id           int PRIMARY KEY CHECK (id = 1),
  day          date NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  files        int,
  changed      int,
  errors       int
);
GRANT SELECT, INSERT, UPDATE ON opendata_auto_run TO vallamaja_app;
