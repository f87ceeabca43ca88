-- The full incident record and its VPT follow-up (docs/incidents.md), read through views over
-- the replicated rows. Only views change: the rows themselves are schemaless JSON.
DROP VIEW incident;
CREATE VIEW incident AS
  SELECT id, organisation_id, site_id, data,
         json_extract(data, '$.occurred_at') AS occurred_at,
         json_extract(data, '$.channel')     AS channel,
         json_extract(data, '$.forms')       AS forms,
         json_extract(data, '$.desk_name')   AS desk_name,
         json_extract(data, '$.narrative')   AS narrative,
         json_extract(data, '$.status')      AS status,
         json_extract(data, '$.reporter_id') AS reporter_id,
         json_extract(data, '$.alarm_id')    AS alarm_id
    FROM replica_row WHERE entity = 'incident' AND deleted = 0;

CREATE VIEW incident_task AS
  SELECT id, organisation_id, site_id, data,
         json_extract(data, '$.incident_id') AS incident_id,
         json_extract(data, '$.kind')        AS kind,
         json_extract(data, '$.due_at')      AS due_at,
         json_extract(data, '$.mandatory')   AS mandatory,
         json_extract(data, '$.status')      AS status
    FROM replica_row WHERE entity = 'incident_task' AND deleted = 0;

CREATE VIEW follow_up_policy AS
  SELECT id AS organisation_id, data FROM replica_row WHERE entity = 'follow_up_policy' AND deleted = 0;

CREATE VIEW staff_member AS
  SELECT id, organisation_id, data,
         json_extract(data, '$.display_name') AS display_name,
         json_extract(data, '$.role')         AS role,
         json_extract(data, '$.active')       AS active
    FROM replica_row WHERE entity = 'staff_member' AND deleted = 0;

-- Who is working at this desk now (local only: a shared counter PC, one person at a time).
CREATE TABLE desk_session (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  staff_id      TEXT NOT NULL,
  signed_in_at  TEXT NOT NULL
) STRICT;

-- Worklists read tasks by incident and by due date.
CREATE INDEX replica_row_task_due ON replica_row (json_extract(data, '$.due_at')) WHERE entity = 'incident_task';
CREATE INDEX replica_row_task_incident ON replica_row (json_extract(data, '$.incident_id')) WHERE entity = 'incident_task';
CREATE INDEX replica_row_incident_reporter ON replica_row (json_extract(data, '$.reporter_id')) WHERE entity = 'incident';
