import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { pacStatusSchema } from '../../../shared/alarm/pac-status.js';
import { pathMessageSchema, type PathMessage } from '../../../shared/alarm/readiness.js';
import { idSchema } from '../../../shared/domain/ids.js';
import type { ServerDatabase } from '../db/schema.js';

export type PokeListener = (organisationIds: readonly string[] | 'all') => void;
/** The alarm-sharing agreements of a site changed ('all': maybe any, e.g. after a lost connection). */
export type AgreementListener = (siteId: string | 'all') => void;
/** Someone's access shrank (a device revoked, an organisation disabled, an agreement ended): live sockets are checked again. */
export type AccessListener = () => void;

/** The PAC's answer for one device's alarm, bound for whichever instance holds that device's socket. */
const pacEnvelopeSchema = z.strictObject({ pac_for_device: idSchema, status: pacStatusSchema });
export type PacEnvelope = z.infer<typeof pacEnvelopeSchema>;
/** On the alarm channel: an alarm message or beacon (checked against its sender's scope where it came in), or a PAC envelope. */
export type Relayed = PathMessage | PacEnvelope;
const relayedSchema = z.union([pacEnvelopeSchema, pathMessageSchema]);
export const isPacEnvelope = (relayed: Relayed): relayed is PacEnvelope => 'pac_for_device' in relayed;

/**
 * Across server instances: (1) after a commit, which organisations changed (content-free
 * pokes: devices then pull); (2) what must reach devices on every instance now.
 */
export interface RelayBus {
  publish(organisationIds: readonly string[]): Promise<void>;
  subscribe(listener: PokeListener): () => void;
  publishAlarm(relayed: Relayed): Promise<void>;
  subscribeAlarm(listener: (relayed: Relayed) => void): () => void;
  publishAgreements(siteId: string): Promise<void>;
  subscribeAgreements(listener: AgreementListener): () => void;
  publishAccessChange(): Promise<void>;
  subscribeAccessChange(listener: AccessListener): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'vangnet_poke';
const ALARM_CHANNEL = 'vangnet_alarm';
/** Also raised by a trigger on sharing_agreement, so a change from the admin CLI reaches every instance. */
export const AGREEMENT_CHANNEL = 'vangnet_agreement';
export const ACCESS_CHANNEL = 'vangnet_access';

/** The admin CLI is its own process without a bus: on PostgreSQL it notifies the servers itself. */
export async function notifyAccessChange(db: Kysely<ServerDatabase>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // SQLite servers find out at their next periodic re-check.
  if (dialect === 'postgres') await sql`SELECT pg_notify(${ACCESS_CHANNEL}, '')`.execute(db);
}

/** This process's listeners: both modes deliver to them. */
function localListeners() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const on =
    <T>(event: 'poke' | 'alarm' | 'agreements' | 'access') =>
    (listener: (value: T) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    };
  return {
    emitter,
    subscribe: on<readonly string[] | 'all'>('poke'),
    subscribeAlarm: on<Relayed>('alarm'),
    subscribeAgreements: on<string | 'all'>('agreements'),
    subscribeAccessChange: on<void>('access') as (listener: AccessListener) => () => void,
  };
}

/** Embedded mode: one process, one emitter. */
export function inProcessRelay(): RelayBus {
  const { emitter, ...subscriptions } = localListeners();
  const emit = (event: 'poke' | 'alarm' | 'agreements' | 'access', value?: unknown) => Promise.resolve(void emitter.emit(event, value));
  return {
    ...subscriptions,
    publish: (organisationIds) => emit('poke', organisationIds),
    publishAlarm: (relayed) => emit('alarm', relayed),
    publishAgreements: (siteId) => emit('agreements', siteId),
    publishAccessChange: () => emit('access'),
    close: () => Promise.resolve(),
  };
}

/**
 * PostgreSQL mode: NOTIFY reaches every instance's LISTEN connection (one dedicated
 * connection each). If that connection drops, notifications may be lost, so on
 * reconnecting it pokes everyone; devices also poll as a last resort.
 */
export async function postgresRelay(url: string, db: Kysely<ServerDatabase>, logger: Logger): Promise<RelayBus> {
  const { emitter, ...subscriptions } = localListeners();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    // Anything that can NOTIFY may have written this: it is checked here, and only here.
    next.on('notification', ({ channel, payload }) => {
      if (channel === ACCESS_CHANNEL) return void emitter.emit('access');
      if (channel === AGREEMENT_CHANNEL) return void emitter.emit('agreements', payload || 'all');
      try {
        const json: unknown = JSON.parse(payload ?? 'null');
        const relayed = relayedSchema.safeParse(json);
        if (channel === ALARM_CHANNEL && relayed.success) return void emitter.emit('alarm', relayed.data);
        if (channel === CHANNEL && Array.isArray(json)) return void emitter.emit('poke', json.filter((id): id is string => typeof id === 'string'));
      } catch {
        /* not JSON: warned below */
      }
      logger.warn({ channel }, 'ignored a malformed notification');
    });
    next.on('error', (error) => logger.warn({ err: error }, 'poke listener connection failed'));
    next.on('end', () => {
      client = null;
      if (!closed) setTimeout(() => void reconnect(), retryMs);
    });
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    await next.query(`LISTEN ${ALARM_CHANNEL}`);
    await next.query(`LISTEN ${AGREEMENT_CHANNEL}`);
    await next.query(`LISTEN ${ACCESS_CHANNEL}`);
    client = next;
    retryMs = 250;
  };
  const reconnect = async (): Promise<void> => {
    try {
      await connect();
      // Notifications may have been lost while disconnected.
      emitter.emit('poke', 'all');
      emitter.emit('agreements', 'all');
      emitter.emit('access');
    } catch (error) {
      logger.warn({ err: error }, 'poke listener reconnect failed');
      retryMs = Math.min(retryMs * 2, 10_000);
      if (!closed) setTimeout(() => void reconnect(), retryMs);
    }
  };
  await connect();

  return {
    ...subscriptions,
    async publish(organisationIds) {
      await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(organisationIds)})`.execute(db);
    },
    async publishAlarm(relayed) {
      await sql`SELECT pg_notify(${ALARM_CHANNEL}, ${JSON.stringify(relayed)})`.execute(db);
    },
    async publishAgreements(siteId) {
      await sql`SELECT pg_notify(${AGREEMENT_CHANNEL}, ${siteId})`.execute(db);
    },
    async publishAccessChange() {
      await sql`SELECT pg_notify(${ACCESS_CHANNEL}, '')`.execute(db);
    },
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
