import type { z } from 'zod';
import { sitePolicySchema, type SitePolicy } from '../../../shared/alarm/site-policy.js';
import { warningKeysSchema, type WarningKeys } from '../../../shared/warnings/warning.js';
import { benchmarkComparisonSchema, benchmarkStatusSchema, type BenchmarkComparison, type BenchmarkShare, type BenchmarkStatus } from '../../../shared/analytics/benchmark.js';
import {
  pullResponseSchema,
  pushResponseSchema,
  syncErrorBodySchema,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SyncErrorCode,
} from '../../../shared/sync/protocol.js';

/** What the sync engine needs from the network; the HTTP one is used in production. */
export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(query: { cursor: number; limit: number; epoch: string | undefined; schema_version: number }): Promise<PullResponse>;
}

export class SyncHttpError extends Error {
  constructor(
    readonly code: SyncErrorCode | 'NETWORK' | 'BAD_RESPONSE',
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }

  /**
   * Errors that a retry cannot fix: the engine stops and tells the user instead of hammering.
   * An unsupported schema is not one of them: the server is upgraded, and the desk goes on.
   */
  get permanent(): boolean {
    return this.code === 'DEVICE_REVOKED' || this.code === 'UNAUTHENTICATED';
  }
}

const TIMEOUT_MS = 20_000;

/** "fetch failed" says nothing; its cause (refused, reset, closed, unknown host) says what to look at. */
function networkError(base: string, error: unknown): SyncHttpError {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return new SyncHttpError('NETWORK', 0, `cannot reach ${base}: ${(error as Error).message}${detail ? ` (${detail})` : ''}`);
}

/** Over HTTP the device can also ask for its site's alarm policy. */
export interface HttpSyncTransport extends SyncTransport {
  sitePolicy(): Promise<SitePolicy>;
  warningKeys(): Promise<WarningKeys>;
  benchmarkStatus(): Promise<BenchmarkStatus>;
  setBenchmarkParticipation(participating: boolean): Promise<BenchmarkStatus>;
  shareBenchmark(share: BenchmarkShare): Promise<BenchmarkStatus>;
  benchmarkComparison(): Promise<BenchmarkComparison>;
}

export function httpTransport(serverUrl: string, credential: string, fetchImpl: typeof fetch = fetch): HttpSyncTransport {
  const base = serverUrl.replace(/\/+$/, '');
  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    const attempt = () => fetchImpl(`${base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), headers: { ...init.headers, authorization: `Bearer ${credential}` } });
    let response: Response;
    try {
      response = await attempt();
    } catch (first) {
      // A kept-alive connection the server closed while this process was busy (a long local
      // write) fails at once, before any answer: one more try on a fresh connection. Every call
      // here is safe to repeat (a pushed op is acknowledged once by its id); a timeout is not retried.
      if ((first as Error).name === 'TimeoutError') throw networkError(base, first);
      try {
        response = await attempt();
      } catch (second) {
        throw networkError(base, second);
      }
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = syncErrorBodySchema.safeParse(body);
      throw new SyncHttpError(parsed.success ? parsed.data.error.code : 'BAD_RESPONSE', response.status, parsed.success ? parsed.data.error.message : `HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SyncHttpError('BAD_RESPONSE', response.status, `the server's answer to ${path} is not valid`);
    return parsed.data;
  }
  return {
    push: (request) => call('/v1/sync/push', { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json' } }, pushResponseSchema),
    pull: ({ cursor, limit, epoch, schema_version }) => {
      const query = new URLSearchParams({ cursor: String(cursor), limit: String(limit), schema_version: String(schema_version) });
      if (epoch) query.set('epoch', epoch);
      return call(`/v1/sync/pull?${query.toString()}`, { method: 'GET' }, pullResponseSchema);
    },
    sitePolicy: () => call('/v1/site-policy', { method: 'GET' }, sitePolicySchema),
    warningKeys: () => call('/v1/warning-keys', { method: 'GET' }, warningKeysSchema),
    benchmarkStatus: () => call('/v1/benchmark', { method: 'GET' }, benchmarkStatusSchema),
    setBenchmarkParticipation: (participating) => call('/v1/benchmark/participation', { method: 'PUT', body: JSON.stringify({ participating }), headers: { 'content-type': 'application/json' } }, benchmarkStatusSchema),
    shareBenchmark: (share) => call('/v1/benchmark/share', { method: 'POST', body: JSON.stringify(share), headers: { 'content-type': 'application/json' } }, benchmarkStatusSchema),
    benchmarkComparison: () => call('/v1/benchmark/comparison', { method: 'GET' }, benchmarkComparisonSchema),
  };
}
