import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/domain/sync-status.js';
import { useApi, type Loadable } from './api-context.js';

/** Replication state, kept fresh by the core's sync.statusChanged event. */
export function useSyncStatus(): [Loadable<SyncStatus>, (next: SyncStatus) => void] {
  const api = useApi();
  const [status, setStatus] = useState<Loadable<SyncStatus>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void api.invoke('sync.status', {}).then((result) => {
      if (live) setStatus(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    const unsubscribe = api.on('sync.statusChanged', (value) => setStatus({ state: 'ready', value }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return [status, (value) => setStatus({ state: 'ready', value })];
}
