import { format } from 'date-fns';
import { enGB, nl } from 'date-fns/locale';

const dateLocales = { nl, en: enGB } as const;

/** "28 november 2026 om 11:42" / "28 November 2026 at 11:42" */
export function formatDateTime(iso: string, language: string): string {
  const locale = language === 'en' ? dateLocales.en : dateLocales.nl;
  return format(new Date(iso), 'PPPp', { locale });
}

/** "28 nov. 2026, 11:42": for tables and deadlines. */
export function formatShort(iso: string, language: string): string {
  return format(new Date(iso), 'PP p', { locale: language === 'en' ? dateLocales.en : dateLocales.nl });
}

/** The value a datetime-local input shows for an instant, in this PC's time zone. */
export function toLocalInput(iso: string): string {
  return format(new Date(iso), "yyyy-MM-dd'T'HH:mm");
}

/** Back from a datetime-local value to an instant; null when the field is empty or not a date. */
export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** A calendar date (YYYY-MM-DD) in words: "31 mei 2027" / "31 May 2027", whatever the PC's time zone. */
export function formatDay(day: string, language: string): string {
  return format(new Date(`${day}T12:00:00`), 'PPP', { locale: language === 'en' ? dateLocales.en : dateLocales.nl });
}
