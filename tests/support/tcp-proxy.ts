import net from 'node:net';

export type ProxyPolicy = { holdRequests: boolean; holdResponses: boolean };

/**
 * A loopback TCP proxy between a client process and the server, so a test can see
 * (and stop) the bytes of a push on the wire and kill a process at that exact moment.
 */
export class TcpProxy {
  policy: ProxyPolicy = { holdRequests: false, holdResponses: false };
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly waiters: { kind: 'request' | 'response'; match: string; resolve: () => void }[] = [];

  constructor(private readonly upstreamPort: number) {}

  async listen(): Promise<string> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.upstreamPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      client.on('data', (chunk) => {
        this.notify('request', chunk);
        if (!this.policy.holdRequests) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        this.notify('response', chunk);
        if (!this.policy.holdResponses) client.write(chunk);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as net.AddressInfo).port}`;
  }

  /** Resolves when bytes containing `match` pass in that direction. */
  seen(kind: 'request' | 'response', match: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ kind, match, resolve }));
  }

  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private notify(kind: 'request' | 'response', chunk: Buffer): void {
    const text = chunk.toString('latin1');
    for (const waiter of [...this.waiters]) {
      if (waiter.kind === kind && text.includes(waiter.match)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
