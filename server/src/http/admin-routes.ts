import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { idSchema } from '../../../shared/domain/ids.js';
import { nameSchema } from '../../../shared/domain/names.js';
import { benchmarkSectorSchema } from '../../../shared/analytics/benchmark.js';
import type { ServerDatabase } from '../db/schema.js';
import { keyRotationSchema, sitePolicyUpdateSchema } from '../../../shared/alarm/site-policy.js';
import { rotateAlarmKey } from '../tenancy/alarm-keys.js';
import { pacConfigUpdateSchema, readPacConfigView, updatePacConfig } from '../pac/pac-config.js';
import type { RelayBus } from '../realtime/relay-bus.js';
import { Directory, TenancyError } from '../tenancy/directory.js';
import { updateSitePolicy } from '../tenancy/site-policy.js';
import { auditQuerySchema, pacAuditDetail, readAdminLog, recordAdminAction, type AdminAction } from '../tenancy/audit.js';
import { requireAdmin } from './auth.js';
import type { AlarmKeySeal } from '../tenancy/server-key.js';
import { sendError } from './errors.js';
import { parseInput, type RouteDoc } from './route-docs.js';

const named = z.strictObject({ name: nameSchema(120) });
const newOrganisation = named.extend({ sector: benchmarkSectorSchema.nullable().default(null) });
const sectorUpdate = z.strictObject({ sector: benchmarkSectorSchema });
const hosting = z.strictObject({ organisation_id: idSchema, site_id: idSchema });
const codeRequest = hosting.extend({ valid_hours: z.number().int().min(1).max(24 * 14).default(24) });
const agreement = z.strictObject({ site_id: idSchema, from_organisation_id: idSchema, to_organisation_id: idSchema, share_alarms: z.boolean(), share_warnings: z.boolean(), share_house_rules: z.boolean().default(false), to_site_id: idSchema.nullable().default(null) });
const newDisplay = hosting.extend({ name: nameSchema(120) });
const idParams = z.strictObject({ id: idSchema });

const docs = {
  createOrganisation: { summary: "Create an organisation (its sector for the benchmark is optional)", auth: 'admin', body: newOrganisation },
  setSector: { summary: "Set the sector an organisation's benchmark figures are compared within", auth: 'admin', params: idParams, body: sectorUpdate },
  createSite: { summary: "Create a site (a building)", auth: 'admin', body: named },
  hosting: { summary: "An organisation works at a site", auth: 'admin', body: hosting },
  agreement: { summary: "A sharing agreement between two organisations at a site", auth: 'admin', body: agreement },
  enrolmentCode: { summary: "A one-time enrolment code for a PC", auth: 'admin', body: codeRequest },
  createDisplay: { summary: "A TV's display link (the credential is in the answer once)", auth: 'admin', body: newDisplay },
  displays: { summary: "List displays, revoked ones too", auth: 'admin' },
  revokeDisplay: { summary: "Revoke a display; its open page is disconnected", auth: 'admin', params: idParams },
  devices: { summary: "List devices", auth: 'admin' },
  revokeDevice: { summary: "Revoke a device; its open sockets close", auth: 'admin', params: idParams },
  disableOrganisation: { summary: "Switch an organisation off", auth: 'admin', params: idParams },
  agreements: { summary: "List sharing agreements, ended ones too", auth: 'admin' },
  endAgreement: { summary: "End an agreement", auth: 'admin', params: idParams },
  rotateAlarmKey: { summary: "A new LAN signing key; the old one is accepted for grace_s more", auth: 'admin', params: idParams, body: keyRotationSchema, bodyOptional: true },
  alarmPolicy: { summary: "Set a site's alarm escalation and groups", auth: 'admin', params: idParams, body: sitePolicyUpdateSchema.strict() },
  setPac: { summary: "Set a site's alarm receiving centre (its key never comes out)", auth: 'admin', params: idParams, body: pacConfigUpdateSchema },
  log: { summary: "Who changed what, newest first", auth: 'admin', query: auditQuerySchema },
  pac: { summary: "A site's alarm receiving centre (never its key)", auth: 'admin', params: idParams },
} as const satisfies Record<string, RouteDoc>;

/** The same operations as the admin CLI, for administrators who run the server remotely. */
export async function adminRoutes(
  app: FastifyInstance,
  { db, pokes, adminToken, now, pac, alarmKeySeal }: { db: Kysely<ServerDatabase>; pokes: RelayBus; adminToken: string | undefined; now: () => Date; pac?: { configChanged(siteId: string): void }; alarmKeySeal: AlarmKeySeal },
): Promise<void> {
  const directory = new Directory(db, now);
  /** Every instance re-checks its live sockets now, not at the next periodic check. */
  const accessEnded = async () => {
    await pokes.publishAccessChange();
    return { ok: true };
  };
  const onRequest = requireAdmin(adminToken);
  /** Runs a change and, once it succeeded, logs who made it (see recordAdminAction); reads pass no `audit`. */
  const run = async <T>(reply: FastifyReply, work: () => Promise<T>, status = 200, audit?: { action: AdminAction; target: (result: T) => string | null; detail: Record<string, unknown> }) => {
    try {
      const result = await work();
      if (audit) await recordAdminAction(db, { actor: `api ${reply.request.ip}`, action: audit.action, target: audit.target(result), detail: audit.detail }, now());
      return reply.code(status).send(result);
    } catch (error) {
      if (error instanceof TenancyError) return sendError(reply, error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message);
      throw error;
    }
  };

  app.post('/v1/admin/organisations', { onRequest, config: { doc: docs.createOrganisation } }, async (request, reply) => {
    const body = parseInput(docs.createOrganisation, 'body', request, reply);
    return body ? run(reply, () => directory.createOrganisation(body.name, body.sector), 201, { action: 'create-organisation', target: (made) => made.id, detail: { name: body.name, sector: body.sector } }) : reply;
  });
  app.put('/v1/admin/organisations/:id/sector', { onRequest, config: { doc: docs.setSector } }, async (request, reply) => {
    const params = parseInput(docs.setSector, 'params', request, reply);
    const body = params && parseInput(docs.setSector, 'body', request, reply);
    return params && body ? run(reply, () => directory.setSector(params.id, body.sector), 200, { action: 'set-sector', target: () => params.id, detail: body }) : reply;
  });
  app.post('/v1/admin/sites', { onRequest, config: { doc: docs.createSite } }, async (request, reply) => {
    const body = parseInput(docs.createSite, 'body', request, reply);
    return body ? run(reply, () => directory.createSite(body.name), 201, { action: 'create-site', target: (made) => made.id, detail: { name: body.name } }) : reply;
  });
  app.post('/v1/admin/hosting', { onRequest, config: { doc: docs.hosting } }, async (request, reply) => {
    const body = parseInput(docs.hosting, 'body', request, reply);
    return body ? run(reply, async () => (await directory.hostAt(body.organisation_id, body.site_id), { ok: true }), 201, { action: 'host', target: () => body.organisation_id, detail: { site_id: body.site_id } }) : reply;
  });
  app.post('/v1/admin/agreements', { onRequest, config: { doc: docs.agreement } }, async (request, reply) => {
    const body = parseInput(docs.agreement, 'body', request, reply);
    return body
      ? run(
          reply,
          async () => {
            const id = await directory.createAgreement({ siteId: body.site_id, from: body.from_organisation_id, to: body.to_organisation_id, shareAlarms: body.share_alarms, shareWarnings: body.share_warnings, shareHouseRules: body.share_house_rules, toSiteId: body.to_site_id });
            // The realtime fan-out caches agreements per site; this one takes effect at once.
            await pokes.publishAgreements(body.site_id);
            return { id };
          },
          201,
          { action: 'agreement', target: (made) => made.id, detail: body },
        )
      : reply;
  });
  app.post('/v1/admin/enrolment-codes', { onRequest, config: { doc: docs.enrolmentCode } }, async (request, reply) => {
    const body = parseInput(docs.enrolmentCode, 'body', request, reply);
    // The code itself is never logged: it is a credential until it is used.
    return body ? run(reply, () => directory.createEnrolmentCode(body.organisation_id, body.site_id, body.valid_hours), 201, { action: 'enrolment-code', target: () => body.organisation_id, detail: { site_id: body.site_id, valid_hours: body.valid_hours } }) : reply;
  });
  /** A TV's display link. The credential is in the answer once and never in the log: it opens the display until revoked. */
  app.post('/v1/admin/displays', { onRequest, config: { doc: docs.createDisplay } }, async (request, reply) => {
    const body = parseInput(docs.createDisplay, 'body', request, reply);
    return body ? run(reply, () => directory.createDisplay(body.organisation_id, body.site_id, body.name), 201, { action: 'create-display', target: (made) => made.id, detail: { organisation_id: body.organisation_id, site_id: body.site_id, name: body.name } }) : reply;
  });
  app.get('/v1/admin/displays', { onRequest, config: { doc: docs.displays } }, async (_request, reply) => run(reply, () => directory.listDisplays()));
  app.post('/v1/admin/displays/:id/revoke', { onRequest, config: { doc: docs.revokeDisplay } }, async (request, reply) => {
    const params = parseInput(docs.revokeDisplay, 'params', request, reply);
    return params ? run(reply, async () => (await directory.revokeDisplay(params.id), accessEnded()), 200, { action: 'revoke-display', target: () => params.id, detail: {} }) : reply;
  });
  app.get('/v1/admin/devices', { onRequest, config: { doc: docs.devices } }, async (_request, reply) => run(reply, () => directory.listDevices()));
  app.post('/v1/admin/devices/:id/revoke', { onRequest, config: { doc: docs.revokeDevice } }, async (request, reply) => {
    const params = parseInput(docs.revokeDevice, 'params', request, reply);
    return params ? run(reply, async () => (await directory.revokeDevice(params.id), accessEnded()), 200, { action: 'revoke', target: () => params.id, detail: {} }) : reply;
  });
  app.post('/v1/admin/organisations/:id/disable', { onRequest, config: { doc: docs.disableOrganisation } }, async (request, reply) => {
    const params = parseInput(docs.disableOrganisation, 'params', request, reply);
    return params ? run(reply, async () => (await directory.disableOrganisation(params.id), accessEnded()), 200, { action: 'disable-organisation', target: () => params.id, detail: {} }) : reply;
  });
  app.get('/v1/admin/agreements', { onRequest, config: { doc: docs.agreements } }, async (_request, reply) => run(reply, () => directory.listAgreements()));
  app.post('/v1/admin/agreements/:id/end', { onRequest, config: { doc: docs.endAgreement } }, async (request, reply) => {
    const params = parseInput(docs.endAgreement, 'params', request, reply);
    return params ? run(reply, async () => (await directory.endAgreement(params.id), accessEnded()), 200, { action: 'end-agreement', target: () => params.id, detail: {} }) : reply;
  });
  /** A new LAN signing key for the organisation; the old one is accepted for `grace_s` more. Public facts only in the answer. */
  app.post('/v1/admin/organisations/:id/alarm-key/rotate', { onRequest, config: { doc: docs.rotateAlarmKey } }, async (request, reply) => {
    const params = parseInput(docs.rotateAlarmKey, 'params', request, reply);
    const body = params && parseInput(docs.rotateAlarmKey, 'body', request, reply);
    return params && body ? run(reply, () => rotateAlarmKey(db, alarmKeySeal, params.id, body.grace_s, now()), 200, { action: 'rotate-alarm-key', target: () => params.id, detail: { grace_s: body.grace_s } }) : reply;
  });
  app.put('/v1/admin/sites/:id/alarm-policy', { onRequest, config: { doc: docs.alarmPolicy } }, async (request, reply) => {
    const params = parseInput(docs.alarmPolicy, 'params', request, reply);
    const body = params && parseInput(docs.alarmPolicy, 'body', request, reply);
    return params && body ? run(reply, async () => {
      const { escalation_after_s, groups } = await updateSitePolicy(db, params.id, body, now());
      return { escalation_after_s, groups };
    }, 200, { action: 'alarm-policy', target: () => params.id, detail: body }) : reply;
  });
  // The alarm receiving centre's key goes in and never comes out: the view says only whether one is set.
  app.put('/v1/admin/sites/:id/pac', { onRequest, config: { doc: docs.setPac } }, async (request, reply) => {
    const params = parseInput(docs.setPac, 'params', request, reply);
    const body = params && parseInput(docs.setPac, 'body', request, reply);
    return params && body ? run(reply, async () => {
      const view = await updatePacConfig(db, params.id, body, now());
      pac?.configChanged(params.id);
      return view;
    }, 200, { action: 'pac', target: () => params.id, detail: pacAuditDetail(body) }) : reply;
  });
  app.get('/v1/admin/log', { onRequest, config: { doc: docs.log } }, async (request, reply) => {
    const query = parseInput(docs.log, 'query', request, reply);
    return query ? run(reply, () => readAdminLog(db, query)) : reply;
  });
  app.get('/v1/admin/sites/:id/pac', { onRequest, config: { doc: docs.pac } }, async (request, reply) => {
    const params = parseInput(docs.pac, 'params', request, reply);
    return params ? run(reply, () => readPacConfigView(db, params.id)) : reply;
  });
}
