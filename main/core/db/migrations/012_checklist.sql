-- The guide's 3.3 self-assessment (docs/checklist.md): dated assessments and the tasks made
-- from their open items, read through views over the replicated rows like incidents.
CREATE VIEW checklist_assessment AS
  SELECT id, organisation_id, data,
         json_extract(data, '$.assessed_on') AS assessed_on,
         json_extract(data, '$.assessed_at') AS assessed_at
    FROM replica_row WHERE entity = 'checklist_assessment' AND deleted = 0;

CREATE VIEW checklist_task AS
  SELECT id, organisation_id, data,
         json_extract(data, '$.question_key') AS question_key,
         json_extract(data, '$.status')       AS status
    FROM replica_row WHERE entity = 'checklist_task' AND deleted = 0;
