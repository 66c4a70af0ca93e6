-- moves rows to: feedback_subject_answer
-- A training contact day's survey is now the feedback module's subject survey (issue 14; migration
-- 202612190000_feedback_subject_survey.sql): every answer of training_day_feedback moves into
-- feedback_subject_answer as subject 'training-day' (subject_id = the day's id), with the same
-- respondent key (a hash of the keyed ID-code hash), satisfaction, comment ('' becomes NULL) and time.
-- The old survey asked no ease and no drivers: ease NULL, no drivers; lang 'et' (the form's language
-- was not kept). Then training_day_feedback goes.
-- The line `-- moves rows to: feedback_subject_answer` is the module contract's narrow exception
-- (test/contract/rules.ts): this file may name feedback_subject_answer only as the target of INSERT INTO.
INSERT INTO feedback_subject_answer (id, subject_kind, subject_id, respondent_key, satisfaction, ease, went_well, went_badly, comment, lang, answered_at)
SELECT gen_random_uuid(), 'training-day', day_id, respondent_key, satisfaction, NULL, '{}', '{}', NULLIF(comment, ''), 'et', at FROM training_day_feedback;

DROP TABLE training_day_feedback;
