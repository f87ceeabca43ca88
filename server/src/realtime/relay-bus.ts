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
  close(): Promise<void>;
}

const CHANNEL = 'vangnet_poke';
const ALARM_CHANNEL = 'vangnet_alarm';

/** This process's listeners: both modes deliver to them. */
function localListeners() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const on =
    <T>(event: 'poke' | 'alarm') =>
    (listener: (value: T) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    };
  return { emitter, subscribe: on<readonly string[] | 'all'>('poke'), subscribeAlarm: on<Relayed>('alarm') };
}

/** Embedded mode: one process, one emitter. */
export function inProcessRelay(): RelayBus {
  const { emitter, subscribe, subscribeAlarm } = localListeners();
  const emit = (event: 'poke' | 'alarm', value: unknown) => Promise.resolve(void emitter.emit(event, value));
  return { subscribe, subscribeAlarm, publish: (organisationIds) => emit('poke', organisationIds), publishAlarm: (relayed) => emit('alarm', relayed), close: () => Promise.resolve() };
}

/**
 * PostgreSQL mode: NOTIFY reaches every instance's LISTEN connection (one dedicated
 * connection each). If that connection drops, notifications may be lost, so on
 * reconnecting it pokes everyone; devices also poll as a last resort.
 */
export async function postgresRelay(url: string, db: Kysely<ServerDatabase>, logger: Logger): Promise<RelayBus> {
  const { emitter, subscribe, subscribeAlarm } = localListeners();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    // Anything that can NOTIFY may have written this: it is checked here, and only here.
    next.on('notification', ({ channel, payload }) => {
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
    client = next;
    retryMs = 250;
  };
  const reconnect = async (): Promise<void> => {
    try {
      await connect();
      emitter.emit('poke', 'all');
    } catch (error) {
      logger.warn({ err: error }, 'poke listener reconnect failed');
      retryMs = Math.min(retryMs * 2, 10_000);
      if (!closed) setTimeout(() => void reconnect(), retryMs);
    }
  };
  await connect();

  return {
    subscribe,
    subscribeAlarm,
    async publish(organisationIds) {
      await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(organisationIds)})`.execute(db);
    },
    async publishAlarm(relayed) {
      await sql`SELECT pg_notify(${ALARM_CHANNEL}, ${JSON.stringify(relayed)})`.execute(db);
    },
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
