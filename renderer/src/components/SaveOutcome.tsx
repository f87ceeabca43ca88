import type { ContractError } from '../../../shared/contract/result.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Alert } from '@utrecht/component-library-react';

export type Outcome = { kind: 'saved' } | { kind: 'failed'; error: ContractError } | null;

/** What became of a save: a polite confirmation, or the error in words the user can act on. */
export function SaveOutcome({ outcome, savedText }: { outcome: Outcome; savedText: string }) {
  return (
    <>
      <div aria-live="polite">
        {outcome?.kind === 'saved' && (
          <Alert type="ok" role="status" className="notice notice-ok">
            {savedText}
          </Alert>
        )}
      </div>
      {outcome?.kind === 'failed' && <ErrorNotice error={outcome.error} />}
    </>
  );
}
