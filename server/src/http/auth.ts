import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import { authenticate, bearer, type DeviceScope } from '../tenancy/devices.js';
import { sendError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceScope;
  }
}

/** Every device request is checked afresh, so a revocation bites on the very next one. */
export function requireDevice(db: Kysely<ServerDatabase>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await authenticate(db, bearer(request.headers.authorization));
    if (!outcome.ok) {
      return sendError(reply, 401, outcome.code, outcome.code === 'DEVICE_REVOKED' ? 'this device has been revoked; ask an administrator to enrol it again' : 'a valid device credential is required');
    }
    request.device = outcome.device;
  };
}

/** The device `requireDevice` let through; only routes behind it ask. */
export function deviceOf(request: FastifyRequest): DeviceScope {
  if (!request.device) throw new Error('this route is not behind requireDevice');
  return request.device;
}

export function requireAdmin(adminToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!adminToken) return sendError(reply, 404, 'NOT_FOUND', 'admin endpoints are off: set VANGNET_ADMIN_TOKEN');
    const given = Buffer.from(bearer(request.headers.authorization) ?? '');
    const expected = Buffer.from(adminToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return sendError(reply, 401, 'UNAUTHENTICATED', 'the admin token is missing or wrong');
    }
  };
}
