import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * SIA DC-09 (ANSI/SIA DC-09-2013, "Internet Protocol Event Reporting") frames, pure:
 *
 *   LF crc(4 hex) 0LLL "id" seq(4) [Rrcvr] [Lpref] #acct [data][x..]... [_HH:MM:SS,MM-DD-YYYY] CR
 *
 * The CRC and the length cover everything from the opening quote of the id token to the
 * end of the timestamp. Encrypted frames put `*` before the token and replace everything
 * after the `[` with the upper-case hex of AES-CBC (zero IV) over `pad|data]...timestamp`.
 * Strings are handled as latin1 bytes, so the length counts bytes as the receiver does.
 */

export const eventTokens = ['ADM-CID', 'SIA-DCS'] as const;
export type EventToken = (typeof eventTokens)[number];
export type SenderToken = EventToken | 'NULL';
export type ReplyToken = 'ACK' | 'NAK' | 'DUH';

export interface Dc09Frame {
  token: string;
  encrypted: boolean;
  /** 0-9999; a sender uses 1-9999, replies echo it. */
  sequence: number;
  receiver: string | null;
  linePrefix: string | null;
  account: string;
  /** What is inside the first `[...]`, without the brackets. */
  data: string;
  /** Extended data blocks `[X...]` after the data, without brackets. */
  extended: string[];
  timestamp: Date | null;
}

export type Dc09ErrorCode = 'FORMAT' | 'LENGTH' | 'CRC' | 'DECRYPT' | 'NO_KEY';

export class Dc09Error extends Error {
  constructor(
    readonly code: Dc09ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const LF = 0x0a;
const CR = 0x0d;
const AES_BLOCK = 16;
/** The spec bars these from pad bytes, so the first `|` after decryption ends the pad. */
const PAD_FORBIDDEN = new Set([0x7c, 0x5b, 0x5d]);

/** CRC-16 as DC-09 defines it: polynomial x^16+x^15+x^2+1 (0x8005, reflected 0xA001), initial 0 (CRC-16/ARC). */
export function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const hex4 = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');
const two = (value: number) => String(value).padStart(2, '0');

/** `_HH:MM:SS,MM-DD-YYYY`, always UTC as the spec requires. */
export function formatTimestamp(at: Date): string {
  return `_${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())},${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}-${at.getUTCFullYear()}`;
}

const timestampPattern = /^_(\d{2}):(\d{2}):(\d{2}),(\d{2})-(\d{2})-(\d{4})$/;

export function parseTimestamp(text: string): Date {
  const match = timestampPattern.exec(text);
  if (!match) throw new Dc09Error('FORMAT', `not a DC-09 timestamp: ${JSON.stringify(text)}`);
  const [hh, mi, ss, mm, dd, yyyy] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(yyyy, mm - 1, dd, hh, mi, ss));
  if (at.getUTCMonth() !== mm - 1 || at.getUTCDate() !== dd || hh > 23 || mi > 59 || ss > 59) throw new Dc09Error('FORMAT', `impossible DC-09 timestamp: ${text}`);
  return at;
}

/** A key from hex: 32 digits for AES-128, 64 for AES-256. */
export function keyFromHex(hex: string): Buffer {
  if (!/^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})$/.test(hex)) throw new Dc09Error('NO_KEY', 'a DC-09 key is 32 (AES-128) or 64 (AES-256) hex digits');
  return Buffer.from(hex, 'hex');
}

const cipherName = (key: Buffer) => {
  if (key.length === 16) return 'aes-128-cbc';
  if (key.length === 32) return 'aes-256-cbc';
  throw new Dc09Error('NO_KEY', `a DC-09 key must be 16 or 32 bytes, not ${key.length}`);
};

/** Random pad bytes without `|`, `[` or `]`. */
export function randomPad(length: number): Buffer {
  const pad = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    for (const byte of randomBytes(length)) {
      if (filled < length && !PAD_FORBIDDEN.has(byte)) pad[filled++] = byte;
    }
  }
  return pad;
}

/**
 * AES-CBC, zero IV, over `pad|` + region. The pad makes the encrypted byte count a multiple
 * of 16; a region that already fits gets 16 pad bytes, so there is always at least one.
 */
export function encryptRegion(region: Buffer, key: Buffer, pad: (length: number) => Buffer = randomPad): string {
  const padLength = AES_BLOCK - ((region.length + 1) % AES_BLOCK);
  const padBytes = pad(padLength);
  if (padBytes.length !== padLength || padBytes.some((byte) => PAD_FORBIDDEN.has(byte))) throw new Dc09Error('FORMAT', 'bad pad');
  const cipher = createCipheriv(cipherName(key), key, Buffer.alloc(AES_BLOCK));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([padBytes, Buffer.from('|', 'latin1'), region])), cipher.final()]).toString('hex').toUpperCase();
}

/** The raw plaintext (pad included) of an encrypted region. */
export function decryptRegion(hex: string, key: Buffer): Buffer {
  if (hex.length === 0 || hex.length % (AES_BLOCK * 2) !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) throw new Dc09Error('DECRYPT', 'the encrypted region is not whole AES blocks of hex');
  const decipher = createDecipheriv(cipherName(key), key, Buffer.alloc(AES_BLOCK));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(hex, 'hex')), decipher.final()]);
}

export interface EncodeOptions {
  /** Encrypt with this key (`*` before the token); the timestamp is then required. */
  key?: Buffer | null;
  pad?: (length: number) => Buffer;
}

/** One frame, LF to CR, ready for the socket. */
export function encodeFrame(frame: Dc09Frame, { key = null, pad }: EncodeOptions = {}): Buffer {
  if (!Number.isInteger(frame.sequence) || frame.sequence < 0 || frame.sequence > 9999) throw new Dc09Error('FORMAT', `sequence ${frame.sequence} is outside 0000-9999`);
  if (key && !frame.timestamp) throw new Dc09Error('FORMAT', 'an encrypted DC-09 message needs a timestamp');
  for (const part of [frame.data, ...frame.extended]) {
    if (/[[\]\r\n]/.test(part)) throw new Dc09Error('FORMAT', `brackets and line ends cannot appear in DC-09 data: ${JSON.stringify(part)}`);
  }
  const header = `"${key ? '*' : ''}${frame.token}"${String(frame.sequence).padStart(4, '0')}${frame.receiver === null ? '' : `R${frame.receiver}`}${frame.linePrefix === null ? '' : `L${frame.linePrefix}`}#${frame.account}[`;
  const region = Buffer.from(`${frame.data}]${frame.extended.map((block) => `[${block}]`).join('')}${frame.timestamp ? formatTimestamp(frame.timestamp) : ''}`, 'latin1');
  const body = Buffer.concat([Buffer.from(header, 'latin1'), key ? Buffer.from(encryptRegion(region, key, pad), 'latin1') : region]);
  if (body.length > 0xfff) throw new Dc09Error('LENGTH', 'a DC-09 message is at most 4095 bytes');
  return Buffer.concat([Buffer.from([LF]), Buffer.from(`${hex4(crc16(body))}0${body.length.toString(16).toUpperCase().padStart(3, '0')}`, 'latin1'), body, Buffer.from([CR])]);
}

// The NAK of the spec carries `R0L0A0` where an event carries `#acct`, so both are read.
const headerPattern = /^"(\*?)([A-Z0-9-]+)"(\d{4})(?:R([0-9A-F]{1,6}))?(?:L([0-9A-F]{1,6}))?(?:#([0-9A-F]{1,16})|A([0-9A-F]{1,16}))\[/;

/** Parses one frame (LF to CR) and checks its length and CRC; encrypted frames need `key`. */
export function decodeFrame(raw: Buffer, key: Buffer | null = null): Dc09Frame {
  if (raw.length < 10 || raw[0] !== LF || raw[raw.length - 1] !== CR) throw new Dc09Error('FORMAT', 'a DC-09 frame starts with LF and ends with CR');
  const crcText = raw.subarray(1, 5).toString('latin1');
  const lengthText = raw.subarray(5, 9).toString('latin1');
  if (!/^[0-9A-Fa-f]{4}$/.test(crcText) || !/^0[0-9A-Fa-f]{3}$/.test(lengthText)) throw new Dc09Error('FORMAT', 'the CRC and length fields must be 4 hex digits (length 0LLL)');
  const body = raw.subarray(9, raw.length - 1);
  if (body.length !== parseInt(lengthText, 16)) throw new Dc09Error('LENGTH', `length field says ${parseInt(lengthText, 16)} bytes, the message has ${body.length}`);
  if (crc16(body) !== parseInt(crcText, 16)) throw new Dc09Error('CRC', `CRC ${crcText.toUpperCase()} does not match the message (${hex4(crc16(body))})`);
  const text = body.toString('latin1');
  const header = headerPattern.exec(text);
  if (!header) throw new Dc09Error('FORMAT', 'unreadable DC-09 header');
  const encrypted = header[1] === '*';
  let region = text.slice(header[0].length);
  if (encrypted) {
    if (!key) throw new Dc09Error('NO_KEY', 'an encrypted DC-09 message arrived but no key is configured');
    const plain = decryptRegion(region, key).toString('latin1');
    const bar = plain.indexOf('|');
    // The pad is 1 to 16 bytes, so its terminator sits in the first 17; a wrong key's garbage rarely does.
    if (bar < 1 || bar > AES_BLOCK) throw new Dc09Error('DECRYPT', 'no pad terminator after decryption: wrong key?');
    region = plain.slice(bar + 1);
  }
  const close = region.indexOf(']');
  if (close < 0) throw new Dc09Error('FORMAT', 'the data field has no closing bracket');
  const data = region.slice(0, close);
  let rest = region.slice(close + 1);
  const extended: string[] = [];
  while (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) throw new Dc09Error('FORMAT', 'an extended data field has no closing bracket');
    extended.push(rest.slice(1, end));
    rest = rest.slice(end + 1);
  }
  if (rest !== '' && !rest.startsWith('_')) throw new Dc09Error(encrypted ? 'DECRYPT' : 'FORMAT', 'unexpected bytes after the data fields');
  // An encrypted message always carries its timestamp (it is what stops a replay), so a
  // decryption that ends without one came from a wrong key, however well-formed it looks.
  if (encrypted && rest === '') throw new Dc09Error('DECRYPT', 'no timestamp after decryption: wrong key?');
  return {
    token: header[2] ?? '',
    encrypted,
    sequence: Number(header[3]),
    receiver: header[4] ?? null,
    linePrefix: header[5] ?? null,
    account: header[6] ?? header[7] ?? '',
    data,
    extended,
    timestamp: rest === '' ? null : parseTimestamp(rest),
  };
}

/**
 * Cuts a TCP byte stream into frames (LF ... CR). Bytes before an LF are noise and dropped;
 * a frame longer than the spec allows is dropped too, so a babbling peer cannot grow memory.
 */
export class FrameSplitter {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      const start = this.buffer.indexOf(LF);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return frames;
      }
      const end = this.buffer.indexOf(CR, start);
      if (end < 0) {
        this.buffer = this.buffer.subarray(start);
        if (this.buffer.length > 0xfff + 10) this.buffer = Buffer.alloc(0);
        return frames;
      }
      frames.push(this.buffer.subarray(start, end + 1));
      this.buffer = this.buffer.subarray(end + 1);
    }
  }
}

export type Dc09Reply = { kind: 'ACK'; sequence: number; account: string } | { kind: 'NAK'; receiverTime: Date | null } | { kind: 'DUH'; sequence: number; account: string };

/**
 * A receiver's answer. ACK (or `*ACK` when we encrypt) confirms one sequence number; NAK
 * says our timestamp was refused and carries the receiver's clock; DUH means it cannot
 * process the message at all. Anything else, or a bad CRC, throws: it is not an answer.
 */
export function decodeReply(raw: Buffer, key: Buffer | null): Dc09Reply {
  const frame = decodeFrame(raw, key);
  switch (frame.token) {
    case 'ACK':
      return { kind: 'ACK', sequence: frame.sequence, account: frame.account };
    case 'NAK':
      return { kind: 'NAK', receiverTime: frame.timestamp };
    case 'DUH':
      return { kind: 'DUH', sequence: frame.sequence, account: frame.account };
    default:
      throw new Dc09Error('FORMAT', `"${frame.token}" is not a receiver reply`);
  }
}
