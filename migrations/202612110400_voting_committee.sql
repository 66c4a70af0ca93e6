-- A vote's committee kept by the voting core (issue 11): the members named by a module for one of its
-- objects (owner_id: a budget process now; polls and elders still keep their own polls_member /
-- elders_member and can move here), as a keyed hash of the personal ID code and its last-4 hint; the
-- member's key share sealed into her row (voting/seal.ts) from the deal until she picks it up once.
CREATE TABLE voting_committee (
  owner_id      uuid NOT NULL,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  member        int NOT NULL CHECK (member BETWEEN 1 AND 50),
  idcode_hash   text NOT NULL,
  idcode_hint   text NOT NULL,
  share_sealed  bytea,
  dealt_at      timestamptz,
  picked_up_at  timestamptz,
  PRIMARY KEY (owner_id, member),
  UNIQUE (owner_id, idcode_hash),
  CHECK (share_sealed IS NULL OR picked_up_at IS NULL)
);
CREATE INDEX voting_committee_hash ON voting_committee (kov_code, idcode_hash);
SELECT core_tenant_table('voting_committee', 'SELECT, INSERT, UPDATE, DELETE');
