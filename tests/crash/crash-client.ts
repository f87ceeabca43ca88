// A real client process for the crash tests: it is killed with SIGKILL while it works.
//   write: commits rows one by one and prints "committed <id>" after each commit.
//   sync:  pushes the outbox and pulls, then prints "synced".
import { parseArgs } from 'node:util';
import { openStore } from '../../main/core/db/open-store.js';
import { ReplicaStore } from '../../main/core/sync/replica-store.js';
import { pullAll, pushAll } from '../../main/core/sync/sync-round.js';
import { httpTransport } from '../../main/core/sync/transport.js';
import { newId } from '../../shared/domain/ids.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' }, server: { type: 'string' }, credential: { type: 'string' }, 'device-id': { type: 'string' },
    organisation: { type: 'string' }, site: { type: 'string' }, mode: { type: 'string' }, count: { type: 'string', default: '1000' },
  },
});
const need = (name: keyof typeof values) => {
  const value = values[name];
  if (typeof value !== 'string') throw new Error(`--${name} is required`);
  return value;
};

const store = openStore({ dataDir: need('data-dir') });
const replica = new ReplicaStore(store.write, store.read, need('device-id'), () => new Date());
const scope = { organisationId: need('organisation'), siteId: need('site') };

if (need('mode') === 'write') {
  for (let i = 0; i < Number(values.count); i += 1) {
    const id = newId();
    replica.writeRow('incident', id, { occurred_at: new Date().toISOString(), channel: 'counter', forms: ['threat'], status: 'open', narrative: `row ${i}` }, scope);
    process.stdout.write(`committed ${id}\n`);
  }
} else {
  const transport = httpTransport(need('server'), need('credential'));
  await pushAll(replica, transport);
  await pullAll(replica, transport, 1000);
  process.stdout.write('synced\n');
}
store.close();
