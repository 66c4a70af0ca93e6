-- Participatory budgets: implementation tracking (issue 11). An idea has a row in
-- budgets_implementation exactly when it was funded (the committee's certified winners, or an admin's
-- override); a winner removed by an override keeps its row with status 'cancelled' and the reason.
-- Officials post updates (new status, the amount spent so far, a text in Estonian, photos); the public
-- follows them on a map of funded ideas. Sums are whole euros; times UTC.

--   status   planned | design | procurement | construction | done | cancelled
--   amount   the budgeted sum (the cost the winner rule counted, or the override's)
--   spent    spent so far (the latest update's figure)
--   source   rule (certified winners) | override (an admin's recorded override)
CREATE TABLE budgets_implementation (
  idea_id        uuid PRIMARY KEY REFERENCES budgets_idea(id),
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  process_id     uuid NOT NULL REFERENCES budgets_process(id),
  status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'design', 'procurement', 'construction', 'done', 'cancelled')),
  amount         bigint NOT NULL CHECK (amount > 0),
  spent          bigint NOT NULL DEFAULT 0 CHECK (spent >= 0),
  source         text NOT NULL CHECK (source IN ('rule', 'override')),
  cancel_reason  text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 2000),
  funded_at      timestamptz NOT NULL DEFAULT core_now(),
  updated_at     timestamptz NOT NULL DEFAULT core_now(),
  CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
SELECT core_tenant_table('budgets_implementation', 'SELECT, INSERT, UPDATE');
CREATE INDEX budgets_implementation_process ON budgets_implementation (process_id);

-- The history of an implementation, newest last: an official's update, the cancellation by an
-- override (status_after 'cancelled', text the reason), or funding again after one. author_name: the
-- official's name as the audit log has it (officials act in public).
CREATE TABLE budgets_impl_update (
  id            uuid PRIMARY KEY,
  idea_id       uuid NOT NULL REFERENCES budgets_implementation(idea_id),
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  status_after  text NOT NULL CHECK (status_after IN ('planned', 'design', 'procurement', 'construction', 'done', 'cancelled')),
  spent_after   bigint NOT NULL CHECK (spent_after >= 0),
  text          text NOT NULL CHECK (text <> '' AND length(text) <= 4000),
  author_name   text NOT NULL CHECK (length(author_name) <= 300),
  created_at    timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('budgets_impl_update', 'SELECT, INSERT');
CREATE INDEX budgets_impl_update_idea ON budgets_impl_update (idea_id, created_at);

-- Photos of an update (the reports module's photo pipeline, as the ideas' photos: EXIF stripped, resized).
CREATE TABLE budgets_impl_photo (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  update_id   uuid NOT NULL REFERENCES budgets_impl_update(id),
  ordinal     int NOT NULL DEFAULT 0,
  mime        text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  width       int NOT NULL,
  height      int NOT NULL,
  bytes       bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('budgets_impl_photo', 'SELECT, INSERT');
CREATE INDEX budgets_impl_photo_update ON budgets_impl_photo (update_id, ordinal);
