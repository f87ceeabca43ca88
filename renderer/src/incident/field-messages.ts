import type { TFunction } from 'i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { reasonText } from '../components/error-text.js';

/** A validation key from zod or from the core ("occurred_at: in_the_future") in the reader's words. */
export function validationMessage(t: TFunction, key: string | undefined): string {
  return reasonText(t, key ?? '');
}

/**
 * Which form field a core refusal is about, and why: "patch.damage_amount_cents: too_large (…)"
 * with `formFields` { damage_amount_cents: 'damage_amount' } → ['damage_amount', 'too_large'].
 */
export function refusedField<F extends string>(error: ContractError, formFields: Partial<Record<string, F>>): { field: F; key: string } | null {
  if (error.code !== 'INVALID_INPUT') return null;
  const [, coreField, key] = /^(?:patch\.)?([a-z_]+)(?:\.\d+)?: ([a-z_]+)/.exec(error.message) ?? [];
  const field = coreField && Object.hasOwn(formFields, coreField) ? formFields[coreField] : undefined;
  return field && key ? { field, key } : null;
}
