import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { silentLogger } from '../../main/core/logger.js';
import { createSessionTokens } from '../../main/host/session-tokens.js';
import { DISPLAY_TOKEN_SECRET } from '../../main/core/sync/credential-vault.js';
import { startWebHost, type WebHost } from '../../main/host/web-host.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/wire.js';
import { openTestCore } from './core.js';
import { tempDir } from './temp-dir.js';

export interface TestHost {
  host: WebHost;
  tokens: ReturnType<typeof createSessionTokens>;
  rendererDir: string;
  core: ReturnType<typeof openTestCore>;
  close(): Promise<void>;
}

/** A real web host on a free loopback port, serving a tiny renderer build (plus `files`, by path in the build). */
export async function startTestHost(files: Readonly<Record<string, string>> = {}): Promise<TestHost> {
  const core = openTestCore();
  const rendererDir = tempDir('vangnet-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Vangnet</title>');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(rendererDir, name)), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, name), text);
  }
  const tokens = createSessionTokens(core.secret(DISPLAY_TOKEN_SECRET));
  const host = await startWebHost({ core, logger: silentLogger(), rendererDir, tokens: [tokens.operator, tokens.display] });
  return {
    host,
    tokens,
    rendererDir,
    core,
    async close() {
      await host.close();
      await core.close();
    },
  };
}

export interface SocketOptions {
  token?: string;
  origin?: string;
}

/** Opens a bridge socket; resolves when open, rejects with the HTTP status when refused. */
export function openBridge(origin: string, { token, origin: originHeader }: SocketOptions = {}): Promise<WebSocket> {
  const protocols = token === undefined ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${BRIDGE_PATH}`, protocols, originHeader ? { origin: originHeader } : {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one text frame and waits for the next frame back. */
export function exchange(ws: WebSocket, frame: string | Buffer, binary = false): Promise<unknown> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(frame, { binary });
  });
}

/** Makes one call and waits for its answer, letting events that arrive meanwhile pass. */
export function call(ws: WebSocket, id: number, name: string, input: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`closed ${code}`));
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number };
      if (frame.type === 'event' || frame.id !== id) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(frame);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify({ type: 'call', id, call: name, input }));
  });
}
