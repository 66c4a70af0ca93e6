-- A person's committee places across KOVs (her "my committees" lists in polls and elders, read by the
-- keyed hash alone, as polls_member_hash and elders_member_hash did before the move into voting_committee).
CREATE INDEX voting_committee_person ON voting_committee (idcode_hash);
