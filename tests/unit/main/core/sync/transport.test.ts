import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport } from '../../../../../main/core/sync/transport.js';
import { SYNC_SCHEMA_VERSION } from '../../../../../shared/sync/protocol.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A real HTTP server that answers an empty push, and cuts the connection of each request whose number is in `cut` without answering. */
async function pushServer(cut: ReadonlySet<number>) {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      if (cut.has(requests)) {
        (request.socket as net.Socket).destroy();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ acked_through: 0, rejected: [], server_time: new Date().toISOString() }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, requests: () => requests };
}

const emptyPush = { schema_version: SYNC_SCHEMA_VERSION, ops: [] };

describe('the sync transport over a connection that breaks', () => {
  it('tries once more on a fresh connection when one is cut before the answer (a kept-alive socket the server closed)', async () => {
    const server = await pushServer(new Set([1]));
    await expect(httpTransport(server.url, 'credential').push(emptyPush)).resolves.toMatchObject({ acked_through: 0 });
    expect(server.requests()).toBe(2);
  });

  it('gives up after the second try, and says why in words the log can use', async () => {
    const server = await pushServer(new Set([1, 2, 3]));
    await expect(httpTransport(server.url, 'credential').push(emptyPush)).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/^cannot reach http:\/\/127\.0\.0\.1:\d+: fetch failed \(.+\)$/) });
    expect(server.requests()).toBe(2);
  });

  it('a server that is not there is refused twice, fast, with the reason', async () => {
    const server = await pushServer(new Set());
    const url = server.url;
    await new Promise((resolve) => servers.splice(0)[0]?.close(resolve));
    const started = Date.now();
    await expect(httpTransport(url, 'credential').push(emptyPush)).rejects.toMatchObject({ message: expect.stringContaining('(ECONNREFUSED)') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
