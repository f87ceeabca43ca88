import { format } from 'date-fns';
import { enGB, nl } from 'date-fns/locale';
import { valuePatterns } from './date-input.js';

const dateLocales = { nl, en: enGB } as const;

/**
 * Every way the UI writes a moment, in one table. Written-out patterns rather than the
 * locale's long format, whose "om"/"at" doubled up in sentences ("gemeld om 30 november
 * 2026 om 05:53"); the month names still come from the UI language.
 */
const patterns = {
  /** "30 november 2026, 05:53" / "30 November 2026, 05:53" */
  dateTime: 'd MMMM yyyy, HH:mm',
  /** "30 nov 2026, 05:53": tables and deadlines. */
  short: 'd MMM yyyy, HH:mm',
  /** "31 mei 2027" / "31 May 2027" */
  day: 'd MMMM yyyy',
} as const;
export type DateStyle = keyof typeof patterns;

/** The one date formatter: an instant (or a calendar day, read at noon so no time zone moves it) in the UI language. */
export function formatDate(value: string | Date, language: string, style: DateStyle = 'dateTime'): string {
  const date = typeof value === 'string' && style === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  // date-fns writes "nov." for Dutch abbreviations; the short style drops the dot, as tables do.
  return format(date, patterns[style], { locale: language === 'en' ? dateLocales.en : dateLocales.nl }).replace(/\.(?= \d{4})/, '');
}

export const formatDateTime = (iso: string, language: string): string => formatDate(iso, language, 'dateTime');
export const formatShort = (iso: string, language: string): string => formatDate(iso, language, 'short');
/** A calendar date (YYYY-MM-DD) in words, whatever the PC's time zone. */
export const formatDay = (day: string, language: string): string => formatDate(day, language, 'day');

/** The value a date-time field (DateField) holds for an instant, in this PC's time zone. */
export function toLocalInput(iso: string): string {
  return format(new Date(iso), valuePatterns.dateTime);
}

/** Back from a date-time field's value to an instant; null when the field is empty or not a date. */
export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
