-- No row triggers on replica_row: derived data is kept in sets (docs/replication.md, "Where the
-- time goes"). A trigger runs as a sub-program for every row written, even when its WHEN clause
-- is false, and the two sets of them doubled the cost of each insert in a pull. The replica now
-- tells its indexes which rows each transaction wrote (main/core/sync/row-index.ts):
-- - the visitor check's keys (warning_match) are replaced for those rows before the commit;
-- - the analytics facts were re-derived by the triggers of migration 010 on every write of an
--   incident and again for each of its tasks, with the follow-up sub-select run once per column
--   it fed. Now the written rows are only noted in fact_stale, and AnalyticsFacts derives their
--   facts in batches of set-based statements: in the background after a sync round, and always
--   before an analytics read, so a count never rests on an out-of-date fact.

DROP TRIGGER warning_match_insert;
DROP TRIGGER warning_match_update;
DROP TRIGGER warning_match_delete;

DROP TRIGGER incident_fact_insert;
DROP TRIGGER incident_fact_update;
DROP TRIGGER incident_fact_delete;
DROP TRIGGER task_fact_insert;
DROP TRIGGER task_fact_update;
DROP TRIGGER task_fact_delete;
DROP TRIGGER task_fact_refresh_insert;
DROP TRIGGER task_fact_refresh_delete;
DROP VIEW incident_fact_source;
DROP VIEW task_fact_source;

-- Rows whose facts are out of date.
CREATE TABLE fact_stale (
  entity TEXT NOT NULL CHECK (entity IN ('incident', 'incident_task')),
  id     TEXT NOT NULL,
  PRIMARY KEY (entity, id)
) STRICT, WITHOUT ROWID;

-- The rows one refresh step derives (taken from fact_stale, plus the incidents of the tasks
-- among them); empty outside that step's transaction.
CREATE TABLE fact_batch (
  entity TEXT NOT NULL CHECK (entity IN ('incident', 'incident_task')),
  id     TEXT NOT NULL,
  PRIMARY KEY (entity, id)
) STRICT, WITHOUT ROWID;

-- The facts of the batch's incidents (migration 010's columns up to damage_cents). Each view
-- starts from fact_batch and looks rows up by id (CROSS JOIN fixes that order), so a refresh
-- costs the batch, not what is stored.
CREATE VIEW batch_incident_fact AS
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
         CASE WHEN typeof(json_extract(data, '$.damage_amount_cents')) = 'integer' THEN json_extract(data, '$.damage_amount_cents') ELSE 0 END AS damage_cents
    FROM (
      SELECT *, datetime(occurred_at, CASE WHEN occurred_at >= date(substr(occurred_at, 1, 4) || '-03-25', 'weekday 0') || 'T01:00:00'
                                            AND occurred_at < date(substr(occurred_at, 1, 4) || '-10-25', 'weekday 0') || 'T01:00:00'
                                           THEN '+2 hours' ELSE '+1 hours' END) AS local_at
        FROM (SELECT r.id, r.organisation_id, r.site_id, r.data,
                     CASE WHEN typeof(json_extract(r.data, '$.occurred_at')) = 'text' THEN json_extract(r.data, '$.occurred_at') END AS occurred_at
                FROM fact_batch s CROSS JOIN replica_row r ON r.id = s.id
               WHERE s.entity = 'incident' AND r.entity = 'incident' AND r.deleted = 0) inner_row
       WHERE occurred_at IS NOT NULL
    );

-- The batch's incidents' follow-up from their tasks: reaction (applies, met in time, done at),
-- police report where mandatory, damage recovery where mandatory, aftercare.
CREATE VIEW batch_incident_follow_up AS
  SELECT s.id AS incident_id,
         max(CASE WHEN kind = 'reaction_48h' THEN 1 END) AS reaction_applies,
         max(CASE WHEN kind = 'reaction_48h' AND status = 'done' AND done_s <= due_s THEN 1 ELSE 0 END) AS reaction_met,
         max(CASE WHEN kind = 'reaction_48h' AND status = 'done' THEN done_s END) AS reaction_done_s,
         max(CASE WHEN kind = 'police_report' AND mandatory = 1 THEN 1 END) AS police_applies,
         max(CASE WHEN kind = 'police_report' AND mandatory = 1 AND status = 'done' THEN 1 ELSE 0 END) AS police_met,
         max(CASE WHEN kind = 'police_report' AND mandatory = 1 AND status = 'done' THEN done_s END) AS police_done_s,
         max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 THEN 1 END) AS damage_applies,
         max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 AND status = 'done' THEN 1 ELSE 0 END) AS damage_met,
         max(CASE WHEN kind = 'damage_recovery' AND mandatory = 1 AND status = 'done' THEN done_s END) AS damage_done_s,
         max(CASE WHEN kind = 'aftercare' THEN 1 END) AS aftercare_applies,
         max(CASE WHEN kind = 'aftercare' AND status = 'done' THEN 1 ELSE 0 END) AS aftercare_met,
         max(CASE WHEN kind = 'aftercare' AND status = 'done' THEN done_s END) AS aftercare_done_s
    FROM fact_batch s CROSS JOIN task_fact t ON t.incident_id = s.id
   WHERE s.entity = 'incident'
   GROUP BY s.id;

-- The batch's tasks' facts; a task that is deleted or no longer a task has none.
CREATE VIEW batch_task_fact AS
  SELECT r.id,
         CASE WHEN typeof(json_extract(r.data, '$.incident_id')) = 'text' THEN json_extract(r.data, '$.incident_id') END AS incident_id,
         CASE WHEN typeof(json_extract(r.data, '$.kind')) = 'text' THEN json_extract(r.data, '$.kind') END AS kind,
         CASE WHEN json_extract(r.data, '$.mandatory') = 1 THEN 1 ELSE 0 END AS mandatory,
         CASE WHEN typeof(json_extract(r.data, '$.status')) = 'text' THEN json_extract(r.data, '$.status') END AS status,
         unixepoch(CASE WHEN typeof(json_extract(r.data, '$.due_at')) = 'text' THEN json_extract(r.data, '$.due_at') END) AS due_s,
         unixepoch(CASE WHEN typeof(json_extract(r.data, '$.done_at')) = 'text' THEN json_extract(r.data, '$.done_at') END) AS done_s
    FROM fact_batch s CROSS JOIN replica_row r ON r.id = s.id
   WHERE s.entity = 'incident_task' AND r.entity = 'incident_task' AND r.deleted = 0;
