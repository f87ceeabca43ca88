// Builds the central server into out/server for production (the container image and the
// systemd unit run it with plain Node, no tsx): server.mjs and admin.mjs (esbuild bundles),
// renderer/ (the Vite build, for the TV display page) and a package.json whose dependencies
// are exactly the packages the bundles import, so React, Electron and dev tools stay out.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { bundleDependencies } from './bundle-deps.mjs';

const out = 'out/server';
const root = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const bundles = await build({
  entryPoints: { server: 'server/src/main.ts', admin: 'server/src/admin-cli.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
if (existsSync('dist/renderer/index.html')) cpSync('dist/renderer', `${out}/renderer`, { recursive: true });
else console.warn('dist/renderer is missing (npm run build:renderer): the server will answer the display page with 503');

const dependencies = bundleDependencies(bundles.metafile, root);
writeFileSync(
  `${out}/package.json`,
  `${JSON.stringify({ name: `${root.name}-server`, version: root.version, private: true, type: 'module', main: 'server.mjs', engines: root.engines, dependencies }, null, 2)}\n`,
);
console.log(`out/server/package.json dependencies: ${Object.keys(dependencies).join(', ')}`);
