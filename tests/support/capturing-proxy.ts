import http from 'node:http';
import net from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP proxy in front of a real server that keeps every request exactly as the client sent
 * it (method, path, headers, body bytes) before passing it on. WebSocket upgrades are piped
 * through untouched, so a PC's realtime link works behind it too.
 */
export async function capturingProxy(upstream: string): Promise<{ url: string; requests: CapturedRequest[]; close(): Promise<void> }> {
  const target = new URL(upstream);
  const requests: CapturedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: body.toString('utf8') });
      const forward = http.request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  server.on('upgrade', (incoming: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const upstreamSocket = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${incoming.method} ${incoming.url} HTTP/1.1`, ...Object.entries(incoming.headers).flatMap(([name, value]) => [value].flat().map((one) => `${name}: ${one}`)), '', ''];
      upstreamSocket.write(lines.join('\r\n'));
      upstreamSocket.write(head);
      client.pipe(upstreamSocket).pipe(client);
    });
    for (const socket of [client, upstreamSocket]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstreamSocket.destroy();
      });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
