import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from './api/api-context.js';

/** The device remembers its language: take it on start, and tell the document (screen readers read by it). */
export function useDeviceLocale(): void {
  const { i18n } = useTranslation();
  const api = useApi();
  useEffect(() => {
    void api.invoke('device.status', {}).then((result) => {
      if (result.ok && result.value.locale !== i18n.language) void i18n.changeLanguage(result.value.locale);
    });
  }, [api, i18n]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
}
