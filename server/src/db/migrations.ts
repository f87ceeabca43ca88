import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { randomUUID } from 'node:crypto';

/** Append-only, like the client's. Written with Kysely's schema builder so both dialects share them. */
const migrations: Record<string, Migration> = {
  '001_tenancy': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('organisation').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
      await db.schema.createTable('site').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
      await db.schema
        .createTable('organisation_site')
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addPrimaryKeyConstraint('organisation_site_pk', ['organisation_id', 'site_id'])
        .execute();
      await db.schema
        .createTable('sharing_agreement')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('from_organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('to_organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('share_alarms', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('share_warnings', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('device')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('credential_hash', 'text', (c) => c.notNull().unique())
        .addColumn('acked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('enrolment_code')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('device_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '002_replication': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('epoch', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('min_version', 'bigint', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO server_state (id, epoch, version, min_version) VALUES (1, ${randomUUID()}, 0, 0)`.execute(db);
      await db.schema
        .createTable('replica_row')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('clocks', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('replica_row_org_version').on('replica_row').columns(['organisation_id', 'version']).execute();
      await db.schema.createIndex('replica_row_tombstones').on('replica_row').columns(['deleted', 'updated_at']).execute();
      await db.schema
        .createTable('applied_op')
        .addColumn('op_id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('device.id'))
        .addColumn('device_seq', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('applied_op_age').on('applied_op').column('applied_at').execute();
    },
  },
  '002_site_alarm_policy': {
    async up(db: Kysely<unknown>) {
      // One per site (a building): every organisation there shares the LAN and its key.
      await db.schema
        .createTable('site_alarm_policy')
        .addColumn('site_id', 'text', (c) => c.primaryKey().references('site.id'))
        .addColumn('escalation_after_s', 'integer', (c) => c.notNull())
        .addColumn('groups', 'integer', (c) => c.notNull())
        .addColumn('lan_key', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '003_organisation_alarm_key': {
    async up(db: Kysely<unknown>) {
      // One Ed25519 key per organisation signs its LAN datagrams, so a neighbour at the
      // site cannot speak for it. Retired keys stay until their grace period ends.
      await db.schema
        .createTable('organisation_alarm_key')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .addColumn('valid_until', 'text')
        .execute();
      // At most one current key per organisation, even when two first requests race.
      await sql`CREATE UNIQUE INDEX organisation_alarm_key_current ON organisation_alarm_key (organisation_id) WHERE retired_at IS NULL`.execute(db);
      // The old site-wide key let any organisation at the site sign as any other.
      await db.schema.alterTable('site_alarm_policy').dropColumn('lan_key').execute();
    },
  },
  '004_agreement_to_site': {
    async up(db: Kysely<unknown>) {
      // An agreement can carry alarms to the partner at another site (a central security desk).
      await db.schema.alterTable('sharing_agreement').addColumn('to_site_id', 'text', (c) => c.references('site.id')).execute();
    },
  },
  '005_site_pac': {
    async up(db: Kysely<unknown>) {
      // Where a site's alarms go when nobody on site answers: one alarm receiving centre per site.
      await db.schema
        .createTable('site_pac')
        .addColumn('site_id', 'text', (c) => c.primaryKey().references('site.id'))
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('receiver', 'text', (c) => c.notNull())
        .addColumn('line_prefix', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('key_hex', 'text')
        .addColumn('supervision_s', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '006_agreement_notify': {
    async up(db: Kysely<unknown>) {
      // Servers cache each site's agreements; on PostgreSQL every change, from any writer
      // (admin API, admin CLI, by hand), tells every instance to drop its copy.
      if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
      await sql`CREATE FUNCTION vangnet_agreement_changed() RETURNS trigger AS $$
        BEGIN
          PERFORM pg_notify('vangnet_agreement', COALESCE(NEW.site_id, OLD.site_id));
          -- An agreement aimed at another site changes that site's audience too.
          IF COALESCE(NEW.to_site_id, OLD.to_site_id) IS NOT NULL THEN
            PERFORM pg_notify('vangnet_agreement', COALESCE(NEW.to_site_id, OLD.to_site_id));
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER sharing_agreement_notify AFTER INSERT OR UPDATE OR DELETE ON sharing_agreement FOR EACH ROW EXECUTE FUNCTION vangnet_agreement_changed()`.execute(db);
    },
  },
  '007_access_ends': {
    async up(db: Kysely<unknown>) {
      // An organisation can be switched off and an agreement ended; both close live sockets at once.
      await db.schema.alterTable('organisation').addColumn('disabled_at', 'text').execute();
      await db.schema.alterTable('sharing_agreement').addColumn('ended_at', 'text').execute();
    },
  },
  '008_admin_audit': {
    async up(db: Kysely<unknown>) {
      // Who changed what, when: every administrative change, through the API or the CLI.
      await db.schema
        .createTable('admin_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('admin_audit_at').on('admin_audit').column('at').execute();
    },
  },
  '009_house_rules_displays': {
    async up(db: Kysely<unknown>) {
      // A TV enrolled once: its own table, so a display credential can never pass as a staff device.
      await db.schema
        .createTable('display')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('credential_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      // An organisation may let the partner's displays at the site show its house rules too.
      await db.schema.alterTable('sharing_agreement').addColumn('share_house_rules', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '010_warning_access_head': {
    async up(db: Kysely<unknown>) {
      // The last accepted entry of each device's warnings access log: the next one must follow it.
      await db.schema
        .createTable('warning_access_head')
        .addColumn('device_id', 'text', (c) => c.primaryKey().references('device.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '011_enrolment_tokens': {
    async up(db: Kysely<unknown>) {
      // An organisation's token for one site, deployed by IT in the machine-wide configuration: PCs ask by themselves.
      await db.schema
        .createTable('enrolment_token')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // A PC's request: nothing is granted until an administrator approves it; the PC proves it is the same PC with its request key.
      await db.schema
        .createTable('enrolment_request')
        .addColumn('device_id', 'text', (c) => c.primaryKey())
        .addColumn('token_id', 'text', (c) => c.notNull().references('enrolment_token.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('site.id'))
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('claimed_at', 'text')
        .execute();
    },
  },
  '012_benchmark': {
    async up(db: Kysely<unknown>) {
      // The sector an organisation is compared within; set by the server administrator.
      await db.schema.alterTable('organisation').addColumn('sector', 'text').execute();
      // A row means the organisation takes part; opting out deletes it and its counts.
      await db.schema
        .createTable('benchmark_participation')
        .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisation.id'))
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('last_shared_at', 'text')
        .execute();
      // Counts only: a month, a form or channel, a number. A re-sent month replaces its rows.
      await db.schema
        .createTable('benchmark_count')
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('incidents', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('benchmark_count_pk', ['organisation_id', 'month', 'dimension', 'item'])
        .execute();
      // The sector averages read one month range across organisations.
      await db.schema.createIndex('benchmark_count_month').on('benchmark_count').columns(['month', 'dimension', 'item']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
