import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// The packaged app is built from out/app; what is not listed there never ships.
describe('desktop app build (out/app)', () => {
  it('bundles the shell and lists only the packages it imports, no server or dev packages', () => {
    execFileSync('npx', ['vite', 'build', '--logLevel=error'], { stdio: 'pipe' });
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'pipe' });
    const manifest = JSON.parse(fs.readFileSync('out/app/package.json', 'utf8')) as { main: string; dependencies: Record<string, string> };
    const shipped = Object.keys(manifest.dependencies);
    // The encrypted store's driver; plain better-sqlite3 is the server's and stays out.
    expect(shipped).toContain('better-sqlite3-multiple-ciphers');
    // Updates from the organisation's server; builder-util-runtime is only the tests' (it comes with electron-updater).
    expect(manifest.dependencies['electron-updater']).toBe('6.8.10');
    expect(shipped).not.toContain('builder-util-runtime');
    for (const serverOrDev of ['better-sqlite3', 'fastify', '@fastify/websocket', 'pg', 'kysely', 'vite', 'vitest', 'electron', 'electron-builder', 'react', 'typescript']) {
      expect(shipped).not.toContain(serverOrDev);
    }
    expect(fs.existsSync(`out/app/${manifest.main}`)).toBe(true);
    expect(fs.existsSync('out/app/renderer/index.html')).toBe(true);
    expect(fs.readdirSync('out/app/electron/migrations')).toContain('001_directory.sql');
    const preload = fs.readFileSync('out/app/electron/preload.cjs', 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    // The hidden HID reader: its page loads only its own script; its preload needs only electron.
    expect(fs.readFileSync('out/app/electron/hid-reader.html', 'utf8')).toContain('<script src="hid-reader.js"></script>');
    expect(fs.readFileSync('out/app/electron/hid-reader.js', 'utf8')).toContain('getDevices');
    const hidPreload = fs.readFileSync('out/app/electron/hid-preload.cjs', 'utf8');
    expect([...hidPreload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  }, 60_000);
});
