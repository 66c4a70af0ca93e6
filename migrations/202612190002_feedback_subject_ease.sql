-- Every subject-survey answer written from now on has its ease (1–5). NOT VALID: the rows moved from
-- training_day_feedback (202612190001; that survey asked no ease) keep their NULL, while every insert
-- and update is checked (an upsert over a moved row writes its ease too).
ALTER TABLE feedback_subject_answer ADD CONSTRAINT feedback_subject_answer_ease CHECK (ease IS NOT NULL) NOT VALID;
