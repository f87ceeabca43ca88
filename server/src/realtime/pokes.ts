import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ServerDatabase } from '../db/schema.js';

export type PokeListener = (organisationIds: readonly string[] | 'all') => void;
/** An alarm message to fan out; the server already checked it came from its sender's own scope. */
export type AlarmRelayListener = (message: unknown) => void;
/** The alarm-sharing agreements of a site changed ('all': maybe any, e.g. after a lost connection). */
export type AgreementListener = (siteId: string | 'all') => void;
/** Someone's access shrank (a device revoked, an organisation disabled, an agreement ended): live sockets are checked again. */
export type AccessListener = () => void;

/**
 * Across server instances: (1) after a commit, which organisations changed (content-free:
 * devices then pull); (2) alarm messages, which must reach devices on every instance now;
 * (3) which site's agreements changed, so every instance drops its cached audience.
 */
export interface PokeBus {
  publish(organisationIds: readonly string[]): Promise<void>;
  subscribe(listener: PokeListener): () => void;
  publishAlarm(message: unknown): Promise<void>;
  subscribeAlarm(listener: AlarmRelayListener): () => void;
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

/** Embedded mode: one process, one emitter. */
export function inProcessPokes(): PokeBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(organisationIds) {
      emitter.emit('poke', organisationIds);
      return Promise.resolve();
    },
    subscribe(listener) {
      emitter.on('poke', listener);
      return () => emitter.off('poke', listener);
    },
    publishAlarm(message) {
      emitter.emit('alarm', message);
      return Promise.resolve();
    },
    subscribeAlarm(listener) {
      emitter.on('alarm', listener);
      return () => emitter.off('alarm', listener);
    },
    publishAgreements(siteId) {
      emitter.emit('agreements', siteId);
      return Promise.resolve();
    },
    subscribeAgreements(listener) {
      emitter.on('agreements', listener);
      return () => emitter.off('agreements', listener);
    },
    publishAccessChange() {
      emitter.emit('access');
      return Promise.resolve();
    },
    subscribeAccessChange(listener) {
      emitter.on('access', listener);
      return () => emitter.off('access', listener);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * PostgreSQL mode: NOTIFY reaches every instance's LISTEN connection (one dedicated
 * connection each). If that connection drops, notifications may be lost, so on
 * reconnecting it pokes everyone; devices also poll as a last resort.
 */
export async function postgresPokes(url: string, db: Kysely<ServerDatabase>, logger: Logger): Promise<PokeBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === ACCESS_CHANNEL) {
        emitter.emit('access');
        return;
      }
      if (message.channel === ALARM_CHANNEL) {
        try {
          emitter.emit('alarm', JSON.parse(message.payload ?? 'null'));
        } catch {
          logger.warn('ignored a malformed alarm notification');
        }
        return;
      }
      if (message.channel === AGREEMENT_CHANNEL) {
        emitter.emit('agreements', message.payload || 'all');
        return;
      }
      try {
        const ids = JSON.parse(message.payload ?? '[]') as unknown;
        if (Array.isArray(ids)) emitter.emit('poke', ids.filter((id): id is string => typeof id === 'string'));
      } catch {
        logger.warn('ignored a malformed poke notification');
      }
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
      emitter.emit('poke', 'all');
      emitter.emit('agreements', 'all');
      emitter.emit('access'); // a revocation may have been missed while disconnected
    } catch (error) {
      logger.warn({ err: error }, 'poke listener reconnect failed');
      retryMs = Math.min(retryMs * 2, 10_000);
      if (!closed) setTimeout(() => void reconnect(), retryMs);
    }
  };
  await connect();

  return {
    async publish(organisationIds) {
      await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(organisationIds)})`.execute(db);
    },
    subscribe(listener) {
      emitter.on('poke', listener);
      return () => emitter.off('poke', listener);
    },
    async publishAlarm(message) {
      await sql`SELECT pg_notify(${ALARM_CHANNEL}, ${JSON.stringify(message)})`.execute(db);
    },
    subscribeAlarm(listener) {
      emitter.on('alarm', listener);
      return () => emitter.off('alarm', listener);
    },
    async publishAgreements(siteId) {
      await sql`SELECT pg_notify(${AGREEMENT_CHANNEL}, ${siteId})`.execute(db);
    },
    subscribeAgreements(listener) {
      emitter.on('agreements', listener);
      return () => emitter.off('agreements', listener);
    },
    async publishAccessChange() {
      await sql`SELECT pg_notify(${ACCESS_CHANNEL}, '')`.execute(db);
    },
    subscribeAccessChange(listener) {
      emitter.on('access', listener);
      return () => emitter.off('access', listener);
    },
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
