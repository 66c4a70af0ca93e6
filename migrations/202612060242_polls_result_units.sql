-- The names of the settlement units a certified poll's turnout table shows, as they were at
-- certification: the certified page no longer reads the residents register on every request.
ALTER TABLE polls_poll ADD COLUMN result_units jsonb;
