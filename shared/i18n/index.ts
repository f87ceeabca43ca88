import { en } from './en.js';
import { nl } from './nl.js';

export const defaultLocale = 'nl';
export const resources = {
  nl: { translation: nl },
  en: { translation: en },
} as const;
export type { Messages } from './nl.js';
