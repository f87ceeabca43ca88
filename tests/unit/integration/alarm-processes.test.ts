import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ResponderStatus, SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { createWebSocketBridge, type WebSocketBridge } from '../../../renderer/src/bridge/ws-bridge.js';
import { startHostProcess, type HostProcess } from '../../e2e/support/host-process.js';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.js';
import { freePort, killHard } from '../../support/processes.js';
import { until } from '../../support/until.js';
import { tempDir } from '../../support/temp-dir.js';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const nodeSocket = (url: string, protocols: string[]) => new WebSocket(url, protocols, { origin: new URL(url.replace('ws', 'http')).origin }) as unknown as globalThis.WebSocket;

function bridgeTo(host: HostProcess): WebSocketBridge {
  const token = new URL(host.operatorUrl).hash.replace('#token=', '');
  const bridge = createWebSocketBridge({ origin: host.origin, token, createSocket: nodeSocket });
  cleanup.push(() => bridge.dispose());
  return bridge;
}


describe('alarm between real processes: one server, five web hosts', () => {
  it('the other four receive it and their answers reach the sender; with the server killed, the LAN still delivers', async () => {
    const server: ServerProcess = await startServerProcess();
    cleanup.push(() => server.stop());
    const organisation = await server.admin('/v1/admin/organisations', { name: 'Gemeente Zwolle' });
    const site = await server.admin('/v1/admin/sites', { name: 'Stadskantoor' });
    await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });

    // Set up and enrol five desks, then restart each host with the site's LAN key.
    const keyFile = path.join(tempDir(), 'site.key');
    fs.writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const lanPort = String(await freePort());
    const dataDirs = [0, 1, 2, 3, 4].map(() => tempDir('vangnet-desk-'));
    for (const [i, dataDir] of dataDirs.entries()) {
      const setup = await startHostProcess(dataDir);
      const api = bridgeTo(setup);
      expect((await api.invoke('settings.update', { organisationName: 'G', siteName: 'S', deskName: `Balie ${i + 1}`, floor: '1', serverUrl: server.url, fallbackPhone: '' })).ok).toBe(true);
      const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
      expect(await api.invoke('sync.enrol', { code: code as string })).toMatchObject({ ok: true });
      api.dispose();
      await setup.stop();
    }
    const hosts = await Promise.all(dataDirs.map((dataDir) => startHostProcess(dataDir, ['--lan-key-file', keyFile, '--lan-port', lanPort, '--lan-interface', '127.0.0.1', '--lan-group', '239.255.42.97'])));
    cleanup.push(() => Promise.all(hosts.map((host) => host.stop())));
    const apis = hosts.map(bridgeTo);
    const senderStates: SenderStatus[] = [];
    apis[0]?.on('alarm.sender', (status) => senderStates.push(status));
    const responderStates = apis.map(() => [] as ResponderStatus[]);
    apis.forEach((api, i) => api.on('alarm.responder', (status) => responderStates[i]?.push(status)));
    for (const api of apis) await api.invoke('device.status', {}); // every bridge is connected
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // and every host's realtime socket

    const first = await apis[0]!.invoke('alarm.raise', { level: 'emergency', drill: false });
    expect(first.ok).toBe(true);
    const alarmId = (first as { value: SenderStatus }).value.alarmId;
    await until(() => [1, 2, 3, 4].every((i) => responderStates[i]?.some((s) => s.alarmId === alarmId && s.phase === 'alerting')));
    for (const i of [1, 2, 3, 4]) await apis[i]!.invoke('alarm.answer', { alarmId, answer: i === 4 ? 'cannot_come' : 'coming' });
    await until(() => senderStates.at(-1)?.coming.length === 3 && senderStates.at(-1)?.cannotCome.length === 1);
    expect(senderStates.at(-1)?.deliveredTo).toHaveLength(4);

    // The server dies without warning; the LAN path alone carries the next alarm.
    await killHard(server.process);
    const second = await apis[2]!.invoke('alarm.raise', { level: 'assist', drill: false });
    const secondId = (second as { value: SenderStatus }).value.alarmId;
    await until(() => [0, 1, 3, 4].every((i) => responderStates[i]?.some((s) => s.alarmId === secondId)));
  }, 120_000);
});
