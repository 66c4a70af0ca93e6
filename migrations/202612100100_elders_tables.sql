-- Village elder elections (külavanem, issue 11 item 2): a vote of the voting core per election, plus
-- the election's own settings, candidates, committee and the elders it made. Tenant data (RLS by kov_code).
--
--   elders_election   one row per election (or run-off round: runoff_of names the election it
--                     continues): the settlement units, the nomination and voting windows, the candidate
--                     and voter requirements, the tie rule, the term, the committee size; vote_id once
--                     the admin confirms the candidate list; the outcome once certified (winner, the
--                     public draw that broke a tie, or the run-off it went to).
--   elders_candidate  a nominated person (found by the keyed hash of her ID code; her name from the
--                     residents register), who nominated her, and when she consented.
--   elders_member     the committee, as polls_member: keyed hash, last-4 hint, the sealed key share
--                     until she picks it up.
--   elders_elder      the elders the elections made: the units, the term (dates, Europe/Tallinn).

CREATE TABLE elders_election (
  id                 uuid PRIMARY KEY,
  kov_code           text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  title              jsonb NOT NULL,
  units              text[] NOT NULL CHECK (cardinality(units) BETWEEN 1 AND 50),
  nomination_opens   timestamptz NOT NULL,
  nomination_closes  timestamptz NOT NULL CHECK (nomination_closes > nomination_opens),
  voting_opens       timestamptz NOT NULL CHECK (voting_opens >= nomination_closes),
  voting_closes      timestamptz NOT NULL CHECK (voting_closes > voting_opens),
  candidate_min_age  int NOT NULL CHECK (candidate_min_age BETWEEN 0 AND 130),
  candidate_resident boolean NOT NULL,
  voter_min_age      int NOT NULL CHECK (voter_min_age BETWEEN 0 AND 130),
  extra_list         text,
  tie_rule           text NOT NULL CHECK (tie_rule IN ('lot', 'runoff')),
  term_years         int NOT NULL CHECK (term_years BETWEEN 1 AND 10),
  threshold          int NOT NULL CHECK (threshold >= 1),
  members            int NOT NULL CHECK (members >= threshold AND members <= 50),
  runoff_of          uuid REFERENCES elders_election(id),
  vote_id            uuid UNIQUE,
  confirmed_at       timestamptz,
  outcome            jsonb,
  -- the public seed of a tie's draw: SHA-256 of the published board document (anyone can fetch the board and hash it)
  seed               text,
  created_at         timestamptz NOT NULL DEFAULT core_now(),
  created_by         text
);
CREATE INDEX elders_election_kov ON elders_election (kov_code, created_at DESC);
SELECT core_tenant_table('elders_election', 'SELECT, INSERT, UPDATE');

CREATE TABLE elders_candidate (
  id              uuid PRIMARY KEY,
  election_id     uuid NOT NULL REFERENCES elders_election(id),
  kov_code        text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  idcode_hash     text NOT NULL,
  name            text NOT NULL,
  unit_code       text,
  nominated_by    text NOT NULL,
  statement       text NOT NULL DEFAULT '' CHECK (length(statement) <= 2000),
  consented_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (election_id, idcode_hash)
);
CREATE INDEX elders_candidate_hash ON elders_candidate (idcode_hash);
SELECT core_tenant_table('elders_candidate', 'SELECT, INSERT, UPDATE');

CREATE TABLE elders_member (
  election_id   uuid NOT NULL REFERENCES elders_election(id),
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  member        int NOT NULL CHECK (member BETWEEN 1 AND 50),
  idcode_hash   text NOT NULL,
  idcode_hint   text NOT NULL,
  share_sealed  bytea,
  dealt_at      timestamptz,
  picked_up_at  timestamptz,
  PRIMARY KEY (election_id, member),
  UNIQUE (election_id, idcode_hash),
  CHECK (share_sealed IS NULL OR picked_up_at IS NULL)
);
CREATE INDEX elders_member_hash ON elders_member (idcode_hash);
SELECT core_tenant_table('elders_member', 'SELECT, INSERT, UPDATE');

CREATE TABLE elders_elder (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  election_id   uuid NOT NULL REFERENCES elders_election(id),
  candidate_id  uuid NOT NULL REFERENCES elders_candidate(id),
  name          text NOT NULL,
  units         text[] NOT NULL,
  term_start    date NOT NULL,
  term_end      date NOT NULL CHECK (term_end >= term_start),
  created_at    timestamptz NOT NULL DEFAULT core_now()
);
CREATE INDEX elders_elder_kov ON elders_elder (kov_code, term_end DESC);
SELECT core_tenant_table('elders_elder', 'SELECT, INSERT, UPDATE');
