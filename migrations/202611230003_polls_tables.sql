-- Polls and local referendums (rahvaküsitlus): the poll's own metadata on top of a vote of the voting
-- core (which holds the questions, window, roll, ballots, board and certification).
--
--   polls_poll   one row per poll: its vote, description, eligibility rules (as set by the KOV admin)
--                and committee size, and when it was published (roll frozen, key dealt, vote opened).
--   polls_voter  who is on the poll's roll (a copy of the roll's membership made at publish, so that a
--                resident's list of polls is one indexed read) and how many times she has cast: the
--                ballot page uses it to say that a new ballot replaces the earlier one. Never what she
--                voted: ballots live only in the voting core.

CREATE TABLE polls_poll (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  vote_id       uuid NOT NULL UNIQUE,
  description   jsonb NOT NULL,
  rules         jsonb NOT NULL,
  threshold     int NOT NULL CHECK (threshold >= 1),
  members       int NOT NULL CHECK (members >= threshold AND members <= 50),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text,
  published_at  timestamptz,
  published_by  text,
  -- committee members whose partial decryption the voting core has accepted (for the share forms)
  decrypted     int[] NOT NULL DEFAULT '{}'
);
CREATE INDEX polls_poll_kov ON polls_poll (kov_code, created_at DESC);

CREATE TABLE polls_voter (
  poll_id     uuid NOT NULL REFERENCES polls_poll(id),
  voter_hash  text NOT NULL,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  casts       int NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, voter_hash)
);
CREATE INDEX polls_voter_hash ON polls_voter (voter_hash);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['polls_poll', 'polls_voter'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I USING (kov_code = current_setting('vallamaja.kov', true))
                     WITH CHECK (kov_code = current_setting('vallamaja.kov', true))$p$, t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON polls_poll TO vallamaja_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON polls_voter TO vallamaja_app;
