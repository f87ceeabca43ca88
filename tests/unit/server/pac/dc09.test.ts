import { describe, expect, it } from 'vitest';
import { crc16, Dc09Error, decodeFrame, decodeReply, decryptRegion, encodeFrame, encryptRegion, FrameSplitter, formatTimestamp, keyFromHex, parseTimestamp, randomPad, type Dc09Frame } from '../../../../server/src/pac/dc09.js';
import { eventData, receiverText, zoneOfDesk } from '../../../../server/src/pac/event-mapping.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const frame = (fields: Partial<Dc09Frame> & Pick<Dc09Frame, 'token' | 'sequence' | 'account'>): Dc09Frame => ({ encrypted: false, receiver: null, linePrefix: null, data: '', extended: [], timestamp: null, ...fields });
const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof Dc09Error ? error.code : `not a Dc09Error: ${String(error)}`;
  }
  return 'no error';
};

describe('DC-09 vectors, byte for byte', () => {
  // The worked examples of ANSI/SIA DC-09-2013 (sections 5.5.1 and Annex), as reproduced in
  // eavanvalkenburg/pysiaalarm tests/test_sia_package_cases.py (case_dc04 and case_adm_cid).
  it('the spec ADM-CID example: "87CD0037"ADM-CID"9876R579BDFL789ABC#12345A[#12345A|1110 00 129]"', () => {
    const wire = bytes('\n87CD0037"ADM-CID"9876R579BDFL789ABC#12345A[#12345A|1110 00 129]\r');
    const fields = frame({ token: 'ADM-CID', sequence: 9876, receiver: '579BDF', linePrefix: '789ABC', account: '12345A', data: '#12345A|1110 00 129' });
    expect(encodeFrame(fields)).toEqual(wire);
    expect(decodeFrame(wire)).toEqual(fields);
  });

  it('the spec SIA-DCS example: "CE110032"SIA-DCS"9876R579BDFL789ABC#12345A[#12345A|NFA129]"', () => {
    const wire = bytes('\nCE110032"SIA-DCS"9876R579BDFL789ABC#12345A[#12345A|NFA129]\r');
    const fields = frame({ token: 'SIA-DCS', sequence: 9876, receiver: '579BDF', linePrefix: '789ABC', account: '12345A', data: '#12345A|NFA129' });
    expect(encodeFrame(fields)).toEqual(wire);
    expect(decodeFrame(wire)).toEqual(fields);
  });

  // fioletoven/dc09, common/src/dc09/message.tests.rs (to_string_test, parse_message_test, parse_nak_test).
  it('fioletoven/dc09 to_string_test and parse_message_test', () => {
    expect(encodeFrame(frame({ token: 'SIA-DCS', sequence: 1, receiver: 'F3', linePrefix: '77', account: '1234', data: '#1234|NRR|Atest' }))).toEqual(bytes('\nF4D20029"SIA-DCS"0001RF3L77#1234[#1234|NRR|Atest]\r'));
    expect(decodeFrame(bytes('\n96ED0016"SIA-DCS"0001L0#1234[]\r'))).toEqual(frame({ token: 'SIA-DCS', sequence: 1, linePrefix: '0', account: '1234' }));
  });

  it('a NAK as the spec writes it (R0L0A0, the receiver clock): fioletoven/dc09 parse_nak_test', () => {
    expect(decodeReply(bytes('\nE4410025"NAK"0000R0L0A0[]_16:20:01,09-24-2025\r'), null)).toEqual({ kind: 'NAK', receiverTime: new Date('2025-09-24T16:20:01Z') });
  });

  // A real encrypted NULL from eavanvalkenburg/pysiaalarm tests/test_sia_package_cases.py (case_null); that
  // project's key is the 16 ASCII bytes "AAAAAAAAAAAAAAAA", i.e. hex 41 x 16. CRC and length cover the hex.
  const capturedNull = bytes('\n76D80055"*NULL"0000R0L0#AAAB[B4BC8B40D0E6D959D6BEA78E88CC0B2155741A3C44FBB96D476A3E557CAD64D9\r');
  it('a captured encrypted NULL: CRC and length over the ciphertext, AES-128-CBC with a zero IV', () => {
    const key = keyFromHex('41'.repeat(16));
    const region = capturedNull.toString('latin1').slice(capturedNull.indexOf('[') + 1, -1);
    expect(crc16(capturedNull.subarray(9, -1))).toBe(0x76d8);
    expect(decryptRegion(region, key).toString('latin1')).toBe('ppppppppppp]_18:24:52,07-05-2020');
    // Its panel padded without the "|" the spec requires after the pad, so a strict reader refuses it.
    expect(code(() => decodeFrame(capturedNull, key))).toBe('DECRYPT');
  });

  it('the CRC is CRC-16/ARC: check value 0xBB3D for "123456789" (CRC RevEng catalogue)', () => {
    expect(crc16(bytes('123456789'))).toBe(0xbb3d);
  });
});

describe('DC-09 codec', () => {
  const at = new Date('2026-11-30T07:05:09Z');

  it('writes the timestamp as _HH:MM:SS,MM-DD-YYYY in UTC and reads it back', () => {
    expect(formatTimestamp(at)).toBe('_07:05:09,11-30-2026');
    expect(parseTimestamp('_07:05:09,11-30-2026')).toEqual(at);
    expect(code(() => parseTimestamp('_25:05:09,11-30-2026'))).toBe('FORMAT');
    expect(code(() => parseTimestamp('_07:05:09,02-30-2026'))).toBe('FORMAT');
  });

  it('refuses a wrong CRC, a wrong length, and frames without LF/CR', () => {
    const good = encodeFrame(frame({ token: 'ADM-CID', sequence: 42, receiver: '1', linePrefix: '1', account: '1234', data: '#1234|1120 01 003', timestamp: at }));
    expect(decodeFrame(good).sequence).toBe(42);
    const badCrc = Buffer.from(good);
    badCrc[1] = badCrc[1] === 0x30 ? 0x31 : 0x30;
    expect(code(() => decodeFrame(badCrc))).toBe('CRC');
    const flipped = Buffer.from(good);
    flipped[20] = (flipped[20] ?? 0) ^ 0x01;
    expect(code(() => decodeFrame(flipped))).toBe('CRC');
    expect(code(() => decodeFrame(Buffer.concat([good.subarray(0, -1), bytes('X\r')])))).toBe('LENGTH');
    expect(code(() => decodeFrame(good.subarray(1)))).toBe('FORMAT');
    expect(code(() => decodeReply(good, null))).toBe('FORMAT'); // an event is not a reply
  });

  it('refuses data that would break the frame, and sequences outside 0-9999', () => {
    expect(code(() => encodeFrame(frame({ token: 'ADM-CID', sequence: 1, account: '1234', data: 'a]b' })))).toBe('FORMAT');
    expect(code(() => encodeFrame(frame({ token: 'ADM-CID', sequence: 10_000, account: '1234' })))).toBe('FORMAT');
  });

  it.each([
    ['AES-128', '000102030405060708090A0B0C0D0E0F'],
    ['AES-256', '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F'],
  ])('%s: encrypts after the "[" (pad|data]...timestamp), with "*" before the token, and decrypts', (_name, hex) => {
    const key = keyFromHex(hex);
    const fields = frame({ token: 'ADM-CID', encrypted: true, sequence: 7, receiver: '0', linePrefix: '0', account: '12AB', data: '#12AB|1120 01 003', extended: ['LBalie 3, begane grond'], timestamp: at });
    const wire = encodeFrame(fields, { key });
    const text = wire.toString('latin1');
    expect(text).toMatch(/^\n[0-9A-F]{4}0[0-9A-F]{3}"\*ADM-CID"0007R0L0#12AB\[[0-9A-F]+\r$/);
    expect((text.length - text.indexOf('[') - 2) % 32).toBe(0);
    expect(decodeFrame(wire, key)).toEqual(fields);
    expect(code(() => decodeFrame(wire, null))).toBe('NO_KEY');
    expect(code(() => decodeFrame(wire, keyFromHex('F'.repeat(hex.length))))).not.toBe('no error');
    expect(code(() => encodeFrame({ ...fields, timestamp: null }, { key }))).toBe('FORMAT');
  });

  it('never reads a message decrypted with a wrong key as a valid one, whatever the random pad', () => {
    const key = keyFromHex('000102030405060708090A0B0C0D0E0F');
    const fields = frame({ token: 'ADM-CID', encrypted: true, sequence: 7, receiver: '0', linePrefix: '0', account: '12AB', data: '#12AB|1120 01 003', timestamp: at });
    // Garbage can hold a "|" and end in "]" about once in two thousand tries; that must not pass.
    for (let attempt = 0; attempt < 3000; attempt += 1) {
      const wrongKey = Buffer.alloc(16, attempt % 256);
      wrongKey.writeUInt16BE(attempt, 0);
      expect(code(() => decodeFrame(encodeFrame(fields, { key }), wrongKey))).not.toBe('no error');
    }
  });

  it('pads to whole blocks, with 16 pad bytes when the region already fits, never with | [ or ]', () => {
    const key = keyFromHex('00'.repeat(16));
    const pads: number[] = [];
    const pad = (length: number) => (pads.push(length), Buffer.alloc(length, 0x41));
    // region 15 bytes + "|" = 16: a full block of pad; region 14 + "|" = 15: one byte.
    expect(decryptRegion(encryptRegion(bytes('x'.repeat(15)), key, pad), key).toString('latin1')).toBe(`${'A'.repeat(16)}|${'x'.repeat(15)}`);
    expect(decryptRegion(encryptRegion(bytes('x'.repeat(14)), key, pad), key).toString('latin1')).toBe(`A|${'x'.repeat(14)}`);
    expect(pads).toEqual([16, 1]);
    const random = randomPad(4096);
    expect([...random].some((byte) => byte === 0x7c || byte === 0x5b || byte === 0x5d)).toBe(false);
    expect(code(() => encryptRegion(bytes('x'), key, (length) => Buffer.alloc(length, 0x7c)))).toBe('FORMAT');
  });

  it('keys are 32 or 64 hex digits', () => {
    expect(keyFromHex('ab'.repeat(16))).toHaveLength(16);
    expect(keyFromHex('ab'.repeat(32))).toHaveLength(32);
    for (const bad of ['ab'.repeat(24), 'zz'.repeat(16), '']) expect(code(() => keyFromHex(bad))).toBe('NO_KEY');
  });

  it('splits a byte stream into frames across chunk boundaries and drops noise', () => {
    const splitter = new FrameSplitter();
    const a = bytes('\n96ED0016"SIA-DCS"0001L0#1234[]\r');
    const both = Buffer.concat([bytes('noise'), a, a]);
    expect(splitter.push(both.subarray(0, 20))).toEqual([]);
    expect(splitter.push(both.subarray(20, 45))).toEqual([a]);
    expect(splitter.push(both.subarray(45))).toEqual([a]);
    expect(splitter.push(Buffer.alloc(10_000, 0x0a))).toEqual([]);
    expect(splitter.push(a)).toEqual([a]);
  });
});

describe('event mapping', () => {
  const desk = { desk: 'Balie 3', floor: 'Begane grond' };

  it('emergency: Contact ID 120 / SIA PA; unanswered assist: 122 silent panic / HA; cancel: 406 / OC', () => {
    expect(eventData('ADM-CID', '1234', { kind: 'emergency', ...desk })).toEqual({ data: '#1234|1120 01 003', extended: ['LBalie 3, Begane grond'] });
    expect(eventData('ADM-CID', '1234', { kind: 'unanswered_assist', ...desk }).data).toBe('#1234|1122 01 003');
    expect(eventData('ADM-CID', '1234', { kind: 'cancel', ...desk }).data).toBe('#1234|1406 01 003');
    expect(eventData('SIA-DCS', '1234', { kind: 'emergency', ...desk }).data).toBe('#1234|Nri1/PA003');
    expect(eventData('SIA-DCS', '1234', { kind: 'unanswered_assist', ...desk }).data).toBe('#1234|Nri1/HA003');
    expect(eventData('SIA-DCS', '1234', { kind: 'cancel', ...desk }).data).toBe('#1234|Nri1/OC003');
  });

  it('the zone is the desk number; text for the receiver is printable ASCII without frame characters', () => {
    expect(zoneOfDesk('Balie 12')).toBe(12);
    expect(zoneOfDesk('Receptie')).toBe(0);
    expect(zoneOfDesk('Loket 1234')).toBe(234);
    expect(receiverText('Café [oost] | 2e')).toBe('Cafe ?oost? ? 2e');
    expect(eventData('ADM-CID', '1234', { kind: 'emergency', desk: 'Receptie', floor: '' })).toEqual({ data: '#1234|1120 01 000', extended: ['LReceptie'] });
    expect(eventData('ADM-CID', '1234', { kind: 'emergency', desk: '', floor: '' }).extended).toEqual([]);
  });
});
