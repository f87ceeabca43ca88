import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { PacOptions } from './pac/pac-service.js';

export const DEFAULT_SERVER_PORT = 4790;

const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must start with postgres://' }).optional(),
  VANGNET_SERVER_DATA_DIR: z.string().refine(path.isAbsolute, { error: 'VANGNET_SERVER_DATA_DIR must be an absolute path' }).optional(),
  VANGNET_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  VANGNET_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SERVER_PORT),
  /** Without it the admin endpoints are switched off; the CLI still works on the machine itself. */
  VANGNET_ADMIN_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{32,200}$/, { error: 'VANGNET_ADMIN_TOKEN must be 32-200 letters, digits, - or _' }).optional(),
  VANGNET_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** The built renderer (default: dist/renderer in the repository), for the TV display page. */
  VANGNET_RENDERER_DIR: z.string().refine(path.isAbsolute, { error: 'VANGNET_RENDERER_DIR must be an absolute path' }).optional(),
  /** 32+ random bytes (base64url) from which the keys of shared warnings derive; without it, a 0600 file in the data folder. */
  VANGNET_WARNING_SECRET: z.string().regex(/^[A-Za-z0-9_-]{43,200}$/, { error: 'VANGNET_WARNING_SECRET must be at least 32 bytes in base64url' }).optional(),
  /** 32 random bytes (base64url or 64 hex digits) that seal the organisations' alarm private keys; required with PostgreSQL and in production. */
  VANGNET_SERVER_KEY: z.string().regex(/^(?:[A-Za-z0-9_-]{43}=?|[0-9a-fA-F]{64})$/, { error: 'VANGNET_SERVER_KEY must be 32 bytes as base64url (43 characters) or 64 hex digits' }).optional(),
  NODE_ENV: z.string().optional(),
  VANGNET_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every environment variable the server reads: the unit's environment file and the image are checked against it. */
export const serverEnvNames = Object.keys(envSchema.shape) as readonly (keyof typeof envSchema.shape)[];

export type ServerConfig = {
  storage: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  host: string;
  port: number;
  adminToken: string | undefined;
  rateLimitPerMinute: number;
  logLevel: string;
  /** Forwarding to alarm receiving centres: timeouts and retries (tests shorten them). */
  pac?: PacOptions;
  /** How long relayed beacons wait to share a frame (default 1 s; PCs beat every 5 s). Tests that beat faster set less. */
  beaconFlushMs?: number;
  /** How often live realtime sockets' credentials are checked again (tests shorten it). */
  realtimeRecheckMs?: number;
  /** Where the built renderer is, for the TV display page; unset: dist/renderer in the repository. */
  rendererDir?: string;
  /** The secret the keys of shared warnings derive from (base64url), or the 0600 file that holds it. */
  warningSecret?: string;
  warningSecretFile?: string;
  /** Seals the alarm private keys in the database (VANGNET_SERVER_KEY); see server-key.ts for when it may be absent. */
  serverKey?: string;
  serverKeyFile?: string;
  /** NODE_ENV=production: no secret may fall back to a file the server makes itself. */
  production?: boolean;
};

export class ServerConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** The embedded default needs nothing: a SQLite file in the per-user data folder. */
export function serverConfigFromEnv(env: Readonly<Record<string, string | undefined>>, homeDir = os.homedir()): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ServerConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const e = parsed.data;
  const dataDir = e.VANGNET_SERVER_DATA_DIR ?? path.join(env['XDG_DATA_HOME'] ?? path.join(homeDir, '.local', 'share'), 'vangnet-server');
  return {
    storage: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'sqlite', file: path.join(dataDir, 'vangnet-server.sqlite') },
    host: e.VANGNET_SERVER_HOST,
    port: e.VANGNET_SERVER_PORT,
    adminToken: e.VANGNET_ADMIN_TOKEN,
    rateLimitPerMinute: e.VANGNET_RATE_LIMIT_PER_MINUTE,
    logLevel: e.VANGNET_LOG_LEVEL,
    ...(e.VANGNET_RENDERER_DIR ? { rendererDir: e.VANGNET_RENDERER_DIR } : {}),
    ...(e.VANGNET_WARNING_SECRET ? { warningSecret: e.VANGNET_WARNING_SECRET } : {}),
    warningSecretFile: path.join(dataDir, 'warning-secret'),
    ...(e.VANGNET_SERVER_KEY ? { serverKey: e.VANGNET_SERVER_KEY } : {}),
    serverKeyFile: path.join(dataDir, 'server-key'),
    production: e.NODE_ENV === 'production',
  };
}
