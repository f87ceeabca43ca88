import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sitePolicySchema } from '../../../shared/alarm/site-policy.js';
import { enrolRequestSchema, enrolResponseSchema, enrolTokenRequestSchema, MIN_SYNC_SCHEMA_VERSION, pullQuerySchema, pullResponseWireSchema, pushRequestSchema, pushResponseSchema, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { warningKeysSchema } from '../../../shared/warnings/warning.js';
import type { ServerDatabase } from '../db/schema.js';
import type { RelayBus } from '../realtime/relay-bus.js';
import { pullPage } from '../sync/pull.js';
import { pushBatch } from '../sync/push.js';
import { enrolDevice, requestEnrolment } from '../tenancy/devices.js';
import { sitePolicy } from '../tenancy/site-policy.js';
import { warningKeysFor, type WarningSecret } from '../warnings/projection.js';
import { deviceOf, requireDevice } from './auth.js';
import { sendError } from './errors.js';
import { parseInput, type RouteDoc } from './route-docs.js';
import type { AlarmKeySeal } from '../tenancy/server-key.js';
import type { Metrics } from './metrics.js';

export interface SyncRouteDeps {
  db: Kysely<ServerDatabase>;
  relay: RelayBus;
  metrics: Metrics;
  now: () => Date;
  rateLimitPerMinute: number;
  warningSecret: WarningSecret;
  alarmKeySeal: AlarmKeySeal;
}

const docs = {
  enrol: { summary: 'Trade a one-time enrolment code for a device credential', auth: 'none', body: enrolRequestSchema, response: enrolResponseSchema, status: 201 },
  push: { summary: 'Send outbox ops (one transaction); answers what was acknowledged and refused', auth: 'device', body: pushRequestSchema, response: pushResponseSchema },
  enrolByToken: { summary: "A PC asks to be enrolled with its organisation's token: 202 pending until an administrator approves it, then 201 with its credential, once", auth: 'none', body: enrolTokenRequestSchema, response: enrolResponseSchema, status: 201 },
  pull: { summary: "Rows of the device's scope above the cursor, in version order", auth: 'device', query: pullQuerySchema, response: pullResponseWireSchema },
  sitePolicy: { summary: "The alarm policy of the device's site and the LAN signing keys", auth: 'device', response: sitePolicySchema },
  warningKeys: { summary: 'The keys of warnings shared with this organisation at this site', auth: 'device', response: warningKeysSchema },
} as const satisfies Record<string, RouteDoc>;

const supported = (version: number) => version >= MIN_SYNC_SCHEMA_VERSION && version <= SYNC_SCHEMA_VERSION;

export async function syncRoutes(app: FastifyInstance, { db, relay, metrics, now, rateLimitPerMinute, warningSecret, alarmKeySeal }: SyncRouteDeps): Promise<void> {
  const device = requireDevice(db);
  const perDevice = { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } };

  app.post('/v1/enrol', { config: { doc: docs.enrol, rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = parseInput(docs.enrol, 'body', request, reply);
    if (!body) return reply;
    if (!supported(body.schema_version)) return sendError(reply, 409, 'SCHEMA_UNSUPPORTED', `this server speaks sync schema ${MIN_SYNC_SCHEMA_VERSION}..${SYNC_SCHEMA_VERSION}`);
    const enrolled = await enrolDevice(db, body, now());
    if (!enrolled) return sendError(reply, 403, 'ENROLMENT_CODE_INVALID', 'this enrolment code is unknown, used or expired (or the device is enrolled already)');
    return reply.code(201).send(enrolled);
  });

  app.post('/v1/enrol/request', { config: { doc: docs.enrolByToken, rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = parseInput(docs.enrolByToken, 'body', request, reply);
    if (!body) return reply;
    if (!supported(body.schema_version)) return sendError(reply, 409, 'SCHEMA_UNSUPPORTED', `this server speaks sync schema ${MIN_SYNC_SCHEMA_VERSION}..${SYNC_SCHEMA_VERSION}`);
    const outcome = await requestEnrolment(db, body, now());
    if (outcome.status === 'refused') return sendError(reply, 403, 'ENROLMENT_CODE_INVALID', 'this enrolment token is unknown or expired, or this PC asked with another key or is enrolled already');
    return outcome.status === 'pending' ? reply.code(202).send({ status: 'pending' }) : reply.code(201).send(outcome.enrolled);
  });

  app.post('/v1/sync/push', { onRequest: device, config: { ...perDevice, doc: docs.push } }, async (request, reply) => {
    const body = parseInput(docs.push, 'body', request, reply);
    if (!body) return reply;
    if (!supported(body.schema_version)) return sendError(reply, 409, 'SCHEMA_UNSUPPORTED', `this server speaks sync schema ${MIN_SYNC_SCHEMA_VERSION}..${SYNC_SCHEMA_VERSION}`);
    const outcome = await pushBatch(db, deviceOf(request), body, now(), warningSecret);
    metrics.pushedOps.inc({ outcome: 'applied' }, outcome.applied);
    metrics.pushedOps.inc({ outcome: 'rejected' }, outcome.response.rejected.length);
    if (outcome.changedOrganisations.length > 0) {
      await relay.publish(outcome.changedOrganisations).catch((error: unknown) => request.log.warn({ err: error }, 'poke failed; devices will poll'));
    }
    return outcome.response;
  });

  app.get('/v1/sync/pull', { onRequest: device, config: { ...perDevice, doc: docs.pull } }, async (request, reply) => {
    const query = parseInput(docs.pull, 'query', request, reply);
    if (!query) return reply;
    if (!supported(query.schema_version)) return sendError(reply, 409, 'SCHEMA_UNSUPPORTED', `this server speaks sync schema ${MIN_SYNC_SCHEMA_VERSION}..${SYNC_SCHEMA_VERSION}`);
    const page = await pullPage(db, deviceOf(request), query);
    metrics.pulledRows.inc(page.rowCount);
    return reply.type('application/json; charset=utf-8').send(page.json);
  });

  /** The alarm policy of the device's own site: escalation, its organisation's signing key, the keys it checks. */
  app.get('/v1/site-policy', { onRequest: device, config: { ...perDevice, doc: docs.sitePolicy } }, async (request) => sitePolicy(db, alarmKeySeal, deviceOf(request), now()));

  /** The keys under which partners' warnings reach this organisation at this site, and its own key for the access log. */
  app.get('/v1/warning-keys', { onRequest: device, config: { ...perDevice, doc: docs.warningKeys } }, async (request, reply) => reply.header('cache-control', 'no-store').send(await warningKeysFor(db, warningSecret, deviceOf(request))));
}
