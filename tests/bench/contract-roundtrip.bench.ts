import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { openCore } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { createSessionTokens } from '../../main/host/session-tokens.js';
import { DISPLAY_TOKEN_SECRET } from '../../main/core/sync/credential-vault.js';
import { startWebHost } from '../../main/host/web-host.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/wire.js';
import { alternate, latencyMeasure, percentile, type Bench } from './measure.js';
import { benchTempDir } from './temp.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';
import { UNENCRYPTED_BASELINE, type StoreKeyOrBaseline } from '../../main/core/db/store-key.js';

const BLOCKS = 10;
const PER_BLOCK = 300;
const WARMUP = 300;
const settings = { organisationName: 'Gemeente Utrecht', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' };

function opened(ws: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends frames one after another and times each until its reply arrives. */
async function timedExchanges(ws: WebSocket, count: number, frame: (i: number) => string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(frame(i));
    });
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A web host on its own core and store (encrypted, or the clear baseline), with one operator socket. */
async function hostWithBridge(storeKey: StoreKeyOrBaseline) {
  const core = openCore({ storeKey, dataDir: benchTempDir(), logger: silentLogger() });
  const tokens = createSessionTokens(core.secret(DISPLAY_TOKEN_SECRET));
  const host = await startWebHost({ core, logger: silentLogger(), rendererDir: benchTempDir(), tokens: [tokens.operator] });
  const bridge = await opened(new WebSocket(`${host.origin.replace('http', 'ws')}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${tokens.operator.token}`]));
  return {
    bridge,
    async close() {
      bridge.close();
      await host.close();
      await core.close();
    },
  };
}

export const bench: Bench = {
  title: 'Contract round trip through the web host vs a raw WebSocket echo; encrypted store vs clear',
  async run() {
    const encrypted = await hostWithBridge(TEST_STORE_KEY);
    const clear = await hostWithBridge(UNENCRYPTED_BASELINE);
    const { bridge } = encrypted;

    const echoServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    echoServer.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
    await new Promise((resolve) => echoServer.once('listening', resolve));
    const echo = await opened(new WebSocket(`ws://127.0.0.1:${(echoServer.address() as AddressInfo).port}`));

    const read = (i: number) => JSON.stringify({ type: 'call', id: i, call: 'device.status', input: {} });
    const write = (i: number) => JSON.stringify({ type: 'call', id: i, call: 'settings.update', input: { ...settings, floor: String(i % 40) } });
    await timedExchanges(bridge, WARMUP, read);
    await timedExchanges(echo, WARMUP, read);

    const reads = await alternate(BLOCKS, () => timedExchanges(bridge, PER_BLOCK, read), () => timedExchanges(echo, PER_BLOCK, read));
    const writes = await alternate(BLOCKS, () => timedExchanges(bridge, PER_BLOCK, write), () => timedExchanges(echo, PER_BLOCK, write));
    await timedExchanges(clear.bridge, WARMUP, write);
    const cipher = await alternate(BLOCKS, () => timedExchanges(bridge, PER_BLOCK, write), () => timedExchanges(clear.bridge, PER_BLOCK, write));

    echo.close();
    echoServer.close();
    await encrypted.close();
    await clear.close();
    const cost = latencyMeasure('contract.roundtrip.write.encrypted_vs_clear', cipher.subject, cipher.baseline);
    cost.note = `settings.update via web host on the encrypted store (AEGIS-256) vs the same on a clear store, blocks alternated; ratio = p99/p99, p50 ratio ${Math.round(((cost.p50 ?? 0) / percentile(cipher.baseline, 50)) * 100) / 100}. Goal ratio <= 1.3`;
    return [
      cost,
      latencyMeasure('contract.roundtrip.read', reads.subject, reads.baseline, 'device.status via web host (zod in, SQLite read, zod out) vs raw ws echo of the same frame; ratio = p99/p99'),
      latencyMeasure('contract.roundtrip.write', writes.subject, writes.baseline, 'settings.update via web host (one SQLite transaction, synchronous=FULL) vs raw ws echo; ratio = p99/p99'),
    ];
  },
};
