// Bundles the Electron shell (ESM main) and the sandboxed preload (must be CommonJS).
// Dependencies stay external: they ship in the packaged app's node_modules,
// where electron-builder rebuilds better-sqlite3 for Electron's ABI.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

const outdir = 'out/electron';
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { main: 'main/electron/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info',
});

await build({
  entryPoints: { preload: 'preload/index.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
});

// migrate.ts finds its SQL files beside the running module.
cpSync('main/core/db/migrations', `${outdir}/migrations`, { recursive: true });
