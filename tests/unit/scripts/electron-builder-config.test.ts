import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** electron-builder's own logger only collects details for its debug output; nothing to collect here. */
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema (the installer cannot be built on this machine, so this is where a wrong key shows)", async () => {
    const config = await getConfig(repoRoot, 'electron-builder.yml', null);
    expect(config.appId).toBe('nl.vangnet.desktop');
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('would catch a misspelt option', async () => {
    const config = await getConfig(repoRoot, 'electron-builder.yml', null);
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } as typeof config.nsis }, quietLogger)).rejects.toThrow(/configuration\.nsis/);
  });
});
