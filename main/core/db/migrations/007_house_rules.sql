-- House rules on the public display: read through views over the replicated rows, like
-- incidents. No new tables: versions, the draft and overrides are replicated entities.
CREATE VIEW house_rules_version AS
  SELECT id, organisation_id, site_id, data,
         json_extract(data, '$.starts_at')    AS starts_at,
         json_extract(data, '$.published_at') AS published_at
    FROM replica_row WHERE entity = 'house_rules_version' AND deleted = 0;

CREATE VIEW house_rules_draft AS
  SELECT id, organisation_id, data FROM replica_row WHERE entity = 'house_rules_draft' AND deleted = 0;

CREATE VIEW house_rules_override AS
  SELECT id, organisation_id, site_id, data,
         json_extract(data, '$.ends_at') AS ends_at
    FROM replica_row WHERE entity = 'house_rules_override' AND deleted = 0;
