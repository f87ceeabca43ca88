import { format, isValid, parse } from 'date-fns';

/**
 * Typed dates in the UI language. A native date input shows the browser's format (mm/dd/yyyy on an
 * English Windows under a Dutch UI), so the app reads and writes the text itself and hands the forms
 * the same values a native input did: `yyyy-MM-dd` for a day, `yyyy-MM-ddTHH:mm` for a moment.
 */
export type DateInputKind = 'date' | 'dateTime';

/** The value shapes of `<input type="date">` and `<input type="datetime-local">`, which the forms and their schemas expect. */
export const valuePatterns: Record<DateInputKind, string> = { date: 'yyyy-MM-dd', dateTime: "yyyy-MM-dd'T'HH:mm" };

/**
 * What a person sees. Dutch writes 31-01-2026; English follows format.ts, which writes English
 * with the en-GB locale and a 24-hour clock, so 31/01/2026 14:30. Both read day before month.
 */
const shownPatterns: Record<'nl' | 'en', Record<DateInputKind, string>> = {
  nl: { date: 'dd-MM-yyyy', dateTime: 'dd-MM-yyyy HH:mm' },
  en: { date: 'dd/MM/yyyy', dateTime: 'dd/MM/yyyy HH:mm' },
};
const shownPatternsOf = (language: string) => (language === 'en' ? shownPatterns.en : shownPatterns.nl);

/** A value in the form's shape, written for the UI language; what is not such a value is shown as it is. */
export function showDateValue(value: string, kind: DateInputKind, language: string): string {
  if (value === '') return '';
  const date = parse(value, valuePatterns[kind], new Date(0));
  return isValid(date) ? format(date, shownPatternsOf(language)[kind]) : value;
}

export type DateReading =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'problem'; readonly problem: 'unreadable' | 'impossible' | 'before_min' | 'after_max' };

// Day, month and a four-digit year (a two-digit year would be a guess), separated by - / . or a space;
// the time, if asked, after a space, "T" or a comma, as 9:30 or the Dutch 9.30.
const dayPart = String.raw`(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})`;
const isoDayPart = String.raw`(\d{4})-(\d{1,2})-(\d{1,2})`;
const timePart = String.raw`(?:\s*[T,]\s*|\s+)(\d{1,2})[:.](\d{2})`;

/**
 * Reads what was typed, in either language's way of writing (both put the day first), or a pasted
 * ISO date. Empty is not a problem here: whether a field may stay empty is the form's rule.
 */
export function readDateInput(text: string, kind: DateInputKind, limits: { min?: string; max?: string } = {}): DateReading {
  const typed = text.trim();
  if (typed === '') return { kind: 'empty' };
  const time = kind === 'dateTime' ? timePart : '';
  const dayFirst = new RegExp(`^${dayPart}${time}$`).exec(typed);
  const yearFirst = dayFirst ? null : new RegExp(`^${isoDayPart}${time}$`).exec(typed);
  const parts = dayFirst ? [dayFirst[1], dayFirst[2], dayFirst[3], dayFirst[4], dayFirst[5]] : yearFirst ? [yearFirst[3], yearFirst[2], yearFirst[1], yearFirst[4], yearFirst[5]] : null;
  if (!parts) return { kind: 'problem', problem: 'unreadable' };
  const [day, month, year, hours, minutes] = parts;
  // date-fns refuses 31-02 and 24:00 rather than rolling them over into the next month or day.
  const date = kind === 'dateTime' ? parse(`${day}-${month}-${year} ${hours}:${minutes}`, 'd-M-yyyy H:mm', new Date(0)) : parse(`${day}-${month}-${year}`, 'd-M-yyyy', new Date(0));
  if (!isValid(date)) return { kind: 'problem', problem: 'impossible' };
  const value = format(date, valuePatterns[kind]);
  // Same shape on both sides, so comparing the text compares the moments.
  if (limits.min && value < limits.min) return { kind: 'problem', problem: 'before_min' };
  if (limits.max && value > limits.max) return { kind: 'problem', problem: 'after_max' };
  return { kind: 'value', value };
}

/** The value a form receives for a reading: like a native input, empty when the text is not a date it accepts. */
export const valueOf = (reading: DateReading): string => (reading.kind === 'value' ? reading.value : '');
