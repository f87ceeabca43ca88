import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { keyFromHex, parseTimestamp } from '../../../../server/src/pac/dc09.js';
import type { PacConfig } from '../../../../server/src/pac/pac-config.js';
import { PacLink, SequenceCounters, type PacLinkTiming } from '../../../../server/src/pac/pac-link.js';
import { deadPort, startSiaReceiver, type Answer, type SiaReceiver, type SiaReceiverOptions } from '../../../support/sia-receiver.js';
import { until } from '../../../support/until.js';

const logger = pino({ level: 'silent' });
const open: { links: PacLink[]; receivers: SiaReceiver[] } = { links: [], receivers: [] };
afterEach(async () => {
  for (const link of open.links.splice(0)) await link.close({ drain: false });
  for (const receiver of open.receivers.splice(0)) await receiver.close();
});

const fast: PacLinkTiming = { ackTimeoutMs: 300, maxAttempts: 3, backoffMs: 40, supervisionMs: 60_000 };
const emergency = { kind: 'emergency' as const, desk: 'Balie 3', floor: 'Begane grond' };

async function receiver(options: SiaReceiverOptions = {}) {
  const started = await startSiaReceiver(options);
  open.receivers.push(started);
  return started;
}

function link(port: number, overrides: Partial<PacConfig> = {}, timing: Partial<PacLinkTiming> = {}) {
  const config: PacConfig = { site_id: 'site', enabled: true, host: '127.0.0.1', port, account: '1234', receiver: '0', line_prefix: '0', token: 'ADM-CID', key: null, supervision_s: 60, ...overrides };
  const made = new PacLink(config, new SequenceCounters(), { ...fast, ...timing }, logger);
  open.links.push(made);
  return made;
}

const answers =
  (...list: Answer[]) =>
  (_message: unknown, index: number): Answer =>
    list[Math.min(index, list.length - 1)] ?? 'ack';

describe('forwarding to an alarm receiving centre over DC-09', () => {
  it('ACK: delivered, with the frame the receiver expects', async () => {
    const centre = await receiver();
    expect(await link(centre.port).send(emergency)).toBe('delivered');
    expect(centre.frames).toHaveLength(1);
    const [frame] = centre.frames;
    expect(frame?.error).toBeNull();
    expect(frame?.message).toMatchObject({ token: 'ADM-CID', encrypted: false, sequence: '0001', receiver: '0', line: '0', account: '1234', data: '#1234|1120 01 003', extended: ['LBalie 3, Begane grond'] });
    const sent = parseTimestamp(frame?.message?.timestamp ?? '');
    expect(Math.abs(sent.getTime() - Date.now())).toBeLessThan(2_000);
  });

  it('NAK then ACK: delivered on the retry, same sequence number, timestamp moved to the receiver clock', async () => {
    const receiverClock = () => new Date(Date.now() + 3_600_000);
    const centre = await receiver({ answer: answers('nak', 'ack'), now: receiverClock });
    expect(await link(centre.port).send(emergency)).toBe('delivered');
    expect(centre.frames.map((frame) => frame.message?.sequence)).toEqual(['0001', '0001']);
    const retried = parseTimestamp(centre.frames[1]?.message?.timestamp ?? '');
    expect(Math.abs(retried.getTime() - receiverClock().getTime())).toBeLessThan(2_000);
  });

  it('no answer: retries with back-off, then failed', async () => {
    const centre = await receiver({ answer: () => 'silent' });
    const started = Date.now();
    expect(await link(centre.port).send(emergency)).toBe('failed');
    const elapsed = Date.now() - started;
    expect(centre.frames).toHaveLength(3);
    // three ACK timeouts plus back-off 40 + 80 ms
    expect(elapsed).toBeGreaterThanOrEqual(3 * 300 + 40 + 80 - 20);
    const gaps = centre.frames.slice(1).map((frame, index) => frame.at - (centre.frames[index]?.at ?? 0));
    expect(gaps[1]).toBeGreaterThan((gaps[0] ?? 0) + 20); // the wait doubles
  });

  it('a frame corrupted on the way: the receiver NAKs it, the retry is delivered', async () => {
    const centre = await receiver({ corrupt: (index) => index === 0 });
    expect(await link(centre.port).send(emergency)).toBe('delivered');
    expect(centre.frames.map((frame) => frame.error)).toEqual(['crc', null]);
  });

  it('an ACK with a wrong CRC is no ACK: refused, retried, and in the end failed', async () => {
    const centre = await receiver({ answer: () => 'ack-with-bad-crc' });
    expect(await link(centre.port).send(emergency)).toBe('failed');
    expect(centre.frames).toHaveLength(3);
  });

  it('an ACK with a wrong CRC once, then a good one: delivered', async () => {
    const centre = await receiver({ answer: answers('ack-with-bad-crc', 'ack') });
    expect(await link(centre.port).send(emergency)).toBe('delivered');
    expect(centre.frames).toHaveLength(2);
  });

  it('DUH: the receiver cannot process it; failed without retrying', async () => {
    const centre = await receiver({ answer: () => 'duh' });
    expect(await link(centre.port).send(emergency)).toBe('failed');
    expect(centre.frames).toHaveLength(1);
  });

  it('a dead receiver (port closed): every attempt refused, then failed, and nothing throws', async () => {
    const started = Date.now();
    expect(await link(await deadPort()).send(emergency)).toBe('failed');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a receiver that dies mid-link: the next message reconnects once it is back', async () => {
    const centre = await receiver();
    const made = link(centre.port);
    expect(await made.send(emergency)).toBe('delivered');
    await centre.close();
    open.receivers.splice(open.receivers.indexOf(centre), 1);
    expect(await made.send({ ...emergency, kind: 'cancel' })).toBe('failed');
  });

  it('messages go one at a time, with the next sequence number each', async () => {
    const centre = await receiver();
    const made = link(centre.port);
    const results = await Promise.all([made.send(emergency), made.send({ ...emergency, kind: 'cancel' }), made.send(emergency)]);
    expect(results).toEqual(['delivered', 'delivered', 'delivered']);
    expect(centre.frames.map((frame) => [frame.message?.sequence, frame.message?.data])).toEqual([
      ['0001', '#1234|1120 01 003'],
      ['0002', '#1234|1406 01 003'],
      ['0003', '#1234|1120 01 003'],
    ]);
  });

  it('sequence numbers run 0001-9999 per account and wrap to 0001', () => {
    const counters = new SequenceCounters();
    expect([counters.next('A1'), counters.next('A1'), counters.next('B2')]).toEqual([1, 2, 1]);
    for (let n = 3; n <= 9999; n += 1) counters.next('A1');
    expect(counters.next('A1')).toBe(1);
  });

  it('supervision: a NULL message at the interval while idle, restarted by every message', async () => {
    const centre = await receiver();
    const made = link(centre.port, {}, { supervisionMs: 150 });
    await until(() => centre.frames.length >= 3, 3_000);
    const nulls = centre.frames.slice(0, 3);
    expect(nulls.map((frame) => [frame.message?.token, frame.message?.data])).toEqual([
      ['NULL', ''],
      ['NULL', ''],
      ['NULL', ''],
    ]);
    const gaps = nulls.slice(1).map((frame, index) => frame.at - (nulls[index]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
    const sentAt = Date.now();
    expect(await made.send(emergency)).toBe('delivered');
    const count = centre.frames.length;
    await until(() => centre.frames.length > count, 3_000);
    expect(centre.frames.at(-1)?.message?.token).toBe('NULL');
    expect((centre.frames.at(-1)?.at ?? 0) - sentAt).toBeGreaterThanOrEqual(140);
  });

  it.each([
    ['AES-128', '0123456789ABCDEF0123456789ABCDEF'],
    ['AES-256', '0123456789ABCDEF0123456789ABCDEF00112233445566778899AABBCCDDEEFF'],
  ])('%s: the receiver decrypts the event, and its encrypted ACK is accepted', async (_name, hex) => {
    const key = keyFromHex(hex);
    const centre = await receiver({ key });
    expect(await link(centre.port, { key, token: 'SIA-DCS' }).send(emergency)).toBe('delivered');
    const [frame] = centre.frames;
    expect(frame?.raw).toMatch(/^\n[0-9A-F]{8}"\*SIA-DCS"0001R0L0#1234\[[0-9A-F]+\r$/);
    expect(frame?.message).toMatchObject({ encrypted: true, data: '#1234|Nri1/PA003', extended: ['LBalie 3, Begane grond'] });
    expect(frame?.message?.pad).not.toMatch(/[|[\]]/);
    expect(((frame?.message?.pad?.length ?? 0) + 1 + `#1234|Nri1/PA003][LBalie 3, Begane grond]${frame?.message?.timestamp ?? ''}`.length) % 16).toBe(0);
  });

  it('an encrypted link whose receiver has another key: failed, never delivered', async () => {
    const centre = await receiver({ key: keyFromHex('11'.repeat(16)) });
    expect(await link(centre.port, { key: keyFromHex('22'.repeat(16)) }).send(emergency)).toBe('failed');
    expect(centre.frames.every((frame) => frame.message === null)).toBe(true);
  });
});
