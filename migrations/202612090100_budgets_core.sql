-- Participatory budgets (kaasav eelarve, issue 11): a KOV's processes, their areas, residents' ideas,
-- their authors and photos. Every table is tenant data (row-level security by kov_code). Sums are
-- whole euros. Times are UTC (timestamptz).

-- A process: its phases start at the given times, in order (ideas → review → voting → results →
-- implementation); the current phase is derived from the kernel clock, never stored.
--   submit_scope / vote_scope   anyone (signed in) | kov (in the KOV's residents register) | area
--                               (registered in a settlement unit of the idea's / ballot's area)
--   ballot_kind                 count: up to ballot_max ideas | budget: ideas whose costs fit the area's budget
--   ballot_areas                one: a ballot names ideas of one area only | every: one ballot per area
--   winner_rule                 greedy (by votes, skipping ideas that do not fit) | equal_shares
CREATE TABLE budgets_process (
  id                   uuid PRIMARY KEY,
  kov_code             text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  title_et             text NOT NULL CHECK (title_et <> '' AND length(title_et) <= 200),
  title_en             text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  title_ru             text NOT NULL DEFAULT '' CHECK (length(title_ru) <= 200),
  description          text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  ideas_from           timestamptz NOT NULL,
  review_from          timestamptz NOT NULL,
  voting_from          timestamptz NOT NULL,
  results_from         timestamptz NOT NULL,
  implementation_from  timestamptz NOT NULL,
  total_budget         bigint NOT NULL CHECK (total_budget > 0),
  max_idea_cost        bigint CHECK (max_idea_cost IS NULL OR max_idea_cost > 0),
  submit_min_age       int NOT NULL DEFAULT 0 CHECK (submit_min_age BETWEEN 0 AND 130),
  submit_scope         text NOT NULL DEFAULT 'kov' CHECK (submit_scope IN ('anyone', 'kov', 'area')),
  vote_min_age         int NOT NULL DEFAULT 14 CHECK (vote_min_age BETWEEN 0 AND 130),
  vote_scope           text NOT NULL DEFAULT 'kov' CHECK (vote_scope IN ('anyone', 'kov', 'area')),
  ballot_kind          text NOT NULL CHECK (ballot_kind IN ('count', 'budget')),
  ballot_max           int CHECK (ballot_max IS NULL OR ballot_max BETWEEN 1 AND 50),
  ballot_areas         text NOT NULL CHECK (ballot_areas IN ('one', 'every')),
  winner_rule          text NOT NULL CHECK (winner_rule IN ('greedy', 'equal_shares')),
  created_at           timestamptz NOT NULL DEFAULT core_now(),
  updated_at           timestamptz NOT NULL DEFAULT core_now(),
  CHECK (ideas_from < review_from AND review_from < voting_from AND voting_from < results_from AND results_from < implementation_from),
  CHECK (ballot_kind <> 'count' OR ballot_max IS NOT NULL)
);
SELECT core_tenant_table('budgets_process', 'SELECT, INSERT, UPDATE');
CREATE INDEX budgets_process_kov ON budgets_process (kov_code, ideas_from DESC);

-- An area of a process (e.g. a city district) with its own budget; optionally the EHAK settlement
-- units it covers (for area eligibility); min_voters: its result is valid only with this many voters.
CREATE TABLE budgets_area (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  process_id   uuid NOT NULL REFERENCES budgets_process(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  budget       bigint NOT NULL CHECK (budget > 0),
  unit_codes   text[] NOT NULL DEFAULT '{}',
  min_voters   int CHECK (min_voters IS NULL OR min_voters > 0),
  sort         int NOT NULL DEFAULT 0,
  UNIQUE (process_id, name)
);
SELECT core_tenant_table('budgets_area', 'SELECT, INSERT, UPDATE, DELETE');

-- A resident's idea. number: 1, 2, … per process (the idea's address).
--   status        submitted (not yet reviewed: only its authors and officials see it) | published |
--                 rejected (reject_reason shown to the authors) | merged (into merged_into, which
--                 keeps every author)
--   feasibility   unknown | feasible | infeasible (the officials' assessment; official_cost their estimate)
--   on the ballot: published and feasible
CREATE TABLE budgets_idea (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  process_id       uuid NOT NULL REFERENCES budgets_process(id),
  number           int NOT NULL CHECK (number > 0),
  area_id          uuid REFERENCES budgets_area(id),
  title            text NOT NULL CHECK (title <> '' AND length(title) <= 200),
  description      text NOT NULL CHECK (description <> '' AND length(description) <= 4000),
  category         text NOT NULL,
  lat              double precision CHECK (lat BETWEEN 57.3 AND 59.9),
  lon              double precision CHECK (lon BETWEEN 21.5 AND 28.3),
  estimated_cost   bigint NOT NULL CHECK (estimated_cost > 0),
  status           text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'published', 'rejected', 'merged')),
  reject_reason    text CHECK (reject_reason IS NULL OR length(reject_reason) <= 2000),
  merged_into      uuid REFERENCES budgets_idea(id),
  feasibility      text NOT NULL DEFAULT 'unknown' CHECK (feasibility IN ('unknown', 'feasible', 'infeasible')),
  feasibility_note text CHECK (feasibility_note IS NULL OR length(feasibility_note) <= 2000),
  official_cost    bigint CHECK (official_cost IS NULL OR official_cost > 0),
  created_at       timestamptz NOT NULL DEFAULT core_now(),
  updated_at       timestamptz NOT NULL DEFAULT core_now(),
  reviewed_at      timestamptz,
  UNIQUE (process_id, number),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
SELECT core_tenant_table('budgets_idea', 'SELECT, INSERT, UPDATE');
CREATE INDEX budgets_idea_process ON budgets_idea (process_id, number);

-- The authors of an idea (a merged idea keeps all of them): found by the keyed hash of the personal
-- ID code; only the first name is ever shown; email: where a rejection is mailed (optional).
CREATE TABLE budgets_author (
  idea_id      uuid NOT NULL REFERENCES budgets_idea(id),
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  idcode_hash  text NOT NULL,
  given_name   text NOT NULL,
  email        text CHECK (email IS NULL OR length(email) <= 254),
  lang         text NOT NULL DEFAULT 'et' CHECK (lang IN ('et', 'en', 'ru')),
  PRIMARY KEY (idea_id, idcode_hash)
);
SELECT core_tenant_table('budgets_author', 'SELECT, INSERT, UPDATE');
CREATE INDEX budgets_author_person ON budgets_author (kov_code, idcode_hash);

-- Photos of an idea (processed by the reports module's photo pipeline: EXIF stripped, resized).
CREATE TABLE budgets_photo (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  idea_id     uuid NOT NULL REFERENCES budgets_idea(id),
  ordinal     int NOT NULL DEFAULT 0,
  mime        text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  width       int NOT NULL,
  height      int NOT NULL,
  bytes       bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('budgets_photo', 'SELECT, INSERT, DELETE');
CREATE INDEX budgets_photo_idea ON budgets_photo (idea_id, ordinal);
