import { format } from 'date-fns';
import { enGB, nl } from 'date-fns/locale';

const dateLocales = { nl, en: enGB } as const;

/** "28 november 2026 om 11:42" / "28 November 2026 at 11:42" */
export function formatDateTime(iso: string, language: string): string {
  const locale = language === 'en' ? dateLocales.en : dateLocales.nl;
  return format(new Date(iso), 'PPPp', { locale });
}
