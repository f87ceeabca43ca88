import { afterEach, describe, expect, it } from 'vitest';
import { openLanTransport, type LanTransport } from '../../../../../main/core/alarm/lan-transport.js';
import { encodeDatagram, trustFromSeed } from '../../../../../main/core/alarm/lan-codec.js';
import type { PathMessage } from '../../../../../shared/alarm/readiness.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { freePort } from '../../../../support/processes.js';
import { alarmMessage, beaconMessage, capturingLogger, siteKey } from '../../../../support/alarm.js';
import dgram from 'node:dgram';

const open: LanTransport[] = [];
afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
});

const organisation = newId();
const signing = (key: Buffer) => trustFromSeed(organisation, key).signing;

async function lan(site: string, key: Buffer, port: number, logger = capturingLogger().logger) {
  const transport = await openLanTransport({ siteId: site, trust: trustFromSeed(organisation, key), group: '239.255.42.99', port, interfaceAddress: '127.0.0.1', peers: [], logger });
  open.push(transport);
  return transport;
}

const received = (transport: LanTransport) => {
  const messages: PathMessage[] = [];
  transport.onMessage((message) => messages.push(message));
  return messages;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('LAN alarm path over real UDP multicast', () => {
  it('delivers a signed alarm to every PC of the site', async () => {
    const site = newId();
    const key = siteKey();
    const port = await freePort();
    const sender = await lan(site, key, port);
    const receivers = [await lan(site, key, port), await lan(site, key, port)];
    const inboxes = receivers.map(received);
    const message = alarmMessage({ site_id: site, organisation_id: organisation });
    await sender.send(message);
    await settle();
    for (const inbox of inboxes) expect(inbox).toEqual([message]);
  });

  it('ignores and logs a forged datagram, a replayed one and one from another site', async () => {
    const site = newId();
    const key = siteKey();
    const port = await freePort();
    const capture = capturingLogger();
    const receiver = await lan(site, key, port, capture.logger);
    const inbox = received(receiver);
    const raw = dgram.createSocket('udp4');
    const send = (datagram: Buffer) => new Promise((resolve) => raw.send(datagram, port, '127.0.0.1', resolve));

    const genuine = alarmMessage({ site_id: site, organisation_id: organisation });
    // The same key id, but another key: a forgery.
    await send(encodeDatagram(alarmMessage({ site_id: site, organisation_id: organisation }), { ...signing(siteKey()), keyId: signing(key).keyId }));
    await send(encodeDatagram(alarmMessage({ site_id: newId(), organisation_id: organisation }), signing(key)));
    await send(encodeDatagram(genuine, signing(key)));
    await send(encodeDatagram(genuine, signing(key)));
    await settle();
    raw.close();
    expect(inbox).toEqual([genuine]);
    const reasons = capture.lines().filter((line) => line['msg'] === 'LAN alarm datagram ignored').map((line) => line['reason']);
    expect(reasons).toEqual(['forged', 'other_site', 'replayed']);
  });

  it('warns once a minute about another organisation\'s key, not at every beacon', async () => {
    const site = newId();
    const port = await freePort();
    const capture = capturingLogger();
    await lan(site, siteKey(), port, capture.logger);
    const raw = dgram.createSocket('udp4');
    const neighbour = trustFromSeed(newId(), siteKey()).signing;
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => raw.send(encodeDatagram(beaconMessage({ site_id: site, organisation_id: neighbour.organisationId }), neighbour), port, '127.0.0.1', resolve));
    }
    await settle();
    raw.close();
    const levels = capture.lines().filter((line) => line['msg'] === 'LAN alarm datagram ignored' && line['reason'] === 'unknown_key').map((line) => line['level']);
    expect(levels).toEqual([40, 20, 20, 20, 20]);
  });
});
