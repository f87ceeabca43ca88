import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { benchmarkComparisonSchema, benchmarkParticipationSchema, benchmarkShareSchema, benchmarkStatusSchema, shareProblem } from '../../../shared/analytics/benchmark.js';
import { benchmarkComparison, BenchmarkRefusal, benchmarkStatus, setParticipation, storeShare } from '../benchmark/benchmark-store.js';
import type { ServerDatabase } from '../db/schema.js';
import { deviceOf, requireDevice } from './auth.js';
import { sendError } from './errors.js';
import { parseInput, type RouteDoc } from './route-docs.js';

const docs = {
  status: { summary: "Whether the device's organisation takes part in the benchmark, its sector and when it last shared", auth: 'device', response: benchmarkStatusSchema },
  participation: { summary: 'Opt the organisation in or out (opting out deletes its counts)', auth: 'device', body: benchmarkParticipationSchema, response: benchmarkStatusSchema },
  share: { summary: 'Monthly counts by form and channel, nothing else; the months sent replace those stored', auth: 'device', body: benchmarkShareSchema, response: benchmarkStatusSchema },
  comparison: { summary: "The organisation's own counts beside its sector's average; cells resting on too few organisations or incidents are suppressed", auth: 'device', response: benchmarkComparisonSchema },
} as const satisfies Record<string, RouteDoc>;

/** The benchmark, behind the device credential: each route acts on the credential's organisation only. */
export async function benchmarkRoutes(app: FastifyInstance, { db, now, rateLimitPerMinute }: { db: Kysely<ServerDatabase>; now: () => Date; rateLimitPerMinute: number }): Promise<void> {
  const onRequest = requireDevice(db);
  const config = { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } };
  const refused = (reply: FastifyReply, error: unknown) => {
    if (error instanceof BenchmarkRefusal) return sendError(reply, error.status, error.status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST', error.message);
    throw error;
  };

  app.get('/v1/benchmark', { onRequest, config: { ...config, doc: docs.status } }, async (request) => benchmarkStatus(db, deviceOf(request).organisationId));

  app.put('/v1/benchmark/participation', { onRequest, config: { ...config, doc: docs.participation } }, async (request, reply) => {
    const body = parseInput(docs.participation, 'body', request, reply);
    if (!body) return reply;
    return setParticipation(db, deviceOf(request), body.participating, now()).catch((error: unknown) => refused(reply, error));
  });

  app.post('/v1/benchmark/share', { onRequest, config: { ...config, doc: docs.share } }, async (request, reply) => {
    const body = parseInput(docs.share, 'body', request, reply);
    if (!body) return reply;
    const problem = shareProblem(body, now());
    if (problem) return sendError(reply, 400, 'BAD_REQUEST', problem);
    return storeShare(db, deviceOf(request).organisationId, body, now()).catch((error: unknown) => refused(reply, error));
  });

  app.get('/v1/benchmark/comparison', { onRequest, config: { ...config, doc: docs.comparison } }, async (request, reply) =>
    benchmarkComparison(db, deviceOf(request).organisationId, now()).catch((error: unknown) => refused(reply, error)),
  );
}
