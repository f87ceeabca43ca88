import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLocale, resources } from '../../shared/i18n/index.js';
import type { Locale } from '../../shared/domain/directory.js';

export function createI18n(locale: Locale = defaultLocale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: defaultLocale,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
