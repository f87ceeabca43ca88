import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';

const open: TestServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

describe("the server's display page", () => {
  it('a server without the renderer build still starts, and the page says how to build it', async () => {
    const t = await startTestServer('sqlite', { rendererDir: path.join(tempDir(), 'not-built') });
    open.push(t);
    const page = await fetch(`${t.server.url}/display/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build:renderer');
    expect((await fetch(`${t.server.url}/health`)).status).toBe(200);
  });
});
