import { entities, isEntityName, type EntityDefinition, type EntityName } from './entities.js';
import { MIN_SYNC_SCHEMA_VERSION, SYNC_SCHEMA_VERSION, type OpRejectionCode, type SyncOp } from './protocol.js';

export type PatchCheck = { ok: true; entity: EntityName; patch: Record<string, unknown> } | { ok: false; code: OpRejectionCode; message: string };

type FieldSchemas = Readonly<Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>>;

/** Each field of a patch is checked against its entity's schema; anything unknown is refused. Client and server both run this. */
export function checkPatch(entity: string, rawPatch: Readonly<Record<string, unknown>>): PatchCheck {
  if (!isEntityName(entity)) return { ok: false, code: 'UNKNOWN_ENTITY', message: `unknown entity ${JSON.stringify(entity.slice(0, 64))}` };
  const fields: FieldSchemas = entities[entity].fields;
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(rawPatch)) {
    const schema = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!schema) return { ok: false, code: 'UNKNOWN_FIELD', message: `${entity} has no field ${JSON.stringify(field)}` };
    const parsed = schema.safeParse(value);
    if (!parsed.success) return { ok: false, code: 'INVALID_VALUE', message: `${entity}.${field} has an invalid value` };
    patch[field] = parsed.data;
  }
  return { ok: true, entity, patch };
}

export function checkOp(op: SyncOp): PatchCheck {
  if (op.schema_version < MIN_SYNC_SCHEMA_VERSION || op.schema_version > SYNC_SCHEMA_VERSION) {
    return { ok: false, code: 'INVALID_VALUE', message: `schema_version ${op.schema_version} is outside ${MIN_SYNC_SCHEMA_VERSION}..${SYNC_SCHEMA_VERSION}` };
  }
  const check = checkPatch(op.entity, op.patch);
  // A partner's projection is the server's to write: a device that pushes one could plant a false hit.
  if (check.ok && isServerOwned(check.entity)) return { ok: false, code: 'FORBIDDEN_SCOPE', message: `${check.entity} rows are written by the server only` };
  return check;
}

export function isServerOwned(entity: EntityName): boolean {
  const definition: EntityDefinition = entities[entity];
  return definition.serverOwned === true;
}
