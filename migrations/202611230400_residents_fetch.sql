-- X-tee fetches of a KOV's register (RR417) run in the background: the officials' page and the API
-- start one and come back for its progress. One row per fetch: its state, how much of the answer
-- has arrived, and the outcome (the import's batch, or why it failed). At most one fetch per KOV
-- runs at a time; one whose process died stops updating and is treated as interrupted.
CREATE TABLE residents_fetch (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  on_date          date NOT NULL,
  accept_good_rows boolean NOT NULL DEFAULT false,
  -- running → imported | rejected (bad rows) | failed (X-tee or the import failed; message says
  -- why) | interrupted (its process stopped reporting: it died or was stopped)
  state            text NOT NULL CHECK (state IN ('running', 'imported', 'rejected', 'failed', 'interrupted')),
  people           integer NOT NULL DEFAULT 0,
  bad              integer NOT NULL DEFAULT 0,
  bytes            bigint NOT NULL DEFAULT 0,
  not_living       integer NOT NULL DEFAULT 0,
  rows_imported    integer NOT NULL DEFAULT 0,
  batch_id         uuid REFERENCES residents_batch (id),
  -- why it failed; never an ID code
  message          text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  actor_kind       text NOT NULL,
  actor_name       text NOT NULL
);
CREATE UNIQUE INDEX residents_fetch_one_running ON residents_fetch (kov_code) WHERE state = 'running';
CREATE INDEX residents_fetch_kov ON residents_fetch (kov_code, started_at DESC);
ALTER TABLE residents_fetch ENABLE ROW LEVEL SECURITY;
CREATE POLICY residents_fetch_tenant ON residents_fetch
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON residents_fetch TO vallamaja_app;
