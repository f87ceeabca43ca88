import { afterEach, describe, expect, it } from 'vitest';
import { alarmFrame, enrolRaw, openRealtime, type RawDevice, type RawSocket } from '../../support/raw-device.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: { servers: TestServer[]; sockets: RawSocket[] } = { servers: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((s) => s.socket.terminate());
  for (const server of open.servers.splice(0)) await server.close();
});

const eventsIn = (socket: RawSocket, event: string) => socket.frames.filter((frame) => (frame.message as { event?: string } | undefined)?.event === event).length;

/** What a responder's PC sends when the alarm is on its screen. */
function delivered(responder: RawDevice, alarmId: string, origin: RawDevice) {
  const frame = alarmFrame(responder, alarmId);
  return { ...frame, message: { ...frame.message, event: 'delivered', origin: { organisation_id: origin.organisationId, site_id: origin.siteId, device_id: origin.deviceId } } };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('answers on the realtime socket, on %s', (kind) => {
  it('a "delivered" reaches the PC that raised the alarm and no other; one aimed at an unrelated organisation reaches nobody', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const site = await t.directory.createSite('Werkplein');
    const [gemeente, stranger] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('Buren')];
    await t.directory.hostAt(gemeente.id, site.id);
    await t.directory.hostAt(stranger.id, site.id);
    const enrol = (organisationId: string) => enrolRaw(t.server.url, t.directory, { organisationId, siteId: site.id });
    const [sender, first, second, neighbour] = [await enrol(gemeente.id), await enrol(gemeente.id), await enrol(gemeente.id), await enrol(stranger.id)];
    const sockets = await Promise.all([sender, first, second, neighbour].map((device) => openRealtime(t.server.url, device)));
    open.sockets.push(...sockets);
    const [atSender, atFirst, atSecond, atNeighbour] = sockets as [RawSocket, RawSocket, RawSocket, RawSocket];

    const raised = alarmFrame(sender);
    atSender.send(raised);
    await until(() => eventsIn(atFirst, 'raised') === 1 && eventsIn(atSecond, 'raised') === 1);
    atFirst.send(delivered(first, raised.message.alarm_id, sender));
    atSecond.send(delivered(second, raised.message.alarm_id, sender));
    await until(() => eventsIn(atSender, 'delivered') === 2);
    // The neighbour, with no agreement, aims a "delivered" at the sender: nobody gets it.
    atNeighbour.send(delivered(neighbour, raised.message.alarm_id, sender));
    // An answer without an origin (an older PC) still goes to the whole audience.
    const plain = alarmFrame(second, raised.message.alarm_id);
    atSecond.send({ ...plain, message: { ...plain.message, event: 'delivered' } });
    await until(() => eventsIn(atFirst, 'delivered') === 1);
    await sleep(300);
    expect([eventsIn(atSender, 'delivered'), eventsIn(atFirst, 'delivered'), eventsIn(atSecond, 'delivered'), eventsIn(atNeighbour, 'delivered')]).toEqual([3, 1, 0, 0]);
    expect(atSender.frames.some((frame) => frame.message?.message_id !== undefined && (frame.message as { organisation_id?: string }).organisation_id === stranger.id)).toBe(false);
  });
});
