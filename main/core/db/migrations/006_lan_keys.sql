-- The site's alarm policy now carries this organisation's own signing key, the public keys
-- it checks and the site's alarm agreements: kept whole, as JSON the core parses with zod.
-- The old site-wide key is dropped on purpose: with it any organisation at the site could
-- sign as another. The next connection to the server fetches the new policy.
DROP TABLE site_alarm_policy;
CREATE TABLE site_alarm_policy (
  site_id     TEXT PRIMARY KEY,
  policy      TEXT NOT NULL CHECK (json_valid(policy)),
  fetched_at  TEXT NOT NULL
) STRICT;
