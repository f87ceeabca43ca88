import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { rendererCspMeta } from './shared/security/csp.js';

/** Electron loads the build from file://, where there are no response headers: the CSP rides in a meta tag. */
function cspMeta(): Plugin {
  return {
    name: 'vangnet-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: rendererCspMeta }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  // resources/ holds the icon and the alarm sound for the shell, and is the renderer's public folder.
  publicDir: '../resources',
  plugins: [react(), cspMeta()],
  // One bundle read from the local disk or loopback, never over a slow network: 500 kB is no concern here.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
});
