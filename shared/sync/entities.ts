import { z } from 'zod';
import { alarmEventKindSchema, alarmLevelSchema } from '../alarm/alarm-message.js';
import { followUpKindSchema, incidentStatusSchema, taskStatusSchema } from '../domain/incident.js';
import { staffRoles } from '../contract/roles.js';
import { followUpPolicySchema } from '../incident/follow-up-policy.js';
import { freeText, incidentFields } from '../incident/incident-contract.js';
import { houseRulesContentSchema, overrideMessagesSchema } from '../house-rules/content.js';
import { orgThemeFields } from '../theme/org-theme.js';
import { accessEntryFields } from '../warnings/access-log.js';
import { assessmentFields, checklistTaskFields } from '../checklist/checklist-contract.js';
import { calendarDateSchema, measureKindSchema, reasonCategorySchema, warningLimits, warningPolicySchema } from '../warnings/warning.js';

/**
 * How replicas settle concurrent writes to one entity (docs/replication.md):
 * - `lww`: each field keeps the value with the newest HLC; a delete is a field too,
 *   and no update can clear it, so nothing is revived.
 * - `append-only`: written once, exactly once by id; any later patch is refused.
 * - `revocable`: `lww`, but a revocation cannot be cleared, and a delete (the purge of
 *   personal data) wipes every other field, whatever arrives later with whatever clock.
 */
export type MergeRule = 'lww' | 'append-only' | 'revocable';

export interface EntityDefinition {
  readonly merge: MergeRule;
  /** Value schema for each field a patch may carry. */
  readonly fields: Readonly<Record<string, z.ZodType>>;
  /** Fields a first write must carry. */
  readonly requiredOnInsert: readonly string[];
  /** Written only by the server (a partner's projection); no device may push it. */
  readonly serverOwned?: boolean;
}

export const DELETED_FIELD = '_deleted';
const deleted = z.literal(true);
const text = (max: number) => z.string().max(max);
/** 128-bit hashes in hex: a desk lookup needs no more, and a row of 60 stays small. */
const hashHex = z.string().regex(/^[0-9a-f]{32}$/);
const matchKeys = z.array(hashHex).min(1).max(2_000);
/** scrypt$<salt>$<hash>: the only form in which a PIN is stored or replicated. */
const pinHash = z.string().regex(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);

export const entities = {
  incident: {
    merge: 'lww',
    // What a person may change is the contract's; the rest is set by the core.
    fields: {
      ...incidentFields,
      desk_name: freeText(80),
      /** The desk's floor when logged, for analytics by location. */
      floor: freeText(40),
      status: incidentStatusSchema,
      reporter_id: z.uuid(),
      reporter_name: freeText(120),
      alarm_id: z.uuid(),
      close_reason: freeText(1_000),
      closed_by: freeText(120),
      closed_at: z.iso.datetime(),
      /** The reporter's own answers on aftercare: was it offered, do they want it. */
      aftercare_offered: z.boolean(),
      aftercare_wanted: z.boolean(),
      aftercare_answered_at: z.iso.datetime(),
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['occurred_at', 'channel', 'forms', 'status'],
  },
  /** One VPT measure for one incident; its id is derived from (incident, kind), so two PCs planning it make one row. */
  incident_task: {
    merge: 'lww',
    fields: {
      incident_id: z.uuid(),
      kind: followUpKindSchema,
      due_at: z.iso.datetime(),
      mandatory: z.boolean(),
      status: taskStatusSchema,
      done_by: freeText(120),
      done_by_id: z.uuid(),
      done_at: z.iso.datetime(),
      note: freeText(1_000),
      /** When the reporter saw the coordinator's feedback note, at whichever desk. */
      read_at: z.iso.datetime(),
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['incident_id', 'kind', 'due_at', 'mandatory', 'status'],
  },
  /** A dated self-assessment against the guide's 3.3 checklist; history is the point, so append-only. */
  checklist_assessment: {
    merge: 'append-only',
    fields: assessmentFields,
    requiredOnInsert: Object.keys(assessmentFields),
  },
  /** An open checklist item taken onto the coordinator's worklist; its id derives from (assessment, question). */
  checklist_task: {
    merge: 'lww',
    fields: { ...checklistTaskFields, [DELETED_FIELD]: deleted },
    requiredOnInsert: ['assessment_id', 'question_key', 'owner', 'note', 'status', 'created_at', 'created_by'],
  },
  /** The organisation's follow-up deadlines; the row id is the organisation id. */
  follow_up_policy: {
    merge: 'lww',
    fields: followUpPolicySchema.shape,
    requiredOnInsert: Object.keys(followUpPolicySchema.shape),
  },
  /** The organisation's logo and colours (shared/theme/org-theme.ts); the row id is the organisation id. */
  org_theme: {
    merge: 'lww',
    fields: orgThemeFields,
    requiredOnInsert: Object.keys(orgThemeFields),
  },
  /** A member of staff who signs in at a desk with a PIN (only its scrypt hash travels). */
  staff_member: {
    merge: 'lww',
    fields: {
      display_name: z.string().min(1).max(120),
      role: z.enum(staffRoles),
      pin_hash: pinHash,
      /** Null: no duress PIN. */
      duress_pin_hash: pinHash.nullable(),
      active: z.boolean(),
    },
    requiredOnInsert: ['display_name', 'role', 'pin_hash', 'active'],
  },
  /**
   * A published version of the house rules. Append-only, so no PC and no server can change
   * what a display once showed; a new text is a new version, and the history stays.
   */
  house_rules_version: {
    merge: 'append-only',
    fields: {
      content: houseRulesContentSchema,
      starts_at: z.iso.datetime(),
      published_at: z.iso.datetime(),
      published_by: text(120),
      /** Null: every site of the organisation. */
      for_site_id: z.uuid().nullable(),
    },
    requiredOnInsert: ['content', 'starts_at', 'published_at', 'published_by', 'for_site_id'],
  },
  /** The coordinator's working text; the row id derives from the organisation, so there is one. */
  house_rules_draft: {
    merge: 'lww',
    fields: { content: houseRulesContentSchema, [DELETED_FIELD]: deleted },
    requiredOnInsert: ['content'],
  },
  /** A short message above the rules ("Vandaag alleen op afspraak") for a while; ending it moves ends_at. */
  house_rules_override: {
    merge: 'lww',
    fields: {
      messages: overrideMessagesSchema,
      starts_at: z.iso.datetime(),
      ends_at: z.iso.datetime(),
      set_at: z.iso.datetime(),
      for_site_id: z.uuid().nullable(),
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['messages', 'starts_at', 'ends_at', 'set_at', 'for_site_id'],
  },
  /** A visitor warning of the issuing organisation, with the subject in clear: it never leaves that organisation. */
  visitor_warning: {
    merge: 'revocable',
    fields: {
      subject_name: text(warningLimits.name).min(1),
      birth_date: calendarDateSchema.nullable(),
      subject_description: freeText(warningLimits.description).nullable(),
      measure_kind: measureKindSchema,
      measure_text: freeText(warningLimits.measureText).nullable(),
      reason_category: reasonCategorySchema,
      reason_note: freeText(warningLimits.reasonNote),
      decided_by: text(120),
      contact: text(warningLimits.contact),
      valid_from: calendarDateSchema,
      valid_until: calendarDateSchema,
      term_reason: freeText(warningLimits.termReason).nullable(),
      letter_sent_on: calendarDateSchema.nullable(),
      notification_exception: freeText(warningLimits.exceptionReason).nullable(),
      incident_ids: z.array(z.uuid()).max(warningLimits.incidents),
      created_by: text(120),
      created_at: z.iso.datetime(),
      /** Hashed name variants (docs/warnings.md), so a desk lookup is an index probe. */
      match: matchKeys,
      birth_hash: hashHex.nullable(),
      revoked: z.literal(true),
      revoked_at: z.iso.datetime(),
      revoked_by: text(120),
      revoke_reason: freeText(warningLimits.reasonNote),
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['subject_name', 'measure_kind', 'reason_category', 'decided_by', 'contact', 'valid_from', 'valid_until', 'match'],
  },
  /** The organisation's warning terms and retention; the row id is the organisation id. */
  warning_policy: {
    merge: 'lww',
    fields: warningPolicySchema.shape,
    requiredOnInsert: Object.keys(warningPolicySchema.shape),
  },
  /**
   * What a partner organisation holds of another's warning: keyed hashes of the name, never
   * the name. Made by the server for each agreement that shares warnings.
   */
  warning_projection: {
    merge: 'revocable',
    serverOwned: true,
    fields: {
      agreement_id: z.uuid(),
      issuer_organisation_id: z.uuid(),
      issuer_name: text(120),
      contact: text(warningLimits.contact),
      measure_kind: measureKindSchema,
      measure_text: freeText(warningLimits.measureText).nullable(),
      valid_from: calendarDateSchema,
      valid_until: calendarDateSchema,
      match: matchKeys,
      birth_hash: hashHex.nullable(),
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['agreement_id', 'issuer_organisation_id', 'issuer_name', 'contact', 'measure_kind', 'valid_from', 'valid_until', 'match'],
  },
  /** One entry of the warnings access log: append-only and hash-chained per device (shared/warnings/access-log.ts). */
  warning_access: {
    merge: 'append-only',
    fields: accessEntryFields,
    requiredOnInsert: Object.keys(accessEntryFields),
  },
  alarm_event: {
    merge: 'append-only',
    fields: {
      alarm_id: z.uuid(),
      kind: alarmEventKindSchema,
      level: alarmLevelSchema,
      at: z.iso.datetime(),
      drill: z.boolean(),
      by_device: z.uuid(),
      desk: text(80),
      floor: text(40),
      person: text(120),
      step: z.number().int().min(0).max(10),
      note: text(500),
    },
    requiredOnInsert: ['alarm_id', 'kind', 'level', 'at'],
  },
} as const satisfies Record<string, EntityDefinition>;

export type EntityName = keyof typeof entities;
export const entityNames = Object.keys(entities) as EntityName[];

export function isEntityName(name: unknown): name is EntityName {
  return typeof name === 'string' && Object.hasOwn(entities, name);
}
