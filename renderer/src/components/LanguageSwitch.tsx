import { useTranslation } from 'react-i18next';
import { locales, localeSchema } from '../../../shared/domain/directory.js';
import { useApi } from '../api/api-context.js';
import { useDeploymentStatus } from '../api/use-deployment.js';

/** Changes the language at once and remembers it for this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const locked = useDeploymentStatus()?.locked.includes('language') === true;
  const change = (value: string) => {
    const locale = localeSchema.safeParse(value);
    if (!locale.success) return;
    void i18n.changeLanguage(locale.data);
    void api.invoke('settings.setLocale', { locale: locale.data });
  };
  return (
    <div className="language-switch">
      <label htmlFor="language-select">{t('app.language.label')}</label>
      <select id="language-select" value={i18n.language} disabled={locked} title={locked ? t('settings.lockedNote') : undefined} onChange={(event) => change(event.target.value)}>
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`app.language.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
