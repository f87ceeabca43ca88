import { useTranslation } from 'react-i18next';
import type { CallName } from '../../../shared/contract/calls.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { errorText } from './error-text.js';
import { Alert } from '@utrecht/component-library-react';

/**
 * A failure in words the user can act on. The core's code and English detail stay out of the
 * UI: they are for logs, and a Dutch screen must not show English.
 */
export function ErrorNotice({ error, call }: { error: ContractError; call?: CallName }) {
  const { t } = useTranslation();
  return (
    <Alert type="error" role="alert" className="notice notice-error" data-code={error.code}>
      <p>{errorText(t, error, call)}</p>
    </Alert>
  );
}
