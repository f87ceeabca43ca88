import { useEffect, useState } from 'react';
import type { DeploymentStatus } from '../../../shared/deployment/machine-config.js';
import { useApi } from './api-context.js';

/** What IT locked in the machine-wide configuration; null until the core answered. */
export function useDeploymentStatus(): DeploymentStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<DeploymentStatus | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('deployment.status', {}).then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return status;
}
