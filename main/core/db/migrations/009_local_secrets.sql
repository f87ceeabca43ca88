-- Secrets this PC holds (its device credential, partners' warning keys, the web host's display
-- token): inside the encrypted store, never in a clear file beside it.
CREATE TABLE local_secret (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
