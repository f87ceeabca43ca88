import { useTranslation } from 'react-i18next';
import { locales, localeSchema } from '../../../shared/domain/directory.js';
import { useApi } from '../api/api-context.js';
import { useDeploymentStatus } from '../api/use-deployment.js';
import { FormLabel, Select, SelectOption } from '@utrecht/component-library-react';

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
      <FormLabel htmlFor="language-select">{t('app.language.label')}</FormLabel>
      <Select id="language-select" value={i18n.language} disabled={locked} title={locked ? t('settings.lockedNote') : undefined} onChange={(event) => change(event.target.value)}>
        {locales.map((locale) => (
          <SelectOption key={locale} value={locale} lang={locale}>
            {t(`app.language.${locale}`)}
          </SelectOption>
        ))}
      </Select>
    </div>
  );
}
