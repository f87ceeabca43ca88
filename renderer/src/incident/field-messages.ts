import type { TFunction } from 'i18next';
import type { ContractError } from '../../../shared/contract/result.js';

const generalKeys = new Set(['required', 'too_long', 'invalid_characters']);
const incidentKeys = new Set(['in_the_future', 'too_old', 'negative', 'choose_a_form', 'whole_number', 'amount']);

/** A validation key from zod or from the core ("occurred_at: in_the_future") in the reader's words. */
export function validationMessage(t: TFunction, key: string | undefined): string {
  if (key && incidentKeys.has(key)) return t(`incident.validation.${key}`);
  if (key && generalKeys.has(key)) return t(`validation.${key}`);
  return t('validation.invalid');
}

/** Which field a core refusal is about, and why: "occurred_at: too_old (…)" → ['occurred_at', 'too_old']. */
export function fieldOfError(error: ContractError): { field: string; key: string } | null {
  if (error.code !== 'INVALID_INPUT') return null;
  const match = /^(?:patch\.)?([a-z_]+)(?:\.\d+)?: ([a-z_]+)/.exec(error.message);
  return match?.[1] && match[2] ? { field: match[1], key: match[2] } : null;
}
