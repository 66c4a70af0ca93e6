-- Voting core (VOTING.md, protocol v1): votes, the frozen roll, the current ballot per voter,
-- participation (who voted, kept apart from what was voted), the shuffled board entries after close,
-- committee partial decryptions, the published board, and certification.
--
-- Secrecy by design:
--   * voting_ballot holds ONE row per (vote, voter): the ballot that currently counts. It has no
--     timestamp and no global sequence; `n` is that voter's own cast counter (guards re-votes).
--     At close every row is copied, in a random order, to voting_entry (no voter, seq = position in
--     the shuffle) and deleted, so no link between a person and a ciphertext survives the close.
--   * voting_participation says who voted (and when); it never holds a ciphertext or tracker.
--   * The election key's secret and the members' shares are never stored: only the commitments.

CREATE TABLE voting_vote (
  id              uuid PRIMARY KEY,
  kov_code        text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  title           jsonb NOT NULL,
  questions       jsonb NOT NULL,
  revote          boolean NOT NULL,
  opens_at        timestamptz NOT NULL,
  closes_at       timestamptz NOT NULL CHECK (closes_at > opens_at),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'published', 'certified')),
  threshold       int,
  members         int,
  commitments     text[],
  roll_size       int NOT NULL DEFAULT 0,
  sums            jsonb,
  turnout         int,
  board           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  opened_at       timestamptz,
  closed_at       timestamptz,
  published_at    timestamptz,
  certified_at    timestamptz
);
CREATE INDEX voting_vote_kov ON voting_vote (kov_code, created_at DESC);
CREATE INDEX voting_vote_published ON voting_vote (published_at) WHERE board IS NOT NULL;

-- The roll snapshot: frozen when the vote opens.
CREATE TABLE voting_roll (
  vote_id     uuid NOT NULL REFERENCES voting_vote(id),
  voter_hash  text NOT NULL,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  unit_code   text NOT NULL,
  birth_date  date NOT NULL,
  PRIMARY KEY (vote_id, voter_hash)
);

-- The ballot that counts now, one per voter; deleted at close.
CREATE TABLE voting_ballot (
  vote_id     uuid NOT NULL REFERENCES voting_vote(id),
  voter_hash  text NOT NULL,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  kind        text NOT NULL CHECK (kind IN ('e', 'paper')),
  n           int NOT NULL,
  tracker     text NOT NULL,
  ct          bytea NOT NULL,
  PRIMARY KEY (vote_id, voter_hash)
);

-- Who took part (never what): for turnout and for the voter's own "you have voted".
CREATE TABLE voting_participation (
  vote_id     uuid NOT NULL REFERENCES voting_vote(id),
  voter_hash  text NOT NULL,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  kind        text NOT NULL CHECK (kind IN ('e', 'paper')),
  casts       int NOT NULL,
  first_at    timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (vote_id, voter_hash)
);

-- The counted ballots after close, in shuffled order (seq = board position), without voters.
CREATE TABLE voting_entry (
  vote_id   uuid NOT NULL REFERENCES voting_vote(id),
  seq       int NOT NULL,
  kov_code  text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  kind      text NOT NULL CHECK (kind IN ('e', 'paper')),
  tracker   text NOT NULL,
  ct        bytea NOT NULL,
  PRIMARY KEY (vote_id, seq)
);
CREATE INDEX voting_entry_tracker ON voting_entry (vote_id, tracker);

-- Committee members' partial decryptions of the sums, with proofs (the share itself never stored).
CREATE TABLE voting_decryption (
  vote_id       uuid NOT NULL REFERENCES voting_vote(id),
  member        int NOT NULL,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  shares        jsonb NOT NULL,
  proofs        jsonb NOT NULL,
  submitted_by  text,
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vote_id, member)
);

-- Committee sign-off of the published result.
CREATE TABLE voting_certification (
  vote_id       uuid NOT NULL REFERENCES voting_vote(id),
  person_id     text NOT NULL,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  person_name   text NOT NULL,
  certified_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vote_id, person_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['voting_vote', 'voting_roll', 'voting_ballot', 'voting_participation', 'voting_entry',
                           'voting_decryption', 'voting_certification'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I USING (kov_code = current_setting('vallamaja.kov', true))
                     WITH CHECK (kov_code = current_setting('vallamaja.kov', true))$p$, t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON voting_vote TO vallamaja_app;
GRANT SELECT, INSERT, DELETE ON voting_roll TO vallamaja_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON voting_ballot TO vallamaja_app;
GRANT SELECT, INSERT, UPDATE ON voting_participation TO vallamaja_app;
GRANT SELECT, INSERT ON voting_entry TO vallamaja_app;
GRANT SELECT, INSERT ON voting_decryption TO vallamaja_app;
GRANT SELECT, INSERT ON voting_certification TO vallamaja_app;
