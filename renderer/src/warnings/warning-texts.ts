import type { TFunction } from 'i18next';
import { resources } from '../../../shared/i18n/index.js';
import { validationMessage } from '../incident/field-messages.js';

const warningKeys = resources.nl.translation.warnings.validation;

/** A validation key from the form or from the core in the reader's words. */
export function warningValidationMessage(t: TFunction, key: string | undefined): string {
  if (key && Object.hasOwn(warningKeys, key)) return t(`warnings.validation.${key}`);
  return validationMessage(t, key);
}

/** "Toegangsverbod voor het gebouw: alleen de hoofdingang" — the measure as a desk and a letter state it. */
export function measureText(t: TFunction, measure: { kind: string; text: string | null }): string {
  return measure.text ? `${t(`warnings.measure.${measure.kind}`)}: ${measure.text}` : t(`warnings.measure.${measure.kind}`);
}
