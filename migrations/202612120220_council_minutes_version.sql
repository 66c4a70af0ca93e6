-- The minutes' edit history (issue 12, council record part): every saved text of a sitting's minutes,
-- numbered per sitting, with who saved it and when. council_minutes holds the current text and the
-- chair's sign-off; once signed, no version is added (the minutes are frozen).
CREATE TABLE council_minutes_version (
  sitting_id  uuid NOT NULL REFERENCES council_sitting(id),
  version     int NOT NULL CHECK (version >= 1),
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  text        text NOT NULL CHECK (length(text) <= 200000),
  edited_at   timestamptz NOT NULL DEFAULT core_now(),
  edited_by   text,
  PRIMARY KEY (sitting_id, version)
);
SELECT core_tenant_table('council_minutes_version', 'SELECT, INSERT');
