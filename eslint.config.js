// Layer rules from design §3: a wrong import fails lint, not just review.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'dgram', 'child_process', 'worker_threads', 'url', 'events', 'stream', 'util'];
const electron = { group: ['electron', 'electron/*'], message: 'Only main/electron/ and preload/ may import electron (design §3).' };
const dbDrivers = { group: ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pg'], message: 'Database drivers belong to main/core/ or server/.' };
const react = { group: ['react', 'react-dom', 'react-dom/*', 'react-*', 'i18next'], message: 'UI libraries belong to renderer/.' };

function layer(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}
function banned(group, message) {
  return { group, message };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tsbuild/', 'reports/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  layer(['shared/**/*.ts'], [
    electron, dbDrivers, react,
    banned(nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins.'),
    banned(['**/main/**', '**/renderer/**', '**/preload/**', '**/server/**'], 'shared/ depends on nothing but itself.'),
  ]),
  layer(['main/core/**/*.ts'], [
    electron, react,
    banned(['**/renderer/**', '**/preload/**', '**/electron/**', '**/host/**', '**/server/**'], 'main/core/ must not import the shell, host, renderer or server.'),
  ]),
  layer(['main/host/**/*.ts'], [
    electron, react,
    banned(['**/renderer/**', '**/preload/**', '**/electron/**', '**/server/**'], 'main/host/ runs core under plain Node: no shell, renderer or server.'),
  ]),
  layer(['main/demo/**/*.ts'], [
    electron, react,
    banned(['**/renderer/**', '**/preload/**', '**/electron/**', '**/host/**', '**/server/**'], 'main/demo/ starts the host and the server as processes and talks to them over HTTP and the bridge only.'),
  ]),
  layer(['main/electron/**/*.ts'], [
    react, banned(['**/renderer/**', '**/host/**', '**/server/**'], 'main/electron/ must not import the renderer, host or server.'),
  ]),
  layer(['preload/**/*.ts'], [
    react, dbDrivers,
    banned(['**/main/**', '**/renderer/**', '**/server/**'], 'preload/ may use only electron and shared/.'),
    banned(nodeBuiltins, 'preload/ runs sandboxed: no Node built-ins.'),
  ]),
  layer(['renderer/**/*.{ts,tsx}'], [
    electron, dbDrivers,
    banned(['**/main/**', '**/preload/**', '**/server/**'], 'renderer/ talks to the core only through window.vangnet (design §4).'),
    banned(nodeBuiltins, 'renderer/ runs in the browser: no Node built-ins.'),
  ]),
  layer(['server/**/*.ts'], [
    electron, react,
    banned(['**/main/**', '**/renderer/**', '**/preload/**'], 'server/ shares only shared/ with the client.'),
  ]),
  {
    files: ['renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{js,mjs}', 'main/host/cli.ts', 'main/demo/cli.ts', 'tests/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
