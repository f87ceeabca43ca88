import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SyncErrorCode } from '../../../shared/sync/protocol.js';

export function sendError(reply: FastifyReply, status: number, code: SyncErrorCode, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/** Parses a body or query with a shared zod schema; on failure answers 400 and returns null. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply): z.output<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
  const tooMany = parsed.error.issues.some((issue) => issue.code === 'too_big' && issue.path.join('.') === 'ops');
  void sendError(reply, 400, tooMany ? 'BATCH_TOO_LARGE' : 'BAD_REQUEST', message);
  return null;
}

/** Fastify's own failures (bad JSON, body too large, rate limit) in our error shape. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (error.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED', 'too many requests from this device; slow down');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return sendError(reply, error.statusCode, 'BAD_REQUEST', error.message);
  }
  request.log.error({ err: error }, 'request failed');
  return sendError(reply, 500, 'INTERNAL', 'the server failed to handle this request; it was logged');
}
