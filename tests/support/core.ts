import type { VangnetApi } from '../../shared/contract/api.js';
import { createListenerRegistry } from '../../shared/contract/listener-registry.js';
import type { Role } from '../../shared/contract/roles.js';
import { openCore, type Core } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { tempDir } from './temp-dir.js';
import { TEST_STORE_KEY } from './test-keys.js';

export function openTestCore(dataDir = tempDir(), now?: () => Date): Core {
  return openCore(now ? { dataDir, storeKey: TEST_STORE_KEY, logger: silentLogger(), now } : { dataDir, storeKey: TEST_STORE_KEY, logger: silentLogger() });
}

/**
 * The real contract against a real core and SQLite file, without a transport:
 * what component tests drive instead of a stub.
 */
export function inProcessApi(core: Core, role: Role = 'admin', session = 'in-process'): VangnetApi {
  const caller = { role, session };
  const registry = createListenerRegistry();
  core.bus.subscribe((event, payload) => registry.emit(event, payload));
  return {
    invoke: (call, input) => core.dispatch(caller, call, input),
    on: registry.on,
    off: registry.off,
  } as VangnetApi;
}

/** Opens cores for one test file and closes them all after each test. */
export function trackedCores(afterEach: (hook: () => Promise<void>) => void): (now?: () => Date) => Core {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });
  return (now) => {
    const core = openTestCore(undefined, now);
    cores.push(core);
    return core;
  };
}
