import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import { sendError } from './errors.js';
import type { Metrics } from './metrics.js';

export async function healthRoutes(app: FastifyInstance, { db, metrics, dialect }: { db: Kysely<ServerDatabase>; metrics: Metrics; dialect: string }): Promise<void> {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ready', storage: dialect };
    } catch {
      return sendError(reply, 503, 'UNAVAILABLE', 'the database does not answer');
    }
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
