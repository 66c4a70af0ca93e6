-- Satisfaction survey (issue 13, module feedback; the survey side). Tenant data (RLS by kov_code).
-- One survey for every service and KOV (GSA A-11 style): satisfaction 1–5, ease 1–5, what went well
-- and what did not (driver codes of src/modules/feedback/model.ts) and an optional comment.
--
--   feedback_answer   one answer. Anonymous: no person, no address, no session is stored; `lang` is
--                     the language the form was shown in. service_id names a service of module
--                     `services` (no foreign key across modules). The comment is moderated:
--                     'none' (no comment), 'pending' until a moderator approves or rejects it,
--                     'redacted' when its text was removed on request (comment set NULL, the scores
--                     kept). Only 'approved' comment text is ever shown beyond the moderators.
--   feedback_invite   a one-time invite sent by a KOV system (API) at the end of a transaction: the
--                     token's SHA-256 only; answered once (answered_at, answer_id set in the same
--                     transaction as the answer).

CREATE TABLE feedback_answer (
  id             uuid PRIMARY KEY,
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id     uuid NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('link', 'qr', 'widget', 'form', 'api')),
  invite_id      uuid,
  satisfaction   smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  ease           smallint NOT NULL CHECK (ease BETWEEN 1 AND 5),
  went_well      text[] NOT NULL DEFAULT '{}',
  went_badly     text[] NOT NULL DEFAULT '{}',
  comment        text CHECK (length(comment) <= 2000),
  comment_state  text NOT NULL DEFAULT 'none' CHECK (comment_state IN ('none', 'pending', 'approved', 'rejected', 'redacted')),
  lang           text NOT NULL DEFAULT 'et' CHECK (lang IN ('et', 'en', 'ru')),
  answered_at    timestamptz NOT NULL,
  moderated_at   timestamptz,
  CHECK ((comment IS NULL) = (comment_state IN ('none', 'redacted')))
);
CREATE INDEX feedback_answer_service ON feedback_answer (kov_code, service_id, answered_at);
-- the moderators' queue: pending comments of a KOV, oldest first
CREATE INDEX feedback_answer_pending ON feedback_answer (kov_code, answered_at) WHERE comment_state = 'pending';
CREATE UNIQUE INDEX feedback_answer_invite ON feedback_answer (invite_id) WHERE invite_id IS NOT NULL;
SELECT core_tenant_table('feedback_answer', 'SELECT, INSERT, UPDATE');

CREATE TABLE feedback_invite (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id    uuid NOT NULL,
  token_hash    bytea NOT NULL UNIQUE,
  reference     text CHECK (length(reference) <= 200),
  mailed        boolean NOT NULL DEFAULT false,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT core_now(),
  expires_at    timestamptz NOT NULL,
  answered_at   timestamptz,
  answer_id     uuid
);
CREATE INDEX feedback_invite_service ON feedback_invite (kov_code, service_id, created_at);
SELECT core_tenant_table('feedback_invite', 'SELECT, INSERT, UPDATE');
