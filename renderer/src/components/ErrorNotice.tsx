import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';

/** A failure in words the user can act on, with the technical detail beneath it. */
export function ErrorNotice({ error }: { error: ContractError }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error">
      <p>{t(`errors.${error.code}`)}</p>
      <p className="detail">
        {error.code}: {error.message}
      </p>
    </div>
  );
}
