import type { TFunction } from 'i18next';
import type { CallName } from '../../../shared/contract/calls.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { followUpKinds } from '../../../shared/domain/incident.js';
import { resources } from '../../../shared/i18n/index.js';

const messages = resources.nl.translation;

/** Field names the core reports that the record form labels under another name. */
const recordFieldAlias: Readonly<Record<string, string>> = { damage_amount_cents: 'damage_amount' };

/** The label a screen shows for a field the core names ("occurred_at" → "Wanneer"), or null if no screen has one. */
export function fieldLabel(t: TFunction, field: string): string | null {
  const recordField = recordFieldAlias[field] ?? field;
  if (Object.hasOwn(messages.incident.record.fields, recordField)) return t(`incident.record.fields.${recordField}`);
  if (Object.hasOwn(messages.errorDetail.fields, field)) return t(`errorDetail.fields.${field}`);
  return null;
}

/** Why the core refused a field ("in_the_future"), in the reader's words. */
export function reasonText(t: TFunction, reason: string): string {
  if (Object.hasOwn(messages.incident.validation, reason)) return t(`incident.validation.${reason}`);
  if (Object.hasOwn(messages.validation, reason)) return t(`validation.${reason}`);
  if (reason === 'invalid_pin' || reason === 'same_as_pin') return t(`incident.staff.${reason}`);
  if (reason === 'same_as_duress_pin') return t('incident.staff.same_as_pin');
  if (reason === 'first_must_be_admin') return t('incident.staff.firstMustBeAdmin');
  return t('validation.invalid');
}

/** "patch.occurred_at: in_the_future; forms: choose_a_form" → the fields and reasons the core named. */
function refusals(message: string): { field: string; reason: string }[] {
  return message.split('; ').flatMap((part) => {
    const [, field, reason] = /^(?:patch\.)?([A-Za-z_]+)(?:\.\d+)*: ([a-z_]+)/.exec(part) ?? [];
    return field && reason ? [{ field, reason }] : [];
  });
}

/**
 * Every failure of the contract as a sentence that says what happened and what to do, in the
 * UI language: fields and follow-up tasks by their labels, never the code or the core's English.
 * `call` is the call that failed, where the same code means something else there (a sign-in).
 */
export function errorText(t: TFunction, error: ContractError, call?: CallName): string {
  switch (error.code) {
    case 'INVALID_INPUT': {
      const named = refusals(error.message).flatMap(({ field, reason }) => {
        const label = fieldLabel(t, field);
        return label ? [t('errorDetail.field', { field: label, reason: reasonText(t, reason) })] : [];
      });
      return named.length > 0 ? [...new Set(named), t('errorDetail.fixFields')].join(' ') : t('errors.INVALID_INPUT');
    }
    case 'OPEN_MANDATORY_TASKS': {
      const kinds = followUpKinds.filter((kind) => new RegExp(`\\b${kind}\\b`).test(error.message));
      return kinds.length > 0 ? t('errorDetail.openTasks', { tasks: kinds.map((kind) => t(`incident.tasks.kinds.${kind}`)).join(', ') }) : t('errors.OPEN_MANDATORY_TASKS');
    }
    case 'WRONG_PIN':
      return call === 'session.signIn' ? t('errorDetail.signInWrongPin') : t('errors.WRONG_PIN');
    case 'FORBIDDEN':
      // The core locks sign-in after repeated wrong PINs; no role is involved.
      return call === 'session.signIn' ? t('errorDetail.signInLocked') : t('errors.FORBIDDEN');
    case 'CONFLICT':
      // The one conflict an alarm meets: the PC has no organisation, site and desk, so it cannot know whom to reach.
      return call === 'alarm.raise' ? t('errorDetail.alarmNotSetUp') : t('errors.CONFLICT');
    default:
      return t(`errors.${error.code}`);
  }
}
