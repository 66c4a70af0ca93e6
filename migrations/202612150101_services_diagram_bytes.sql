-- Process diagrams keep their bytes in the row (as the council's documents do: the platform has no
-- separate file store), checked for type by content before they are stored.
ALTER TABLE services_diagram DROP COLUMN file_key;
ALTER TABLE services_diagram ADD COLUMN data bytea NOT NULL;
