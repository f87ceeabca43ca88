import { randomUUID } from 'node:crypto';
import { addDays, addHours } from 'date-fns';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import { nameSchema } from '../../../shared/domain/names.js';
import { hashSecret, newCredential, newEnrolmentCode } from './secrets.js';
import { displayLinkPath } from '../../../shared/house-rules/display-feed.js';
import { retractAgreement } from '../warnings/projection.js';
import { benchmarkSectors, benchmarkSectorSchema, type BenchmarkSector } from '../../../shared/analytics/benchmark.js';

/** The CLI reaches the directory without the HTTP schema, so names are checked here too, by the shared rule. */
function validName(name: string): string {
  const parsed = nameSchema(120).safeParse(name);
  if (!parsed.success) throw new TenancyError('BAD_REQUEST', 'a name is 1-120 characters, without control, bidi-override or lone-surrogate characters');
  return parsed.data;
}

function validSector(sector: string): BenchmarkSector {
  const parsed = benchmarkSectorSchema.safeParse(sector);
  if (!parsed.success) throw new TenancyError('BAD_REQUEST', `a sector is one of ${benchmarkSectors.join(', ')}`);
  return parsed.data;
}

export class TenancyError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
  }
}

/** What an administrator does: organisations, sites, agreements, enrolment codes, revocation. */
export class Directory {
  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createOrganisation(name: string, sector?: string | null): Promise<{ id: string; name: string; sector: BenchmarkSector | null }> {
    const row = { id: randomUUID(), name: validName(name), created_at: this.now().toISOString(), sector: sector === undefined || sector === null ? null : validSector(sector) };
    await this.db.insertInto('organisation').values(row).execute();
    return { id: row.id, name: row.name, sector: row.sector };
  }

  /** The sector the organisation's benchmark figures are compared within, from its next comparison on. */
  async setSector(organisationId: string, sector: string): Promise<{ id: string; sector: BenchmarkSector }> {
    const checked = validSector(sector);
    const result = await this.db.updateTable('organisation').set({ sector: checked }).where('id', '=', organisationId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no organisation ${organisationId}`);
    return { id: organisationId, sector: checked };
  }

  async createSite(name: string): Promise<{ id: string; name: string }> {
    const row = { id: randomUUID(), name: validName(name), created_at: this.now().toISOString() };
    await this.db.insertInto('site').values(row).execute();
    return { id: row.id, name: row.name };
  }

  /** One site (a shared building) can host several organisations. */
  async hostAt(organisationId: string, siteId: string): Promise<void> {
    await this.requireOrganisation(organisationId);
    await this.requireSite(siteId);
    await this.db.insertInto('organisation_site').values({ organisation_id: organisationId, site_id: siteId }).onConflict((c) => c.doNothing()).execute();
  }

  /**
   * `toSiteId` carries `from`'s alarms at `siteId` to `to`'s PCs at another site (a central
   * security desk); the partner must be hosted there, and only alarms can travel that way.
   */
  async createAgreement(input: { siteId: string; from: string; to: string; shareAlarms: boolean; shareWarnings: boolean; shareHouseRules?: boolean; toSiteId?: string | null }): Promise<string> {
    const toSiteId = input.toSiteId ?? null;
    const shareHouseRules = input.shareHouseRules ?? false;
    if (toSiteId !== null && !input.shareAlarms) throw new TenancyError('BAD_REQUEST', 'an agreement with a target site must share alarms');
    if (toSiteId !== null && input.shareWarnings) throw new TenancyError('BAD_REQUEST', 'warnings are shared within one site only; leave out the target site');
    if (toSiteId !== null && shareHouseRules) throw new TenancyError('BAD_REQUEST', 'house rules are shown within one building only; leave out the target site');
    await this.requireHosted(input.from, input.siteId);
    await this.requireHosted(input.to, toSiteId ?? input.siteId);
    const id = randomUUID();
    await this.db
      .insertInto('sharing_agreement')
      .values({
        id,
        site_id: input.siteId,
        from_organisation_id: input.from,
        to_organisation_id: input.to,
        share_alarms: Number(input.shareAlarms),
        share_warnings: Number(input.shareWarnings),
        share_house_rules: Number(shareHouseRules),
        created_at: this.now().toISOString(),
        to_site_id: toSiteId === input.siteId ? null : toSiteId,
      })
      .execute();
    return id;
  }

  /** A one-time code, valid for `hours`, that a device trades for a credential bound to this organisation and site. */
  async createEnrolmentCode(organisationId: string, siteId: string, hours = 24): Promise<{ code: string; expiresAt: string }> {
    await this.requireHosted(organisationId, siteId);
    const code = newEnrolmentCode();
    const expiresAt = addHours(this.now(), hours).toISOString();
    await this.db
      .insertInto('enrolment_code')
      .values({ code_hash: hashSecret(code), organisation_id: organisationId, site_id: siteId, expires_at: expiresAt, used_at: null, device_id: null, created_at: this.now().toISOString() })
      .execute();
    return { code, expiresAt };
  }

  /**
   * A public screen for one organisation at one site. Its credential is shown once, inside the
   * stable link the TV opens; only its hash is stored. It opens the house rules display and nothing else.
   */
  async createDisplay(organisationId: string, siteId: string, name: string): Promise<{ id: string; name: string; credential: string; path: string }> {
    const checked = validName(name);
    await this.requireHosted(organisationId, siteId);
    const id = randomUUID();
    const credential = newCredential();
    await this.db
      .insertInto('display')
      .values({ id, organisation_id: organisationId, site_id: siteId, name: checked, credential_hash: hashSecret(credential), created_at: this.now().toISOString(), last_seen_at: null, revoked_at: null })
      .execute();
    return { id, name: checked, credential, path: displayLinkPath(credential) };
  }

  /** Refused from the next request on; its live socket is closed when the access change is announced (see SocketGuard). */
  async revokeDisplay(displayId: string): Promise<void> {
    const result = await this.db.updateTable('display').set({ revoked_at: this.now().toISOString() }).where('id', '=', displayId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no active display ${displayId}`);
  }

  async listDisplays() {
    return this.db.selectFrom('display').select(['id', 'organisation_id', 'site_id', 'name', 'created_at', 'last_seen_at', 'revoked_at']).orderBy('created_at').execute();
  }

  /** Takes effect on the device's next request: every request looks the device up afresh. */
  async revokeDevice(deviceId: string): Promise<void> {
    const result = await this.db.updateTable('device').set({ revoked_at: this.now().toISOString() }).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no active device ${deviceId}`);
  }

  /** Its devices are refused from their next request on, and their open sockets are closed (see SocketGuard). */
  async disableOrganisation(organisationId: string): Promise<void> {
    const result = await this.db.updateTable('organisation').set({ disabled_at: this.now().toISOString() }).where('id', '=', organisationId).where('disabled_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no enabled organisation ${organisationId}`);
  }

  /** From now on the agreement carries no alarm, beacon or key; each alarm's audience is read afresh. */
  async endAgreement(agreementId: string): Promise<void> {
    const result = await this.db.updateTable('sharing_agreement').set({ ended_at: this.now().toISOString() }).where('id', '=', agreementId).where('ended_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no current agreement ${agreementId}`);
    // The partner's copies of shared warnings go with the agreement: tombstones wipe them on its PCs.
    await retractAgreement(this.db, agreementId, this.now());
  }

  async listAgreements() {
    return this.db.selectFrom('sharing_agreement').selectAll().orderBy('created_at').execute();
  }

  async listDevices(organisationId?: string) {
    let query = this.db.selectFrom('device').select(['id', 'organisation_id', 'site_id', 'name', 'acked_seq', 'created_at', 'last_seen_at', 'revoked_at']);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    return query.orderBy('created_at').execute();
  }

  private async requireOrganisation(id: string): Promise<void> {
    const found = await this.db.selectFrom('organisation').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw new TenancyError('NOT_FOUND', `no organisation ${id}`);
  }

  private async requireSite(id: string): Promise<void> {
    const found = await this.db.selectFrom('site').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw new TenancyError('NOT_FOUND', `no site ${id}`);
  }

  /**
   * An organisation's enrolment token for one site (for the machine-wide configuration): PCs
   * that present it ask to be enrolled, and wait for `approveDevice`. Shown once, stored as a hash.
   */
  async createEnrolmentToken(organisationId: string, siteId: string, days = 90): Promise<{ id: string; token: string; expiresAt: string }> {
    await this.requireHosted(organisationId, siteId);
    const id = randomUUID();
    const token = newCredential();
    const expiresAt = addDays(this.now(), days).toISOString();
    await this.db.insertInto('enrolment_token').values({ id, token_hash: hashSecret(token), organisation_id: organisationId, site_id: siteId, expires_at: expiresAt, created_at: this.now().toISOString() }).execute();
    return { id, token, expiresAt };
  }

  /** PCs that asked with a token and wait for an administrator, oldest first. */
  async pendingDevices(): Promise<{ device_id: string; device_name: string; organisation_id: string; site_id: string; requested_at: string }[]> {
    return this.db
      .selectFrom('enrolment_request')
      .select(['device_id', 'device_name', 'organisation_id', 'site_id', 'requested_at'])
      .where('approved_at', 'is', null)
      .orderBy('requested_at')
      .orderBy('device_id')
      .execute();
  }

  /** The PC gets its credential the next time it asks. */
  async approveDevice(deviceId: string, approvedBy: string): Promise<void> {
    const result = await this.db.updateTable('enrolment_request').set({ approved_at: this.now().toISOString(), approved_by: approvedBy }).where('device_id', '=', deviceId).where('approved_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TenancyError('NOT_FOUND', `no pending device ${deviceId}`);
  }

  private async requireHosted(organisationId: string, siteId: string): Promise<void> {
    const found = await this.db
      .selectFrom('organisation_site')
      .innerJoin('organisation', 'organisation.id', 'organisation_site.organisation_id')
      .select(['organisation_site.site_id', 'organisation.disabled_at'])
      .where('organisation_site.organisation_id', '=', organisationId)
      .where('organisation_site.site_id', '=', siteId)
      .executeTakeFirst();
    if (!found) throw new TenancyError('BAD_REQUEST', `organisation ${organisationId} is not at site ${siteId}`);
    if (found.disabled_at) throw new TenancyError('BAD_REQUEST', `organisation ${organisationId} is disabled`);
  }
}
