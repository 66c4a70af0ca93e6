-- The vote of a participatory budget (issue 11): the process's vote on the voting core, its committee
-- size (members in voting_committee, owner = the process), the board's SHA-256 as the public seed of
-- the winners' draws, and the results: the winners as computed by the rule, certified by the committee,
-- and the admins' published overrides with their reasons.
ALTER TABLE budgets_process
  ADD COLUMN vote_id uuid,
  ADD COLUMN vote_threshold int CHECK (vote_threshold IS NULL OR vote_threshold BETWEEN 1 AND 50),
  ADD COLUMN vote_members int CHECK (vote_members IS NULL OR vote_members BETWEEN 1 AND 50),
  ADD COLUMN seed text CHECK (seed IS NULL OR seed ~ '^[0-9a-f]{64}$');

-- The winners of a process as its rule computed them from the certified count (WinnersResult as JSON,
-- money in cents), kept once computed.
CREATE TABLE budgets_result (
  process_id   uuid PRIMARY KEY REFERENCES budgets_process(id),
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  result       jsonb NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('budgets_result', 'SELECT, INSERT');

-- An override of the computed winners recorded by an admin: fund an idea that did not win, or not
-- fund a winner; the reason is published on the results page and in the protocol.
CREATE TABLE budgets_override (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  process_id   uuid NOT NULL REFERENCES budgets_process(id),
  idea_id      uuid NOT NULL REFERENCES budgets_idea(id),
  action       text NOT NULL CHECK (action IN ('fund', 'unfund')),
  reason       text NOT NULL CHECK (reason <> '' AND length(reason) <= 2000),
  actor_name   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('budgets_override', 'SELECT, INSERT');
CREATE INDEX budgets_override_process ON budgets_override (process_id, created_at);
