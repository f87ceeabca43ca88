-- The directory: who and where this device is. Names are checked here too,
-- so no code path can store what the contract would refuse.
CREATE TABLE organisation (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE site (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- One site (a shared building) can host several organisations.
CREATE TABLE organisation_site (
  organisation_id TEXT NOT NULL REFERENCES organisation(id),
  site_id         TEXT NOT NULL REFERENCES site(id),
  PRIMARY KEY (organisation_id, site_id)
) STRICT;

CREATE TABLE desk (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES site(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  floor       TEXT NOT NULL DEFAULT '' CHECK (length(floor) <= 40),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id              TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL REFERENCES organisation(id),
  display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  role            TEXT NOT NULL CHECK (role IN ('counter', 'coordinator', 'admin')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

-- Exactly one row: this device.
CREATE TABLE device_settings (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  device_id       TEXT NOT NULL,
  organisation_id TEXT REFERENCES organisation(id),
  site_id         TEXT REFERENCES site(id),
  desk_id         TEXT REFERENCES desk(id),
  server_url      TEXT NOT NULL DEFAULT '' CHECK (length(server_url) <= 2048),
  locale          TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT
) STRICT;
