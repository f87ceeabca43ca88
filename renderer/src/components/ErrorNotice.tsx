import { useTranslation } from 'react-i18next';
import type { CallName } from '../../../shared/contract/calls.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { errorText } from './error-text.js';

/**
 * A failure in words the user can act on. The core's code and English detail stay out of the
 * UI: they are for logs, and a Dutch screen must not show English.
 */
export function ErrorNotice({ error, call }: { error: ContractError; call?: CallName }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error" data-code={error.code}>
      <p>{errorText(t, error, call)}</p>
    </div>
  );
}
