-- Visitor warnings (docs/warnings.md): the issuing organisation's rows, partners' projections
-- (hashes only) and the index a desk lookup probes. The rows stay schemaless JSON.
CREATE VIEW visitor_warning AS
  SELECT id, organisation_id, site_id, data FROM replica_row WHERE entity = 'visitor_warning' AND deleted = 0;

CREATE VIEW warning_projection AS
  SELECT id, organisation_id, data FROM replica_row WHERE entity = 'warning_projection' AND deleted = 0;

CREATE VIEW warning_policy AS
  SELECT id AS organisation_id, data FROM replica_row WHERE entity = 'warning_policy' AND deleted = 0;

-- One row per hashed name variant, kept by triggers so no write path can forget it, and
-- emptied when a row is purged (its match list is wiped with the rest of its data).
CREATE TABLE warning_match (
  key     TEXT NOT NULL,
  row_id  TEXT NOT NULL,
  PRIMARY KEY (key, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX warning_match_row ON warning_match (row_id);

CREATE TRIGGER warning_match_insert AFTER INSERT ON replica_row
  WHEN NEW.entity IN ('visitor_warning', 'warning_projection')
BEGIN
  INSERT OR IGNORE INTO warning_match (key, row_id) SELECT value, NEW.id FROM json_each(NEW.data, '$.match');
END;

CREATE TRIGGER warning_match_update AFTER UPDATE OF data ON replica_row
  WHEN NEW.entity IN ('visitor_warning', 'warning_projection')
BEGIN
  DELETE FROM warning_match WHERE row_id = NEW.id;
  INSERT OR IGNORE INTO warning_match (key, row_id) SELECT value, NEW.id FROM json_each(NEW.data, '$.match');
END;

CREATE TRIGGER warning_match_delete AFTER DELETE ON replica_row
  WHEN OLD.entity IN ('visitor_warning', 'warning_projection')
BEGIN
  DELETE FROM warning_match WHERE row_id = OLD.id;
END;

-- The warnings access log: hash-chained per device; the next entry needs the device's last one.
CREATE VIEW warning_access AS
  SELECT id, organisation_id, data FROM replica_row WHERE entity = 'warning_access';
CREATE INDEX replica_row_access_chain ON replica_row (json_extract(data, '$.device_id'), json_extract(data, '$.seq')) WHERE entity = 'warning_access';
