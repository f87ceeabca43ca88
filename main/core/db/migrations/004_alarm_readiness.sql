-- Which alarm group this PC is in: 0 never alerted, 1 at once, 2 and 3 on escalation.
ALTER TABLE device_settings ADD COLUMN alarm_group INTEGER NOT NULL DEFAULT 1 CHECK (alarm_group BETWEEN 0 AND 3);

-- The site's alarm policy as the server last gave it, so the LAN path and escalation
-- keep working while the server is down.
CREATE TABLE site_alarm_policy (
  site_id             TEXT PRIMARY KEY,
  escalation_after_s  INTEGER NOT NULL CHECK (escalation_after_s BETWEEN 5 AND 600),
  groups              INTEGER NOT NULL CHECK (groups BETWEEN 1 AND 3),
  lan_key             TEXT NOT NULL CHECK (length(lan_key) BETWEEN 44 AND 200),
  fetched_at          TEXT NOT NULL
) STRICT;

-- Every field of an alarm event, so a resolved alarm can pre-fill an incident.
DROP VIEW alarm_event;
CREATE VIEW alarm_event AS
  SELECT id, organisation_id, site_id,
         json_extract(data, '$.alarm_id')  AS alarm_id,
         json_extract(data, '$.kind')      AS kind,
         json_extract(data, '$.level')     AS level,
         json_extract(data, '$.at')        AS at,
         json_extract(data, '$.drill')     AS drill,
         json_extract(data, '$.by_device') AS by_device,
         json_extract(data, '$.desk')      AS desk,
         json_extract(data, '$.floor')     AS floor,
         json_extract(data, '$.person')    AS person,
         json_extract(data, '$.step')      AS step,
         json_extract(data, '$.note')      AS note
    FROM replica_row WHERE entity = 'alarm_event';
