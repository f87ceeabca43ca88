import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, platformKeyFile, resolveDataDir } from '../core/config.js';
import { loadMachineConfig } from '../core/config/machine-config-file.js';
import { openCore } from '../core/core.js';
import { StoreError } from '../core/db/store-error.js';
import type { StoreKey } from '../core/db/store-key.js';
import { createLogger, type Logger } from '../core/logger.js';
import { ContractFailure } from '../../shared/contract/result.js';
import { parseHostArgs, usage } from './cli-options.js';
import { createSessionTokens } from './session-tokens.js';
import { startWebHost } from './web-host.js';
import { lanNetworkFromOptions } from './lan-setup.js';
import { loadHostStoreKey } from './store-key-source.js';
import { adoptSecret, DISPLAY_TOKEN_SECRET, legacyFileVault } from '../core/sync/credential-vault.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<number> {
  const parsed = parseHostArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`vangnet host: ${parsed.message}\n\n${usage}`);
    return 2;
  }
  const { options } = parsed;
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const logger = createLogger('vangnet-host');
  const dataDir = resolveDataDir({ explicit: options['data-dir'], env: process.env, platform: process.platform, homeDir: os.homedir() });
  // The default data folder gets a default key file in the per-user configuration folder; a chosen one needs a chosen key.
  const defaultKeyFile = dataDir.source === 'platform-default' ? platformKeyFile({ env: process.env, platform: process.platform, homeDir: os.homedir() }) : undefined;
  const storeKey = loadHostStoreKey({ keyFile: options['key-file'], env: process.env, dataDir: dataDir.dir, defaultKeyFile });
  const resetAdmin = options['reset-admin'];
  if (resetAdmin !== undefined) return makeAdministrator(dataDir.dir, storeKey, resetAdmin, logger);
  const core = openCore({ dataDir: dataDir.dir, storeKey, logger, lan: lanNetworkFromOptions(options), machineConfig: loadMachineConfig(logger, process.platform, process.env) });
  const displayVault = core.secret(DISPLAY_TOKEN_SECRET);
  // Earlier releases kept the display token in a clear file of the data folder.
  adoptSecret(displayVault, legacyFileVault(dataDir.dir, DISPLAY_TOKEN_SECRET));
  if (options['new-display-token']) displayVault.clear();
  const tokens = createSessionTokens(displayVault);
  const host = await startWebHost({
    core,
    logger,
    rendererDir: path.resolve(options['renderer-dir'] ?? path.join(repoRoot, 'dist', 'renderer')),
    tokens: [tokens.operator, tokens.display],
    host: options.host,
    port: options.port,
  });
  const operatorUrl = `${host.origin}/#token=${tokens.operator.token}`;
  // `?view=display` opens the house rules page; the token alone would allow nothing else anyway.
  const displayUrl = `${host.origin}/?view=display#token=${tokens.display.token}`;
  const readyFile = options['ready-file'];
  if (readyFile) {
    // Written beside and renamed, so whoever waits for it never reads half a file.
    const temp = `${readyFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ origin: host.origin, operatorUrl, displayUrl, pid: process.pid }), { mode: 0o600 });
    fs.renameSync(temp, readyFile);
  }
  console.log(`Vangnet web host is running.
  Store:    ${core.store.file} (${dataDir.source})
  Open:     ${operatorUrl}
  Display:  ${displayUrl}
  Stop with Ctrl+C.`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  await host.close();
  await core.close();
  return 0;
}

/** Someone with access to this PC makes a new administrator: the way back when nobody can sign in as one. */
async function makeAdministrator(dataDir: string, storeKey: StoreKey, displayName: string, logger: Logger): Promise<number> {
  const core = openCore({ dataDir, storeKey, logger });
  try {
    const { member, pin } = core.staff.resetAdmin(displayName);
    logger.warn({ staff: member.id, user: os.userInfo().username }, 'a new administrator was made from the command line (--reset-admin)');
    console.log(`New administrator "${member.displayName}" added. PIN: ${pin}
Sign in with it and choose a new PIN; it is not shown again.`);
    return 0;
  } catch (error) {
    if (!(error instanceof ContractFailure)) throw error;
    console.error(`vangnet host: ${error.message}`);
    return 3;
  } finally {
    await core.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StoreError) {
      console.error(`vangnet host: ${error.code}: ${error.message}`);
      process.exit(3);
    }
    console.error('vangnet host: failed to start:', error);
    process.exit(1);
  },
);
