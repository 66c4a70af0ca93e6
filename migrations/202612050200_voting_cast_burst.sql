-- A person's casts in one vote are limited to a burst (by default 20 a minute) inside the cast
-- statement itself: the ballot row remembers when its current burst began and how many casts it
-- holds. The row lock of the cast's upsert makes the count exact across every app process, and it
-- costs no statement or write of its own.
ALTER TABLE voting_ballot ADD COLUMN burst_at timestamptz NOT NULL DEFAULT core_now();
ALTER TABLE voting_ballot ADD COLUMN burst_n integer NOT NULL DEFAULT 1;
