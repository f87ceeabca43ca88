import type { Database } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../../shared/domain/ids.js';
import type { ConnectionState, DeviceSettings, DeviceStatus, Locale } from '../../../shared/domain/directory.js';
import type { AlarmIdentity } from '../alarm/alarm-identity.js';
import { sql, type SqlQuery } from '../db/sql.js';
import type { Scope } from '../sync/replica-store.js';

interface DeviceRow {
  device_id: string;
  organisation_id: string | null;
  organisation_name: string | null;
  site_id: string | null;
  site_name: string | null;
  desk_id: string | null;
  desk_name: string | null;
  desk_floor: string | null;
  server_url: string;
  fallback_phone: string;
  alarm_group: number;
  locale: Locale;
  updated_at: string | null;
}

const deviceQuery: SqlQuery = sql`
  SELECT d.device_id, d.server_url, d.fallback_phone, d.alarm_group, d.locale, d.updated_at,
         o.id AS organisation_id, o.name AS organisation_name,
         s.id AS site_id, s.name AS site_name,
         k.id AS desk_id, k.name AS desk_name, k.floor AS desk_floor
    FROM device_settings d
    LEFT JOIN organisation o ON o.id = d.organisation_id
    LEFT JOIN site s ON s.id = d.site_id
    LEFT JOIN desk k ON k.id = d.desk_id
   WHERE d.id = 1`;

/** What an enrolment settles: the server's organisation and site, the desk's own name, the server. */
export interface Enrolment {
  organisation: { id: string; name: string };
  site: { id: string; name: string };
  desk: { name: string; floor: string };
  serverUrl: string;
}

/** The device's own row and its place in the directory. */
export class DeviceStore {
  /** Read on every call and alarm message; only this class writes the row, and each write drops it. */
  private cached: DeviceRow | null = null;

  constructor(
    private readonly write: Database,
    private readonly read: Database,
    private readonly now: () => Date,
  ) {}

  /** Gives a new device its id on first start; later starts keep it. */
  ensureDevice(): void {
    const insert = sql`INSERT OR IGNORE INTO device_settings (id, device_id, created_at) VALUES (1, ${newId()}, ${this.timestamp()})`;
    this.write.prepare(insert.text).run(...insert.params);
  }

  status(connection: ConnectionState): DeviceStatus {
    const row = this.row();
    return {
      deviceId: row.device_id,
      organisation: row.organisation_id ? { id: row.organisation_id, name: row.organisation_name ?? '' } : null,
      site: row.site_id ? { id: row.site_id, name: row.site_name ?? '' } : null,
      desk: row.desk_id ? { id: row.desk_id, name: row.desk_name ?? '', floor: row.desk_floor ?? '' } : null,
      serverUrl: row.server_url,
      fallbackPhone: row.fallback_phone,
      alarmGroup: row.alarm_group,
      connection,
      locale: row.locale,
      settingsUpdatedAt: row.updated_at,
    };
  }

  /** The organisation and site this desk works for, once both are set. */
  scope(): Scope | null {
    const row = this.row();
    return row.organisation_id && row.site_id ? { organisationId: row.organisation_id, siteId: row.site_id } : null;
  }

  /** Who this desk is on an alarm, with the person signed in; null until organisation, site and desk are set. */
  identity(person: string): AlarmIdentity | null {
    const row = this.row();
    if (!row.organisation_id || !row.site_id || !row.desk_id) return null;
    return { deviceId: row.device_id, organisationId: row.organisation_id, siteId: row.site_id, siteName: row.site_name ?? '', desk: row.desk_name ?? '', floor: row.desk_floor ?? '', person, group: row.alarm_group };
  }

  /** The names the public sees (house rules): empty until set. */
  names(): { organisation: string; site: string } {
    const row = this.row();
    return { organisation: row.organisation_name ?? '', site: row.site_name ?? '' };
  }

  desk(): { name: string; floor: string } | null {
    const row = this.row();
    return row.desk_id ? { name: row.desk_name ?? '', floor: row.desk_floor ?? '' } : null;
  }

  locale(): Locale {
    return this.row().locale;
  }

  deviceId(): string {
    return this.row().device_id;
  }

  serverUrl(): string {
    return this.row().server_url;
  }

  settings(): DeviceSettings | null {
    const row = this.row();
    if (!row.organisation_id || !row.site_id || !row.desk_id) return null;
    return {
      organisationName: row.organisation_name ?? '',
      siteName: row.site_name ?? '',
      deskName: row.desk_name ?? '',
      floor: row.desk_floor ?? '',
      serverUrl: row.server_url,
      fallbackPhone: row.fallback_phone,
      alarmGroup: row.alarm_group,
    };
  }

  /** One transaction: the directory rows and the device row change together or not at all. */
  saveSettings(settings: DeviceSettings): void {
    const now = this.timestamp();
    this.write.transaction(() => {
      const current = this.row();
      const organisationId = this.upsertNamed('organisation', current.organisation_id, settings.organisationName, now);
      const siteId = this.upsertNamed('site', current.site_id, settings.siteName, now);
      this.run(sql`INSERT OR IGNORE INTO organisation_site (organisation_id, site_id) VALUES (${organisationId}, ${siteId})`);
      const deskId = this.upsertDesk(current.desk_id, siteId, settings.deskName, settings.floor, now);
      this.run(sql`
        UPDATE device_settings
           SET organisation_id = ${organisationId}, site_id = ${siteId}, desk_id = ${deskId},
               server_url = ${settings.serverUrl}, fallback_phone = ${settings.fallbackPhone},
               alarm_group = ${settings.alarmGroup}, updated_at = ${now}
         WHERE id = 1`);
    })();
    this.cached = null;
  }

  /**
   * After enrolment the server's ids are the truth: the device's organisation and site become
   * those, and the desk keeps (or gets) the name it enrolled with, at the server it enrolled on.
   */
  adoptEnrolment({ organisation, site, desk, serverUrl }: Enrolment): void {
    const now = this.timestamp();
    this.write.transaction(() => {
      this.upsertNamed('organisation', organisation.id, organisation.name, now);
      this.upsertNamed('site', site.id, site.name, now);
      this.run(sql`INSERT OR IGNORE INTO organisation_site (organisation_id, site_id) VALUES (${organisation.id}, ${site.id})`);
      const deskId = this.upsertDesk(this.row().desk_id, site.id, desk.name, desk.floor, now);
      this.run(sql`
        UPDATE device_settings
           SET organisation_id = ${organisation.id}, site_id = ${site.id}, desk_id = ${deskId},
               server_url = ${serverUrl}, updated_at = ${now}
         WHERE id = 1`);
    })();
    this.cached = null;
  }

  setLocale(locale: Locale): void {
    this.run(sql`UPDATE device_settings SET locale = ${locale} WHERE id = 1`);
    this.cached = null;
  }

  private upsertNamed(table: 'organisation' | 'site', id: string | null, name: string, now: string): string {
    const rowId = id ?? newId();
    // Table names cannot be bound; `table` is a closed union, never user input.
    this.write
      .prepare(
        `INSERT INTO ${table} (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
      )
      .run(rowId, name, now, now);
    return rowId;
  }

  private upsertDesk(id: string | null, siteId: string, name: string, floor: string, now: string): string {
    const deskId = id ?? newId();
    this.run(sql`
      INSERT INTO desk (id, site_id, name, floor, created_at, updated_at)
      VALUES (${deskId}, ${siteId}, ${name}, ${floor}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name,
                                     floor = excluded.floor, updated_at = excluded.updated_at`);
    return deskId;
  }

  /** The read handle sees only committed rows, so a copy taken inside a write transaction is still right. */
  private row(): DeviceRow {
    this.cached ??= (this.read.prepare(deviceQuery.text).get(...deviceQuery.params) as DeviceRow | undefined) ?? null;
    if (!this.cached) throw new Error('device row missing: ensureDevice() was not called');
    return this.cached;
  }

  private run(query: SqlQuery): void {
    this.write.prepare(query.text).run(...query.params);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}
