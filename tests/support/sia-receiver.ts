import { createCipheriv, createDecipheriv } from 'node:crypto';
import net from 'node:net';

/**
 * A small SIA DC-09 alarm receiver for tests, written apart from the server's codec (its
 * own table CRC, its own parser) so a shared mistake cannot hide. It checks each frame's
 * length and CRC, decrypts with the account's key, records what it got, and answers as the
 * test says: ACK, NAK, DUH, a garbled ACK, or nothing. `close()` makes it a dead receiver.
 */
export type Answer = 'ack' | 'nak' | 'duh' | 'silent' | 'ack-with-bad-crc';

export interface ReceivedFrame {
  /** The bytes as they arrived (after any test corruption). */
  raw: string;
  /** null when length, CRC or decryption failed; the receiver then NAKs. */
  message: { token: string; encrypted: boolean; sequence: string; receiver: string; line: string; account: string; data: string; extended: string[]; timestamp: string | null; pad: string | null } | null;
  error: string | null;
  at: number;
}

export interface SiaReceiverOptions {
  /** AES key; encrypted frames without it fail. */
  key?: Buffer | null;
  /** What to answer to the n-th frame (0-based) that arrived intact. */
  answer?: (message: NonNullable<ReceivedFrame['message']>, index: number) => Answer;
  /** Flip one bit of the n-th frame (0-based, all frames) as a bad line would. */
  corrupt?: (index: number) => boolean;
  /** The clock the receiver stamps NAKs with. */
  now?: () => Date;
}

export interface SiaReceiver {
  readonly port: number;
  readonly frames: ReceivedFrame[];
  readonly connections: number;
  close(): Promise<void>;
}

const table = (() => {
  const entries: number[] = [];
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    entries.push(c);
  }
  return entries;
})();
const crcArc = (text: string) => [...Buffer.from(text, 'latin1')].reduce((crc, byte) => (crc >>> 8) ^ (table[(crc ^ byte) & 0xff] ?? 0), 0);
const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const two = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) => `_${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())},${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}-${d.getUTCFullYear()}`;
const wrap = (body: string) => `\n${hex(crcArc(body), 4)}${hex(body.length, 4)}${body}\r`;
const aes = (key: Buffer) => (key.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc');

function encryptForReply(plain: string, key: Buffer): string {
  const padLength = 16 - ((plain.length + 1) % 16);
  const cipher = createCipheriv(aes(key), key, Buffer.alloc(16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.from(`${'0'.repeat(padLength)}|${plain}`, 'latin1')), cipher.final()]).toString('hex').toUpperCase();
}

function parse(raw: string, key: Buffer | null): ReceivedFrame['message'] {
  if (!raw.startsWith('\n') || !raw.endsWith('\r')) throw new Error('no LF/CR');
  const body = raw.slice(9, -1);
  if (parseInt(raw.slice(5, 9), 16) !== body.length || raw[5] !== '0') throw new Error('length');
  if (parseInt(raw.slice(1, 5), 16) !== crcArc(body)) throw new Error('crc');
  const head = /^"(\*?)([A-Z-]+)"(\d{4})R([0-9A-F]+)L([0-9A-F]+)#([0-9A-F]+)\[/.exec(body);
  if (!head) throw new Error('header');
  let region = body.slice(head[0].length);
  let pad: string | null = null;
  if (head[1] === '*') {
    if (!key) throw new Error('no key');
    const decipher = createDecipheriv(aes(key), key, Buffer.alloc(16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(region, 'hex')), decipher.final()]).toString('latin1');
    const bar = plain.indexOf('|');
    if (bar < 0) throw new Error('decrypt');
    pad = plain.slice(0, bar);
    region = plain.slice(bar + 1);
  }
  const blocks = /^([^\]]*)\]((?:\[[^\]]*\])*)(_\d\d:\d\d:\d\d,\d\d-\d\d-\d{4})?$/.exec(region);
  if (!blocks) throw new Error('data');
  return {
    token: head[2] ?? '',
    encrypted: head[1] === '*',
    sequence: head[3] ?? '',
    receiver: head[4] ?? '',
    line: head[5] ?? '',
    account: head[6] ?? '',
    data: blocks[1] ?? '',
    extended: [...(blocks[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((match) => match[1] ?? ''),
    timestamp: blocks[3] ?? null,
    pad,
  };
}

export async function startSiaReceiver({ key = null, answer = () => 'ack', corrupt = () => false, now = () => new Date() }: SiaReceiverOptions = {}): Promise<SiaReceiver> {
  const frames: ReceivedFrame[] = [];
  const sockets = new Set<net.Socket>();
  let intact = 0;
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r'); end >= 0; end = buffer.indexOf('\r')) {
        let raw = buffer.slice(buffer.indexOf('\n'), end + 1);
        buffer = buffer.slice(end + 1);
        if (corrupt(frames.length)) raw = `${raw.slice(0, 20)}${String.fromCharCode(raw.charCodeAt(20) ^ 0x01)}${raw.slice(21)}`;
        let message: ReceivedFrame['message'] = null;
        let error: string | null = null;
        try {
          message = parse(raw, key);
        } catch (failure) {
          error = (failure as Error).message;
        }
        frames.push({ raw, message, error, at: Date.now() });
        if (!message) {
          socket.write(wrap(`"NAK"0000R0L0A0[]${stamp(now())}`));
          continue;
        }
        const reply = answer(message, intact++);
        if (reply === 'silent') continue;
        if (reply === 'nak') {
          socket.write(wrap(`"NAK"0000R0L0A0[]${stamp(now())}`));
          continue;
        }
        const token = reply === 'duh' ? 'DUH' : 'ACK';
        const route = `${message.sequence}R${message.receiver}L${message.line}#${message.account}[`;
        const body = message.encrypted && key && token === 'ACK' ? `"*ACK"${route}${encryptForReply(`]${stamp(now())}`, key)}` : `"${token}"${route}]`;
        const wire = wrap(body);
        socket.write(reply === 'ack-with-bad-crc' ? `${wire.slice(0, 1)}${wire[1] === '0' ? '1' : '0'}${wire.slice(2)}` : wire);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    frames,
    get connections() {
      return connections;
    },
    async close() {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: bind, note the port, close. */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
