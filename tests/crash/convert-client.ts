// A real process that opens (and so encrypts, or re-encrypts) a store of an earlier release, for the conversion crash test:
// it prints "converting" just before, and is killed with SIGKILL at a random moment after.
import { parseArgs } from 'node:util';
import { openStore } from '../../main/core/db/open-store.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const { values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { 'data-dir': { type: 'string' } } });
const dataDir = values['data-dir'];
if (!dataDir) {
  process.stderr.write('convert client: --data-dir=<dir> is required\n');
  process.exit(2);
}
process.stdout.write('converting\n');
const store = openStore({ dataDir, key: TEST_STORE_KEY });
process.stdout.write(`converted ${String(store.convertedFromClear)} ${String(store.convertedFromPreviousCipher)}\n`);
store.close();
