-- Territory: the EHAK classifier (Eesti haldus- ja asustusjaotuse klassifikaator).
-- Public reference data, not tenant-owned: no kov_code, no row-level security. The app role may
-- only read it; imports run as the owner (db.system) through `vallamaja ehak import`.
--
-- Every stored code carries its classifier version: codes change when a unit's territory changes
-- (Saue vald 0726 in 2018 is 0725 in 2025v5), so a code alone does not name a unit.

-- One row per imported classifier version. Exactly one version is current (or none before the
-- first import); the current version's municipalities are the tenants in core_tenant.
CREATE TABLE territory_version (
  version           text PRIMARY KEY CHECK (version ~ '^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$'),
  source_kind       text NOT NULL CHECK (source_kind IN ('ehak', 'landboard', 'demo')),
  file_name         text NOT NULL,
  imported_at       timestamptz NOT NULL DEFAULT now(),
  counties          integer NOT NULL CHECK (counties >= 0),
  municipalities    integer NOT NULL CHECK (municipalities >= 0),
  -- Settlement units as listed by the source (level 3 rows that are not self units).
  settlement_units  integer NOT NULL CHECK (settlement_units >= 0),
  -- Towns without settlement units below them, stored as their own level-3 unit (see below).
  self_units        integer NOT NULL CHECK (self_units >= 0),
  is_current        boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX territory_version_one_current ON territory_version (is_current) WHERE is_current;

-- Units of a version: level 1 maakond (county), 2 omavalitsus (municipality, a KOV),
-- 3 asustusüksus (settlement unit: küla, alevik, alev, linn, linnaosa, …).
--
-- Self units: eight towns (Keila, Loksa, Maardu, Narva, Sillamäe, Rakvere, Viljandi, Võru in
-- 2025v5) have no settlement units below them — the town is its own settlement unit. They are
-- stored as an extra level-3 row with the municipality's own code and self_unit = true, so that
-- "the settlement units of KOV X" gives X itself for those towns. Because such a row shares its
-- code with the level-2 row, the key is (version, level, code); a code is unique within a version
-- among the rows that are not self units.
CREATE TABLE territory_unit (
  version            text NOT NULL REFERENCES territory_version (version) ON DELETE CASCADE,
  code               text NOT NULL CHECK (code ~ '^[0-9]{4}$'),
  level              smallint NOT NULL CHECK (level IN (1, 2, 3)),
  name               text NOT NULL CHECK (name <> ''),
  -- maakond | vald | linn | alev | alevik | küla | linnaosa | vallasisene linn | asum | osavald;
  -- NULL where the source gives none (2025v5: 6922 Reinse).
  type               text,
  parent_code        text CHECK (parent_code ~ '^[0-9]{4}$'),
  municipality_code  text CHECK (municipality_code ~ '^[0-9]{4}$'),
  county_code        text NOT NULL CHECK (county_code ~ '^[0-9]{4}$'),
  self_unit          boolean NOT NULL DEFAULT false,
  PRIMARY KEY (version, level, code),
  CHECK ((level = 1) = (parent_code IS NULL)),
  CHECK ((level = 1) = (municipality_code IS NULL)),
  CHECK (NOT self_unit OR (level = 3 AND code = municipality_code))
);
CREATE UNIQUE INDEX territory_unit_code ON territory_unit (version, code) WHERE NOT self_unit;
CREATE INDEX territory_unit_municipality ON territory_unit (version, municipality_code, level);
CREATE INDEX territory_unit_county ON territory_unit (version, county_code, level);

GRANT SELECT ON territory_version TO vallamaja_app;
GRANT SELECT ON territory_unit TO vallamaja_app;
