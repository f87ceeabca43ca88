import { randomBytes } from 'node:crypto';
import type { MachineConfig } from '../../../shared/deployment/machine-config.js';
import type { Logger } from '../logger.js';
import type { CredentialVault } from './credential-vault.js';
import type { SyncService } from './sync-service.js';

/** The name of the secret (in the encrypted store) this PC asks with until it is enrolled. */
export const ENROLMENT_KEY_SECRET = 'enrolment-request-key';

export interface TokenEnrolment {
  /** One ask now (tests, and the first start); the loop asks again every `retryMs` until enrolled. */
  attempt(): Promise<'enrolled' | 'pending' | 'failed' | 'off'>;
  stop(): void;
}

/**
 * With the machine-wide configuration's policy "token", a PC that is not enrolled asks the
 * server by itself on start and then every minute, until an administrator approved it
 * (server:admin -- approve-device) and it has its credential. Without it: nothing happens.
 */
export function startTokenEnrolment({ sync, config, keyVault, logger, retryMs = 60_000 }: { sync: SyncService; config: MachineConfig; keyVault: CredentialVault; logger: Logger; retryMs?: number }): TokenEnrolment {
  const token = config.enrolment?.policy === 'token' ? config.enrolment.token : undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const attempt = async (): Promise<'enrolled' | 'pending' | 'failed' | 'off'> => {
    if (!token) return 'off';
    if (sync.enrolled()) return 'enrolled';
    let key = keyVault.read();
    if (!key) {
      key = randomBytes(32).toString('base64url');
      keyVault.write(key);
    }
    try {
      const outcome = await sync.enrolWithToken(token, key);
      if (outcome === 'enrolled') {
        keyVault.clear();
        logger.info('enrolled with the organisation token');
      } else logger.info('enrolment asked; waiting for an administrator to approve this PC on the server');
      return outcome;
    } catch (error) {
      logger.warn({ err: error }, 'enrolment with the organisation token failed; trying again');
      return 'failed';
    }
  };
  const loop = () => {
    void attempt().then((outcome) => {
      if (stopped || outcome === 'enrolled' || outcome === 'off') return;
      timer = setTimeout(loop, retryMs);
      timer.unref();
    });
  };
  if (token && !sync.enrolled()) loop();
  return {
    attempt,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
