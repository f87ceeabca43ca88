-- Analytics (docs/analytics.md): summaries read incidents of one organisation in a period, so
-- the period is an index; the export log says who took which incidents off this PC.
CREATE INDEX replica_row_incident_occurred ON replica_row (organisation_id, json_extract(data, '$.occurred_at')) WHERE entity = 'incident' AND deleted = 0;

-- Local, append-only: an export happens on this PC and is answered for here.
CREATE TABLE analytics_export (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  staff_id    TEXT NOT NULL,
  staff_name  TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('incidents', 'aggregates', 'report')),
  format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'print')),
  filter      TEXT NOT NULL CHECK (json_valid(filter)),
  with_names  INTEGER NOT NULL CHECK (with_names IN (0, 1)),
  rows        INTEGER NOT NULL CHECK (rows >= 0)
) STRICT;
CREATE TRIGGER analytics_export_append_only_update BEFORE UPDATE ON analytics_export BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
CREATE TRIGGER analytics_export_append_only_delete BEFORE DELETE ON analytics_export BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
