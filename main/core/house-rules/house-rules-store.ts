import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { houseRulesContentSchema, type HouseRulesContent } from '../../../shared/house-rules/content.js';
import { overrideSchema, publishedVersionSchema, type HouseRulesOverride, type PublishedVersion } from '../../../shared/house-rules/versions.js';
import { sql, type SqlQuery } from '../db/sql.js';

interface DataRow {
  id: string;
  data: string;
}

const draftDataSchema = z.object({ content: houseRulesContentSchema });

/**
 * Reads house rules from the replicated rows. A row that does not parse (written by a newer
 * version, say) is skipped rather than breaking the display for everything else.
 */
export class HouseRulesStore {
  constructor(private readonly read: Database) {}

  versions(organisationId: string): PublishedVersion[] {
    return this.parseAll(sql`SELECT id, data FROM house_rules_version WHERE organisation_id = ${organisationId}`, publishedVersionSchema);
  }

  overrides(organisationId: string): HouseRulesOverride[] {
    return this.parseAll(sql`SELECT id, data FROM house_rules_override WHERE organisation_id = ${organisationId}`, overrideSchema);
  }

  draft(draftId: string): HouseRulesContent | null {
    const query = sql`SELECT id, data FROM house_rules_draft WHERE id = ${draftId}`;
    const row = this.read.prepare(query.text).get(...query.params) as DataRow | undefined;
    if (!row) return null;
    const parsed = draftDataSchema.safeParse(JSON.parse(row.data));
    return parsed.success ? parsed.data.content : null;
  }

  private parseAll<T>(query: SqlQuery, schema: z.ZodType<T>): T[] {
    const rows = this.read.prepare(query.text).all(...query.params) as DataRow[];
    return rows.flatMap((row) => {
      const parsed = schema.safeParse({ ...(JSON.parse(row.data) as object), id: row.id });
      return parsed.success ? [parsed.data] : [];
    });
  }
}
