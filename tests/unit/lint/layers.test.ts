import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

// Design §3: the layer table is enforced by lint, so a wrong import fails the build.
describe('layer rules', () => {
  it.each([
    ['renderer/src/x.ts', "import { app } from 'electron';"],
    ['renderer/src/x.ts', "import { openCore } from '../../main/core/core.js';"],
    ['renderer/src/x.ts', "import fs from 'node:fs';"],
    ['main/core/x.ts', "import { app } from 'electron';"],
    ['main/core/x.ts', "import { App } from '../../renderer/src/App.js';"],
    ['main/host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['shared/x.ts', "import fs from 'node:fs';"],
    ['shared/x.ts', "import { app } from 'electron';"],
    ['shared/x.ts', "import { openCore } from '../main/core/core.js';"],
    ['preload/x.ts', "import { openCore } from '../main/core/core.js';"],
    ['server/x.ts', "import { app } from 'electron';"],
    ['main/electron/x.ts', "import { App } from '../../renderer/src/App.js';"],
    ['main/demo/x.ts', "import { startServer } from '../../server/src/start.js';"],
    ['main/demo/x.ts', "import { startWebHost } from '../host/web-host.js';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await ruleIds(file, `${code}\nexport const used = 1;\n`)).toContain('no-restricted-imports');
  });

  it.each([
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['preload/x.ts', "import { contextBridge } from 'electron';"],
    ['main/core/x.ts', "import fs from 'node:fs';"],
    ['renderer/src/x.ts', "import { calls } from '../../shared/contract/calls.js';"],
    ['main/demo/x.ts', "import { openCore } from '../core/core.js';"],
  ])('%s may: %s', async (file, code) => {
    expect(await ruleIds(file, `${code}\nexport const used = 1;\n`)).not.toContain('no-restricted-imports');
  });
});
