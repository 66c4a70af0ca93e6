-- Territory: settlement unit boundaries a KOV has imported (GeoJSON), for maps of its results.
-- Tenant data (each KOV imports its own): row-level security by kov_code. The polygons are stored in
-- L-EST97 (EPSG:3301) metres, simplified, as JSON: [[[[x, y], …] outer ring, hole, …] polygon, …].
-- A re-import replaces the KOV's rows as a whole.
CREATE TABLE territory_boundary (
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  unit_code     text NOT NULL CHECK (unit_code ~ '^[0-9]{4}$'),
  -- The classifier version the code was matched in, and the unit's name there.
  ehak_version  text NOT NULL,
  name          text NOT NULL CHECK (name <> ''),
  polygons      jsonb NOT NULL CHECK (jsonb_typeof(polygons) = 'array'),
  points        integer NOT NULL CHECK (points >= 4),
  source_crs    text NOT NULL CHECK (source_crs IN ('EPSG:4326', 'EPSG:3301')),
  file_name     text NOT NULL,
  imported_at   timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (kov_code, unit_code)
);
SELECT core_tenant_table('territory_boundary', 'SELECT, INSERT, DELETE');
