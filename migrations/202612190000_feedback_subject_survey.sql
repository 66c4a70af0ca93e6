-- Subject surveys (module feedback; issue 14, a training contact day's survey): the feedback survey
-- (satisfaction 1–5, ease 1–5, what went well / did not, a comment) about a "subject" other than a
-- catalogue service. The caller (another module, through feedback's index.ts) names the subject by a
-- kind ('training-day') and its id, and decides in its own transaction who may answer.
--
-- Platform table, no kov_code (like training's platform tables): a subject is not a KOV's.
--
--   feedback_subject_answer  one answer per respondent and subject; a new answer replaces the old
--                            (upsert on the unique key). respondent_key is an opaque key given by the
--                            caller (training: a hash of the keyed ID-code hash), never an ID code.
--                            ease is NULL only on rows moved from training_day_feedback (migration
--                            202612190001; the CHECK added NOT VALID by 202612190002 holds every
--                            answer written since). The comment is not moderated: it is shown only to
--                            the subject's organisers (training: the coordinator and the group's trainers).

CREATE TABLE feedback_subject_answer (
  id              uuid PRIMARY KEY,
  subject_kind    text NOT NULL CHECK (subject_kind ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(subject_kind) <= 40),
  subject_id      uuid NOT NULL,
  respondent_key  text NOT NULL CHECK (respondent_key ~ '^[A-Za-z0-9._:-]{16,128}$'),
  satisfaction    smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  ease            smallint CHECK (ease BETWEEN 1 AND 5),
  went_well       text[] NOT NULL DEFAULT '{}',
  went_badly      text[] NOT NULL DEFAULT '{}',
  comment         text CHECK (length(comment) <= 2000),
  lang            text NOT NULL DEFAULT 'et' CHECK (lang IN ('et', 'en', 'ru')),
  answered_at     timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (subject_kind, subject_id, respondent_key)
);
-- what a respondent has answered (a participant's own page)
CREATE INDEX feedback_subject_answer_respondent ON feedback_subject_answer (subject_kind, respondent_key);
GRANT SELECT, INSERT, UPDATE ON feedback_subject_answer TO vallamaja_app;
