-- Open data (issue 14, item 3; module opendata): each KOV's register of datasets with DCAT-AP 3
-- metadata, their distributions, and the publication workflow. docs/opendata.md.
--
--   opendata_dataset       a KOV's dataset: status (draft → reviewed → published, published → withdrawn
--                          or back to draft), the DCAT-AP metadata (jsonb, model.ts DatasetMeta), who
--                          edited it last (the reviewer must be someone else), who reviewed and when,
--                          issued (first publication, kept) and modified.
--   opendata_distribution  a dataset's distributions: an uploaded file (bytes here, bytea), a link, or
--                          an API endpoint; in the order they were added.

CREATE TABLE opendata_dataset (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reviewed', 'published', 'withdrawn')),
  meta             jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT core_now(),
  updated_at       timestamptz NOT NULL DEFAULT core_now(),
  edited_by_id     text,
  edited_by        text NOT NULL,
  reviewed_by_id   text,
  reviewed_by      text,
  reviewed_at      timestamptz,
  issued           timestamptz,
  published_at     timestamptz,
  withdrawn_at     timestamptz
);
CREATE INDEX opendata_dataset_kov ON opendata_dataset (kov_code, status);
SELECT core_tenant_table('opendata_dataset', 'SELECT, INSERT, UPDATE');

CREATE TABLE opendata_distribution (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  dataset_id  uuid NOT NULL REFERENCES opendata_dataset(id),
  kind        text NOT NULL CHECK (kind IN ('file', 'link', 'api')),
  title       jsonb NOT NULL,
  url         text CHECK (url IS NULL OR url ~ '^https?://'),
  media_type  text,
  format      text,
  file_name   text CHECK (file_name IS NULL OR length(file_name) BETWEEN 1 AND 200),
  bytes       int CHECK (bytes IS NULL OR bytes >= 0),
  sha256      text,
  data        bytea,
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  created_by  text NOT NULL,
  CHECK ((kind = 'file') = (data IS NOT NULL)),
  CHECK (kind = 'file' OR url IS NOT NULL)
);
CREATE INDEX opendata_distribution_dataset ON opendata_distribution (kov_code, dataset_id, created_at);
SELECT core_tenant_table('opendata_distribution', 'SELECT, INSERT, DELETE');
