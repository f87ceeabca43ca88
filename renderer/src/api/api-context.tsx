import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { VangnetApi } from '../../../shared/contract/api.js';
import type { ContractError } from '../../../shared/contract/result.js';
import type { DeviceStatus } from '../../../shared/domain/directory.js';

const ApiContext = createContext<VangnetApi | null>(null);

export function ApiProvider({ api, children }: { api: VangnetApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): VangnetApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: ContractError };

/** The device status, kept fresh by the core's statusChanged event. */
export function useDeviceStatus(): Loadable<DeviceStatus> {
  const api = useApi();
  const [status, setStatus] = useState<Loadable<DeviceStatus>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void api.invoke('device.status', {}).then((result) => {
      if (!live) return;
      setStatus(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    const unsubscribe = api.on('device.statusChanged', (value) => setStatus({ state: 'ready', value }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return status;
}
