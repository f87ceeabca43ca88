// A real client process for the crash tests: it is killed with SIGKILL while it works.
//   write: commits rows one by one and prints "committed <id>" after each commit.
//   sync:  pushes the outbox and pulls, then prints "synced".
import { openStore } from '../../main/core/db/open-store.js';
import { ReplicaStore } from '../../main/core/sync/replica-store.js';
import { pullAll, pushAll } from '../../main/core/sync/sync-round.js';
import { httpTransport } from '../../main/core/sync/transport.js';
import { newId } from '../../shared/domain/ids.js';
import { parseCrashClientArgs } from './crash-client-args.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const parsed = parseCrashClientArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`crash client: ${parsed.message}\n`);
  process.exit(2);
}
const { options } = parsed;

const store = openStore({ key: TEST_STORE_KEY, dataDir: options['data-dir'] });
const replica = new ReplicaStore(store.write, store.read, options['device-id'], () => new Date());
const scope = { organisationId: options.organisation, siteId: options.site };

if (options.mode === 'write') {
  for (let i = 0; i < options.count; i += 1) {
    const id = newId();
    replica.writeRow('incident', id, { occurred_at: new Date().toISOString(), channel: 'counter', forms: ['threat'], status: 'open', narrative: `row ${i}` }, scope);
    process.stdout.write(`committed ${id}\n`);
  }
} else {
  const transport = httpTransport(options.server, options.credential);
  await pushAll(replica, transport);
  await pullAll(replica, transport, 1000);
  process.stdout.write('synced\n');
}
store.close();
