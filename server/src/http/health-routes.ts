import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import { sendError } from './errors.js';
import type { Metrics } from './metrics.js';

export async function healthRoutes(app: FastifyInstance, { db, metrics, dialect }: { db: Kysely<ServerDatabase>; metrics: Metrics; dialect: string }): Promise<void> {
  app.get('/health', { config: { doc: { summary: 'The process answers (liveness)', auth: 'none' } } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { doc: { summary: 'The database answers (readiness); 503 when it does not', auth: 'none' } } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ready', storage: dialect };
    } catch {
      return sendError(reply, 503, 'UNAVAILABLE', 'the database does not answer');
    }
  });
  app.get('/metrics', { config: { doc: { summary: 'Prometheus metrics', auth: 'none', produces: 'text' } } }, async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
