import WebSocket from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, serverFrameSchema, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/wire.js';
import type { CallName } from '../../shared/contract/calls.js';

/** The demo sets desks up the way the page does: calls over the web host's bridge, with its operator link's token. */
export interface BridgeClient {
  call(name: CallName, input: unknown): Promise<unknown>;
  close(): void;
}

export async function openBridgeClient(operatorUrl: string): Promise<BridgeClient> {
  const url = new URL(operatorUrl);
  const token = url.hash.replace('#token=', '');
  const socket = new WebSocket(`ws://${url.host}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; name: string }>();
  socket.on('message', (data: Buffer) => {
    const frame = serverFrameSchema.safeParse(JSON.parse(data.toString()));
    if (!frame.success || frame.data.type !== 'result') return;
    const pending = waiting.get(frame.data.id);
    if (!pending) return;
    waiting.delete(frame.data.id);
    const { result } = frame.data;
    if (result.ok) pending.resolve(result.value);
    else pending.reject(new Error(`${pending.name}: ${result.error.code}: ${result.error.message}`));
  });
  socket.on('close', () => {
    for (const pending of waiting.values()) pending.reject(new Error(`${pending.name}: the web host closed the connection`));
    waiting.clear();
  });
  return {
    call(name, input) {
      const id = (next += 1);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, name });
        socket.send(JSON.stringify({ type: 'call', id, call: name, input }));
      });
    },
    close: () => socket.close(),
  };
}
