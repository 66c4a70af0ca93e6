-- A certified result never changes: its results and turnout tables (and the protocol PDF per
-- language) are computed once, at certification, and served from here with validators (ETag).
-- A later sign-off by another committee member rewrites the row (the signatures are part of it)
-- and drops the stored PDFs, which are made again.
CREATE TABLE voting_result (
  vote_id     uuid PRIMARY KEY REFERENCES voting_vote(id),
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  results     text NOT NULL,
  etag        text NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('voting_result', 'SELECT, INSERT, UPDATE');

CREATE TABLE voting_result_pdf (
  vote_id     uuid NOT NULL REFERENCES voting_vote(id),
  locale      text NOT NULL CHECK (locale IN ('et', 'en', 'ru')),
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  pdf         bytea NOT NULL,
  etag        text NOT NULL,
  PRIMARY KEY (vote_id, locale)
);
SELECT core_tenant_table('voting_result_pdf', 'SELECT, INSERT, UPDATE, DELETE');
