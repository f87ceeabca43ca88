-- Analytics (docs/analytics.md). Reading ten JSON fields of 50,000 rows takes seconds, so each
-- incident and follow-up task is kept as one flat row of plain columns beside its replicated
-- row, by triggers: summaries then count columns, in Dutch time worked out once per write.
--
-- Dutch wall-clock time: SQLite knows no time zones, so the EU rule is written out here, once:
-- summer time from 01:00 UTC on the last Sunday of March until 01:00 UTC on the last Sunday of
-- October (Europe/Amsterdam since 1996). A test holds it against @date-fns/tz.
-- Values of the wrong type (a damaged row) become NULL or 0: a trigger must never refuse a row
-- that replication has accepted.


-- Kept in the order summaries read it (an organisation's period), so a year is one range scan.
CREATE TABLE incident_fact (
  id              TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  site_id         TEXT NOT NULL,
  occurred_at     TEXT NOT NULL,
  occurred_s      INTEGER,
  -- Dutch time: weekday 0 = Sunday as SQLite counts; hour NULL when the time of day is not known.
  weekday         INTEGER,
  month           TEXT,
  hour            INTEGER,
  local_at        TEXT,
  status          TEXT,
  channel         TEXT,
  forms           INTEGER NOT NULL,
  causes          INTEGER NOT NULL,
  desk            TEXT NOT NULL,
  floor           TEXT NOT NULL,
  injury          INTEGER NOT NULL,
  sick_leave_days INTEGER NOT NULL,
  damage_cents    INTEGER NOT NULL,
  -- The follow-up, rolled up from task_fact: applies (1 or NULL), met (1/0), and when done.
  reaction_applies  INTEGER, reaction_met  INTEGER, reaction_done_s  INTEGER,
  police_applies    INTEGER, police_met    INTEGER, police_done_s    INTEGER,
  damage_applies    INTEGER, damage_met    INTEGER, damage_done_s    INTEGER,
  aftercare_applies INTEGER, aftercare_met INTEGER, aftercare_done_s INTEGER,
  PRIMARY KEY (organisation_id, occurred_at, id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX incident_fact_id ON incident_fact (id);

CREATE VIEW task_fact_source AS
  SELECT id,
         CASE WHEN typeof(json_extract(data, '$.incident_id')) = 'text' THEN json_extract(data, '$.incident_id') END AS incident_id,
         CASE WHEN typeof(json_extract(data, '$.kind')) = 'text' THEN json_extract(data, '$.kind') END AS kind,
         CASE WHEN json_extract(data, '$.mandatory') = 1 THEN 1 ELSE 0 END AS mandatory,
         CASE WHEN typeof(json_extract(data, '$.status')) = 'text' THEN json_extract(data, '$.status') END AS status,
         unixepoch(CASE WHEN typeof(json_extract(data, '$.due_at')) = 'text' THEN json_extract(data, '$.due_at') END) AS due_s,
         unixepoch(CASE WHEN typeof(json_extract(data, '$.done_at')) = 'text' THEN json_extract(data, '$.done_at') END) AS done_s
    FROM replica_row WHERE entity = 'incident_task' AND deleted = 0;

CREATE TABLE task_fact (
  id          TEXT PRIMARY KEY,
  incident_id TEXT,
  kind        TEXT,
  mandatory   INTEGER NOT NULL,
  status      TEXT,
  -- Seconds since 1970: arithmetic on them is cheap, julianday() on 250,000 texts is not.
  due_s       INTEGER,
  done_s      INTEGER
) STRICT;
-- Covering: the summary joins tasks to incidents and reads nothing else from them.
CREATE INDEX task_fact_incident ON task_fact (incident_id, kind, mandatory, status, due_s, done_s);


CREATE VIEW incident_fact_source AS
  SELECT id, organisation_id, site_id, occurred_at, unixepoch(occurred_at) AS occurred_s,
         CAST(strftime('%w', local_at) AS INTEGER) AS weekday, substr(local_at, 1, 7) AS month,
         CASE WHEN json_extract(data, '$.time_unknown') = 1 THEN NULL ELSE CAST(strftime('%H', local_at) AS INTEGER) END AS hour,
         local_at,
         CASE WHEN typeof(json_extract(data, '$.status')) = 'text' THEN json_extract(data, '$.status') END AS status,
         CASE WHEN typeof(json_extract(data, '$.channel')) = 'text' THEN json_extract(data, '$.channel') END AS channel,
         -- Bits in the order of aggressionForms and incidentCauses (shared/domain/incident.ts).
         coalesce((SELECT sum(CASE value WHEN 'verbal_abuse' THEN 1 WHEN 'discrimination' THEN 2 WHEN 'threat' THEN 4 WHEN 'intimidation' THEN 8
                                         WHEN 'physical_violence' THEN 16 WHEN 'vandalism' THEN 32 WHEN 'other' THEN 64 ELSE 0 END)
                     FROM (SELECT DISTINCT value FROM json_each(data, '$.forms') WHERE json_type(data, '$.forms') = 'array')), 0) AS forms,
         coalesce((SELECT sum(CASE value WHEN 'waiting_time' THEN 1 WHEN 'refused_benefit_or_permit' THEN 2 WHEN 'bad_news' THEN 4 WHEN 'misunderstanding' THEN 8
                                         WHEN 'enforcement' THEN 16 WHEN 'personal_circumstances' THEN 32 WHEN 'other' THEN 64 ELSE 0 END)
                     FROM (SELECT DISTINCT value FROM json_each(data, '$.causes') WHERE json_type(data, '$.causes') = 'array')), 0) AS causes,
         CASE WHEN typeof(json_extract(data, '$.desk_name')) = 'text' THEN json_extract(data, '$.desk_name') ELSE '' END AS desk,
         CASE WHEN typeof(json_extract(data, '$.floor')) = 'text' THEN json_extract(data, '$.floor') ELSE '' END AS floor,
         CASE WHEN json_extract(data, '$.injury') = 1 THEN 1 ELSE 0 END AS injury,
         CASE WHEN typeof(json_extract(data, '$.sick_leave_days')) = 'integer' THEN json_extract(data, '$.sick_leave_days') ELSE 0 END AS sick_leave_days,
         CASE WHEN typeof(json_extract(data, '$.damage_amount_cents')) = 'integer' THEN json_extract(data, '$.damage_amount_cents') ELSE 0 END AS damage_cents,
         fu ->> 0, fu ->> 1, fu ->> 2, fu ->> 3, fu ->> 4, fu ->> 5, fu ->> 6, fu ->> 7, fu ->> 8, fu ->> 9, fu ->> 10, fu ->> 11
    FROM (
      -- The four follow-up measures from the incident's tasks, through the task index (a join to an
      -- aggregate view would group every task of the organisation on each write):
      -- reaction (applies, met in time, done at), police report where mandatory, damage where mandatory, aftercare.
      SELECT *, (SELECT json_array(
               max(CASE WHEN kind = 'reaction_48h' THEN 1 END),
               max(CASE WHEN kind = 'reaction_48h' AND status = 'done' AND done_s <= due_s THEN 1 ELSE 0 END),
               max(CASE WHEN kind = 'reaction_48h' AND status = 'done' THEN done_s END),
               max(CASE WHEN kind = 'police_report' AND mandatory = 1 THEN 1 END),
               max(CASE WHEN kind = 'police_report' AND mandatory = 1 AND status = 'done' THEN 1 ELSE 0 END),
               max(CASE WHEN kind = 'police_report' AND mandatory = 1 AND status = 'done' THEN done_s END),
               max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 THEN 1 END),
               max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 AND status = 'done' THEN 1 ELSE 0 END),
               max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 AND status = 'done' THEN done_s END),
               max(CASE WHEN kind = 'aftercare' THEN 1 END),
               max(CASE WHEN kind = 'aftercare' AND status = 'done' THEN 1 ELSE 0 END),
               max(CASE WHEN kind = 'aftercare' AND status = 'done' THEN done_s END))
               FROM task_fact t WHERE t.incident_id = inner_row.id) AS fu,
             datetime(occurred_at, CASE WHEN occurred_at >= date(substr(occurred_at, 1, 4) || '-03-25', 'weekday 0') || 'T01:00:00'
                                            AND occurred_at < date(substr(occurred_at, 1, 4) || '-10-25', 'weekday 0') || 'T01:00:00'
                                           THEN '+2 hours' ELSE '+1 hours' END) AS local_at
        FROM (SELECT id, organisation_id, site_id, data,
                     CASE WHEN typeof(json_extract(data, '$.occurred_at')) = 'text' THEN json_extract(data, '$.occurred_at') END AS occurred_at
                FROM replica_row WHERE entity = 'incident' AND deleted = 0) inner_row
       WHERE occurred_at IS NOT NULL
    ) i;

INSERT INTO task_fact SELECT * FROM task_fact_source;
INSERT INTO incident_fact SELECT * FROM incident_fact_source;

CREATE TRIGGER incident_fact_insert AFTER INSERT ON replica_row WHEN NEW.entity = 'incident'
BEGIN
  DELETE FROM incident_fact WHERE id = NEW.id;
  INSERT INTO incident_fact SELECT * FROM incident_fact_source WHERE id = NEW.id;
END;
CREATE TRIGGER incident_fact_update AFTER UPDATE ON replica_row WHEN NEW.entity = 'incident'
BEGIN
  DELETE FROM incident_fact WHERE id = NEW.id;
  INSERT INTO incident_fact SELECT * FROM incident_fact_source WHERE id = NEW.id;
END;
CREATE TRIGGER incident_fact_delete AFTER DELETE ON replica_row WHEN OLD.entity = 'incident'
BEGIN
  DELETE FROM incident_fact WHERE id = OLD.id;
END;
CREATE TRIGGER task_fact_insert AFTER INSERT ON replica_row WHEN NEW.entity = 'incident_task'
BEGIN
  INSERT OR REPLACE INTO task_fact SELECT * FROM task_fact_source WHERE id = NEW.id;
END;
CREATE TRIGGER task_fact_update AFTER UPDATE ON replica_row WHEN NEW.entity = 'incident_task'
BEGIN
  DELETE FROM task_fact WHERE id = NEW.id;
  INSERT INTO task_fact SELECT * FROM task_fact_source WHERE id = NEW.id;
END;
CREATE TRIGGER task_fact_delete AFTER DELETE ON replica_row WHEN OLD.entity = 'incident_task'
BEGIN
  DELETE FROM task_fact WHERE id = OLD.id;
END;

-- A task's change re-derives its incident's facts, follow-up included (tasks and incidents
-- arrive in any order: replication keeps none).
CREATE TRIGGER task_fact_refresh_insert AFTER INSERT ON task_fact
BEGIN
  DELETE FROM incident_fact WHERE id = NEW.incident_id;
  INSERT INTO incident_fact SELECT * FROM incident_fact_source WHERE id = NEW.incident_id;
END;
CREATE TRIGGER task_fact_refresh_delete AFTER DELETE ON task_fact
BEGIN
  DELETE FROM incident_fact WHERE id = OLD.incident_id;
  INSERT INTO incident_fact SELECT * FROM incident_fact_source WHERE id = OLD.incident_id;
END;

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
