import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import readline from 'node:readline';

/** Runs a TypeScript entry point as a real Node process (through tsx), as users would. */
export function spawnTs(entry: string, args: string[], env: Record<string, string> = {}, { tsx = true }: { tsx?: boolean } = {}): { child: ChildProcess; lines: string[]; stderr(): string; waitForLines(n: number, match?: RegExp): Promise<void>; exited: Promise<number | null>; diedFirst<T>(other: Promise<T>): Promise<T> } {
  // tsx: false runs built JavaScript with plain Node, as production does.
  const child = spawn(process.execPath, [...(tsx ? ['--import=tsx'] : []), entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VANGNET_LOG_LEVEL: 'silent', ...env } });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener());
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    /** Waits for `other`, but fails at once (with the process's stderr) if the process exits first. */
    diedFirst<T>(other: Promise<T>) {
      return Promise.race([other, exited.then((code) => Promise.reject(new Error(`process exited (${code}) first: ${stderr.slice(-800)}`)))]);
    },
    waitForLines(n, match = /./) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (lines.filter((line) => match.test(line)).length >= n) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then((code) => reject(new Error(`process exited (${code}) after ${lines.length} lines: ${stderr.slice(-500)}`)));
        check();
      });
    },
  };
}

/** SIGKILL: no handlers, no flushing, no goodbye. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `count` distinct UDP ports that are free right now. All are held open until all are
 * chosen, so two calls cannot return the same port; and they are probed as UDP, because a
 * free TCP port says nothing about UDP (and the LAN path binds with SO_REUSEADDR, so a
 * port already taken would be shared silently instead of failing).
 */
export async function freeUdpPorts(count: number): Promise<number[]> {
  const sockets = Array.from({ length: count }, () => dgram.createSocket('udp4'));
  try {
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => resolve());
    })));
    return sockets.map((socket) => socket.address().port);
  } finally {
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve(); // never bound
      }
    })));
  }
}

/** A limit on waiting for a cold start (Node + tsx), generous for busy 2-core CI machines. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
