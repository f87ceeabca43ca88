-- The organisation's logo and colours: one replicated row per organisation (shared/theme/org-theme.ts).
CREATE VIEW org_theme AS
  SELECT id AS organisation_id, data FROM replica_row WHERE entity = 'org_theme' AND deleted = 0;
