import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { VangnetApi } from '../../shared/contract/api.js';
import type { Locale } from '../../shared/domain/directory.js';
import { ApiProvider } from '../../renderer/src/api/api-context.js';
import { createI18n } from '../../renderer/src/i18n.js';

export function renderWithApi(ui: ReactElement, api: VangnetApi, locale: Locale = 'nl') {
  const i18n = createI18n(locale);
  return {
    i18n,
    ...render(
      <I18nextProvider i18n={i18n}>
        <ApiProvider api={api}>{ui}</ApiProvider>
      </I18nextProvider>,
    ),
  };
}
