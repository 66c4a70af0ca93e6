-- The kernel's job queue on the embedded database (PGlite, one process): src/kernel/jobs-embedded.ts.
-- On PostgreSQL the jobs live in pg-boss's own schema (pgboss, installed by pg-boss itself) and this
-- table stays empty. One row per job, in the same states as pg-boss:
--   created → active → completed
--                    → retry (an attempt failed, attempts are left: runs again from run_after)
--                    → failed (the dead letter: every attempt failed; a platform admin may retry it)
--   cancelled (taken back before it ran)
-- A platform table: no kov_code, and no grant to vallamaja_app, so a tenant transaction cannot see
-- or touch it; the kernel reaches it with db.system only.
CREATE TABLE core_job (
  id              uuid PRIMARY KEY,
  -- the job's kind, '<module>.<what>' (residents.xtee-fetch)
  name            text NOT NULL,
  -- what the handler needs to find its work (ids, never a personal ID code)
  payload         jsonb NOT NULL DEFAULT '{}'::jsonb,
  state           text NOT NULL DEFAULT 'created'
                  CHECK (state IN ('created', 'retry', 'active', 'completed', 'failed', 'cancelled')),
  -- attempts started so far
  attempts        integer NOT NULL DEFAULT 0,
  -- attempts after the first one (a retry from the admin page adds one)
  retry_limit     integer NOT NULL CHECK (retry_limit >= 0),
  -- seconds before the next attempt; with backoff, doubled for each attempt made (with jitter)
  retry_delay     integer NOT NULL CHECK (retry_delay >= 0),
  retry_backoff   boolean NOT NULL DEFAULT false,
  retry_delay_max integer,
  -- an attempt running longer than this has failed
  expire_seconds  integer NOT NULL CHECK (expire_seconds >= 1),
  run_after       timestamptz NOT NULL DEFAULT core_now(),
  created_at      timestamptz NOT NULL DEFAULT core_now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  -- the runner holding it while it is active (a runner that is gone left it behind)
  runner          text,
  -- why the last attempt failed (the message only, personal ID codes masked)
  last_error      text
);
CREATE INDEX core_job_due ON core_job (run_after) WHERE state IN ('created', 'retry');
CREATE INDEX core_job_name_state ON core_job (name, state);
CREATE INDEX core_job_finished ON core_job (finished_at) WHERE finished_at IS NOT NULL;
