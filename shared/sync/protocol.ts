import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { deskNameSchema } from '../domain/directory.js';
import { HLC_PATTERN, hlcSchema, type HlcStamp } from './hlc.js';

/**
 * Clients and servers of different versions coexist: each request names its schema version.
 * 2: a pull page carries its rows as columns, with `data` and `clocks` as JSON text, which a
 *    desk stores as it came (`pullResponseWireSchema`). Ops are the same in both versions.
 */
export const SYNC_SCHEMA_VERSION = 2;
export const MIN_SYNC_SCHEMA_VERSION = 1;
/** The first schema version whose pull pages carry rows as columns of JSON text. */
export const PULL_AS_COLUMNS_SINCE = 2;
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

const pageFields = {
  epoch: z.string(),
  /** The cursor is older than what the server still keeps (or the epoch changed): start over. */
  reset: z.boolean(),
  cursor: z.number().int().nonnegative(),
  has_more: z.boolean(),
};

/** A version 1 page: a list of rows with data and clocks as JSON values. Servers still answer desks that ask for it. */
export const pullResponseV1Schema = z.object({
  ...pageFields,
  rows: z.array(
    z.object({
      entity: z.string(),
      id: idSchema,
      organisation_id: idSchema,
      site_id: idSchema,
      data: z.record(z.string(), z.unknown()),
      clocks: z.record(z.string(), hlcSchema),
      version: z.number().int().positive(),
    }),
  ),
});
export type PullResponseV1 = z.infer<typeof pullResponseV1Schema>;

/**
 * The current version on the wire: the page's rows as columns, `data` and `clocks` as the text of
 * JSON objects, and each row's organisation and site as an index into `scopes` (a page holds one
 * organisation, and few sites). Row i is entity[i], id[i], scopes[scope[i]], data[i], clocks[i],
 * version[i]. No per-row object to build and check, no value to parse and serialise again: this
 * shape is what took a first pull of 100k rows past 0.3 of raw insert speed (docs/replication.md).
 */
export const pullResponseWireSchema = z.object({
  ...pageFields,
  scopes: z.array(z.tuple([idSchema, idSchema])),
  rows: z.object({
    entity: z.array(z.string()),
    id: z.array(idSchema),
    scope: z.array(z.number().int().nonnegative()),
    data: z.array(z.string()),
    clocks: z.array(z.string()),
    version: z.array(z.number().int().positive()),
  }),
});
export type PullResponseWire = z.infer<typeof pullResponseWireSchema>;

/** A JSON object's text, kept beside its value so the desk stores the text it was sent. */
export interface JsonText<T> {
  readonly text: string;
  readonly value: T;
}

/** A row as a desk receives it: the checked values and the text they came in. */
export interface PulledRow {
  readonly entity: string;
  readonly id: string;
  readonly organisation_id: string;
  readonly site_id: string;
  readonly data: JsonText<Record<string, unknown>>;
  readonly clocks: JsonText<Record<string, HlcStamp>>;
  readonly version: number;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseObjectText(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}

const isClocks = (value: Record<string, unknown>): value is Record<string, HlcStamp> => Object.values(value).every((stamp) => typeof stamp === 'string' && HLC_PATTERN.test(stamp));

/**
 * A page as the desk uses it, after the checks a version 1 row had: columns of one length, each
 * scope index in range, `data` the text of a JSON object, `clocks` one of stamps (the pattern
 * `hlcSchema` uses). Written out rather than as zod records, which cost more than the rest of
 * the pull together.
 */
export const pullResponseSchema = pullResponseWireSchema.transform((page, ctx) => {
  const { rows: columns, scopes } = page;
  const count = columns.id.length;
  const rows: PulledRow[] = [];
  if ([columns.entity, columns.scope, columns.data, columns.clocks, columns.version].some((column) => column.length !== count)) {
    ctx.addIssue({ code: 'custom', message: 'the columns of a page differ in length' });
    return z.NEVER;
  }
  for (let i = 0; i < count; i += 1) {
    const scope = scopes[columns.scope[i] as number];
    const dataText = columns.data[i] as string;
    const clocksText = columns.clocks[i] as string;
    const data = parseObjectText(dataText);
    const clocks = parseObjectText(clocksText);
    if (!scope || data === null || clocks === null || !isClocks(clocks)) {
      ctx.addIssue({ code: 'custom', path: ['rows', i], message: !scope ? 'no such scope' : data === null ? 'data is not the text of a JSON object' : 'clocks are not the text of a JSON object of stamps' });
      return z.NEVER;
    }
    rows.push({ entity: columns.entity[i] as string, id: columns.id[i] as string, organisation_id: scope[0], site_id: scope[1], data: { text: dataText, value: data }, clocks: { text: clocksText, value: clocks }, version: columns.version[i] as number });
  }
  return { epoch: page.epoch, reset: page.reset, cursor: page.cursor, has_more: page.has_more, rows };
});
export type PullResponse = z.output<typeof pullResponseSchema>;

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
