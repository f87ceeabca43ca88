// Builds the desktop app into out/app, electron-builder's app directory:
//   electron/main.mjs (ESM shell), electron/preload.cjs (sandboxed preloads must be CommonJS),
//   electron/hid-reader.html + hid-reader.js + hid-preload.cjs (the hidden HID button reader),
//   electron/migrations/, renderer/ (the Vite build), resources/, and a package.json whose
//   dependencies are exactly the packages the shell bundle imports (from esbuild's metafile),
//   so server and dev-only packages never reach the installer.
import { build } from 'esbuild';
import { bundleDependencies } from './bundle-deps.mjs';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const app = 'out/app';
const root = JSON.parse(readFileSync('package.json', 'utf8'));
if (!existsSync('dist/renderer/index.html')) {
  console.error('dist/renderer is missing: run npm run build:renderer first');
  process.exit(1);
}
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });

const main = await build({
  entryPoints: { main: 'main/electron/main.ts' },
  outdir: `${app}/electron`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'info',
});

await build({
  entryPoints: { preload: 'preload/index.ts' },
  outdir: `${app}/electron`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
});

// The hidden HID reader window (docs/hardware-buttons.md): its preload and its page script.
await build({
  entryPoints: { 'hid-preload': 'preload/hid-reader.ts' },
  outdir: `${app}/electron`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
});
await build({
  entryPoints: { 'hid-reader': 'renderer/src/hid-reader/hid-reader.ts' },
  outdir: `${app}/electron`,
  bundle: true,
  platform: 'browser',
  target: 'chrome130',
  format: 'iife',
  sourcemap: true,
  logLevel: 'info',
});
cpSync('main/electron/hid-reader.html', `${app}/electron/hid-reader.html`);

cpSync('main/core/db/migrations', `${app}/electron/migrations`, { recursive: true });
cpSync('dist/renderer', `${app}/renderer`, { recursive: true });
cpSync('resources', `${app}/resources`, { recursive: true });

const dependencies = bundleDependencies(main.metafile, root, ['electron']);
writeFileSync(
  `${app}/package.json`,
  `${JSON.stringify({ name: root.name, productName: root.productName, version: root.version, description: root.description, type: 'module', main: 'electron/main.mjs', dependencies }, null, 2)}\n`,
);
console.log(`out/app/package.json dependencies: ${Object.keys(dependencies).join(', ')}`);
