-- The committee of a poll, named by the KOV admin when the poll is created (issue 9, item 1): one row
-- per member, who is found by the keyed hash of her personal ID code (as role grants are) and shown
-- to the admin by its last four digits only. At publication the member's key share is sealed into
-- her row (AES-256-GCM under a key derived from the server secret, bound to the poll, the member
-- number and the KOV); when she signs in and picks it up, the sealed share is cleared in the same
-- transaction that shows it to her (the CHECK below: never a share and a pick-up time together).
--
--   member          1 … n: her share's index (the x of the Shamir share) and the number she is
--                   asked for when she brings the share at close
--   share_sealed    iv ‖ ciphertext ‖ tag, from dealing until pick-up; NULL before and after
--   dealt_at        when the key was dealt (publication)
--   picked_up_at    when she picked it up (the audit log says the same, with her name)

CREATE TABLE polls_member (
  poll_id       uuid NOT NULL REFERENCES polls_poll(id),
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  member        int NOT NULL CHECK (member BETWEEN 1 AND 50),
  idcode_hash   text NOT NULL,
  idcode_hint   text NOT NULL,
  share_sealed  bytea,
  dealt_at      timestamptz,
  picked_up_at  timestamptz,
  PRIMARY KEY (poll_id, member),
  UNIQUE (poll_id, idcode_hash),
  CHECK (share_sealed IS NULL OR picked_up_at IS NULL)
);
CREATE INDEX polls_member_hash ON polls_member (idcode_hash);

SELECT core_tenant_table('polls_member', 'SELECT, INSERT, UPDATE');
