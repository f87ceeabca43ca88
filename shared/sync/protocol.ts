import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { deskNameSchema } from '../domain/directory.js';
import { hlcSchema } from './hlc.js';

/** Clients and servers of different versions coexist: each request names its schema version. */
export const SYNC_SCHEMA_VERSION = 1;
export const MIN_SYNC_SCHEMA_VERSION = 1;
export const MAX_PUSH_OPS = 500;
/**
 * The largest request body a server takes; above it the answer is 413. Clients fill push
 * batches by measured bytes up to this, so a queue of long narratives never outgrows it.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_PULL_ROWS = 5_000;
export const MAX_PATCH_FIELDS = 64;

export const syncErrorCodes = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'DEVICE_REVOKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BATCH_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'SCHEMA_UNSUPPORTED',
  'ENROLMENT_CODE_INVALID',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];
export const syncErrorBodySchema = z.object({ error: z.object({ code: z.enum(syncErrorCodes), message: z.string() }) });

/** Why an op was refused; it is acknowledged all the same and never blocks the queue. */
/** OP_ID_CLASH: the op id was used before for another op (another device's, or another seq). */
/** BROKEN_CHAIN: an access log entry does not follow its device's last one (docs/warnings.md). */
export const opRejectionCodes = ['UNKNOWN_ENTITY', 'UNKNOWN_FIELD', 'INVALID_VALUE', 'MISSING_FIELDS', 'IMMUTABLE', 'FORBIDDEN_SCOPE', 'OP_ID_CLASH', 'BROKEN_CHAIN'] as const;
export type OpRejectionCode = (typeof opRejectionCodes)[number];

export const syncOpSchema = z.strictObject({
  op_id: idSchema,
  device_seq: z.number().int().positive(),
  entity: z.string().min(1).max(64),
  row_id: idSchema,
  patch: z.record(z.string().max(64), z.unknown()).refine((patch) => Object.keys(patch).length > 0 && Object.keys(patch).length <= MAX_PATCH_FIELDS, { error: 'a patch has 1 to 64 fields' }),
  hlc: hlcSchema,
  base_hlc: hlcSchema.nullable(),
  schema_version: z.number().int().positive(),
});
export type SyncOp = z.infer<typeof syncOpSchema>;

export const pushRequestSchema = z.strictObject({
  schema_version: z.number().int().positive(),
  ops: z
    .array(syncOpSchema)
    .min(1)
    .max(MAX_PUSH_OPS, { error: `at most ${MAX_PUSH_OPS} ops per batch` })
    .refine((ops) => ops.every((op, i) => i === 0 || op.device_seq > (ops[i - 1]?.device_seq ?? 0)), { error: 'ops must be ordered by device_seq' }),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  acked_through: z.number().int().nonnegative(),
  rejected: z.array(z.object({ op_id: idSchema, code: z.enum(opRejectionCodes), message: z.string() })),
  server_time: z.iso.datetime(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().positive().max(MAX_PULL_ROWS).default(1_000),
  epoch: z.string().max(64).optional(),
  schema_version: z.coerce.number().int().positive(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pulledRowSchema = z.object({
  entity: z.string(),
  id: idSchema,
  organisation_id: idSchema,
  site_id: idSchema,
  data: z.record(z.string(), z.unknown()),
  clocks: z.record(z.string(), hlcSchema),
  version: z.number().int().positive(),
});
export type PulledRow = z.infer<typeof pulledRowSchema>;

export const pullResponseSchema = z.object({
  epoch: z.string(),
  /** The cursor is older than what the server still keeps (or the epoch changed): start over. */
  reset: z.boolean(),
  rows: z.array(pulledRowSchema),
  cursor: z.number().int().nonnegative(),
  has_more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const enrolRequestSchema = z.strictObject({
  code: z.string().trim().min(6).max(64),
  device_id: idSchema,
  /** The desk's own name, by the rule the desk's form applies. */
  device_name: deskNameSchema,
  schema_version: z.number().int().positive(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  device_id: idSchema,
  credential: z.string().min(32),
  organisation: z.object({ id: idSchema, name: z.string() }),
  site: z.object({ id: idSchema, name: z.string() }),
  epoch: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/** An organisation enrolment token (server:admin -- enrolment-token): letters, digits, - and _. */
export const enrolmentTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, { error: 'must be the token printed by server:admin -- enrolment-token' });

/** A PC enrolling itself with its organisation's token (machine-wide configuration); an administrator approves it. */
export const enrolTokenRequestSchema = z.strictObject({
  token: enrolmentTokenSchema,
  device_id: idSchema,
  device_name: deskNameSchema,
  /** A random secret the PC keeps: only the PC that asked can collect the credential once approved. */
  request_key: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/),
  schema_version: z.number().int().positive(),
});
export type EnrolTokenRequest = z.infer<typeof enrolTokenRequestSchema>;

/** Not yet approved: ask again later (202). Approved: the same answer as an enrolment code's (201). */
export const enrolPendingSchema = z.object({ status: z.literal('pending') });

export const pokeSchema = z.object({ type: z.literal('poke') });
