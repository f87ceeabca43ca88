-- Replication state for this device (docs/replication.md). One row.
CREATE TABLE sync_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  last_hlc          TEXT,
  next_device_seq   INTEGER NOT NULL DEFAULT 1,
  cursor            INTEGER NOT NULL DEFAULT 0,
  epoch             TEXT,
  last_sync_at      TEXT,
  last_error        TEXT,
  -- set by enrolment: the scope the server bound this device to
  organisation_id   TEXT,
  site_id           TEXT,
  enrolled_at       TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Replicated rows, the same shape as on the server: fields and their HLCs as JSON.
-- Domain code reads them through per-entity views below.
CREATE TABLE replica_row (
  id              TEXT PRIMARY KEY,
  entity          TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  site_id         TEXT NOT NULL,
  data            TEXT NOT NULL CHECK (json_valid(data)),
  clocks          TEXT NOT NULL CHECK (json_valid(clocks)),
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  server_version  INTEGER
) STRICT;
CREATE INDEX replica_row_entity ON replica_row (entity, deleted);

-- Written in the same transaction as the row it describes; removed once the server acknowledges it.
CREATE TABLE outbox (
  device_seq      INTEGER PRIMARY KEY,
  op_id           TEXT NOT NULL UNIQUE,
  entity          TEXT NOT NULL,
  row_id          TEXT NOT NULL,
  patch           TEXT NOT NULL CHECK (json_valid(patch)),
  hlc             TEXT NOT NULL,
  base_hlc        TEXT,
  schema_version  INTEGER NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;

-- Ops the server refused: acknowledged (so the queue moves on) and kept to show the user.
CREATE TABLE sync_rejection (
  op_id       TEXT PRIMARY KEY,
  entity      TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) STRICT;

CREATE VIEW incident AS
  SELECT id, organisation_id, site_id,
         json_extract(data, '$.occurred_at') AS occurred_at,
         json_extract(data, '$.channel')     AS channel,
         json_extract(data, '$.forms')       AS forms,
         json_extract(data, '$.desk_name')   AS desk_name,
         json_extract(data, '$.narrative')   AS narrative,
         json_extract(data, '$.status')      AS status
    FROM replica_row WHERE entity = 'incident' AND deleted = 0;

CREATE VIEW alarm_event AS
  SELECT id, organisation_id, site_id,
         json_extract(data, '$.alarm_id') AS alarm_id,
         json_extract(data, '$.kind')     AS kind,
         json_extract(data, '$.level')    AS level,
         json_extract(data, '$.at')       AS at,
         json_extract(data, '$.note')     AS note
    FROM replica_row WHERE entity = 'alarm_event';
