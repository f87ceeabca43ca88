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

export default defineConfig(({ mode }) => ({
  root: 'renderer',
  base: './',
  // resources/ holds the icon and the alarm sound for the shell, and is the renderer's public folder.
  publicDir: '../resources',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No source maps in the build that is shipped and that the web host serves: a map hands the whole
    // source to anyone who can open the page (a display token is enough). A developer who wants them
    // builds with `vite build --mode=development`; the web host refuses *.map even then.
    sourcemap: mode === 'development',
    // One bundle read from the local disk or loopback, never over a slow network: 500 kB is no concern here.
    chunkSizeWarningLimit: 1024,
  },
}));
