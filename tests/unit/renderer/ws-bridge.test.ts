import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { createWebSocketBridge, type LinkState, type WebSocketBridge } from '../../../renderer/src/bridge/ws-bridge.js';
import { startTestHost, type TestHost } from '../../support/web-host.js';

let t: TestHost;
const bridges: WebSocketBridge[] = [];
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  bridges.splice(0).forEach((bridge) => bridge.dispose());
  await t.close();
});

function bridge(options: Parameters<typeof createWebSocketBridge>[0]): WebSocketBridge {
  const made = createWebSocketBridge(options);
  bridges.push(made);
  return made;
}

const nodeSocket = (url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as globalThis.WebSocket;

describe('the renderer bridge over a real web host', () => {
  it('round-trips a call and hears the event it causes', async () => {
    const states: LinkState[] = [];
    const api = bridge({ origin: t.host.origin, token: t.tokens.operator.token, createSocket: nodeSocket, onLinkState: (s) => states.push(s) });
    const heard = new Promise((resolve) => api.on('device.statusChanged', resolve));
    const result = await api.invoke('settings.update', { organisationName: 'SVB', siteName: 'Amstelveen', deskName: 'Balie 2', floor: '0', serverUrl: '' });
    expect(result).toMatchObject({ ok: true, value: { desk: { name: 'Balie 2' } } });
    expect(await heard).toMatchObject({ site: { name: 'Amstelveen' } });
    expect(states).toEqual(['connecting', 'open']);
  });

  it('reports UNAUTHENTICATED when the host refuses the token, without retrying forever', async () => {
    const states: LinkState[] = [];
    const api = bridge({ origin: t.host.origin, token: 'wrong', createSocket: nodeSocket, onLinkState: (s) => states.push(s) });
    expect(await api.invoke('device.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(states.at(-1)).toBe('unauthenticated');
  });

  it('answers at once without a token', async () => {
    const api = bridge({ origin: t.host.origin, token: null, createSocket: nodeSocket });
    expect(await api.invoke('device.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('times out a call the host never answers', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'vangnet.v1' });
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as AddressInfo;
    const api = bridge({ origin: `http://127.0.0.1:${port}`, token: 'x', createSocket: nodeSocket, callTimeoutMs: 50 });
    expect(await api.invoke('device.status', {})).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    silent.clients.forEach((client) => client.terminate());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('reconnects after the socket drops and sends what was queued meanwhile', async () => {
    const states: LinkState[] = [];
    const made: WebSocket[] = [];
    const tracked = (url: string, protocols: string[]) => {
      const socket = new WebSocket(url, protocols);
      made.push(socket);
      return socket as unknown as globalThis.WebSocket;
    };
    const api = bridge({ origin: t.host.origin, token: t.tokens.operator.token, createSocket: tracked, onLinkState: (s) => states.push(s) });
    expect((await api.invoke('device.status', {})).ok).toBe(true);
    made[0]?.terminate();
    const result = await api.invoke('device.status', {});
    expect(result.ok).toBe(true);
    expect(states).toContain('closed');
    expect(states.at(-1)).toBe('open');
  });

  it('unsubscribes with off() and with the returned function', async () => {
    const api = bridge({ origin: t.host.origin, token: t.tokens.operator.token, createSocket: nodeSocket });
    const seen: string[] = [];
    const a = () => seen.push('a');
    const stopB = api.on('device.statusChanged', () => seen.push('b'));
    api.on('device.statusChanged', a);
    api.off('device.statusChanged', a);
    stopB();
    await api.invoke('settings.setLocale', { locale: 'en' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
  });
});
