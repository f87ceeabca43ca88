import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { alarmFrame, enrolRaw, openRealtime, type RawSocket } from '../../support/raw-device.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: { servers: TestServer[]; sockets: RawSocket[] } = { servers: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((s) => s.socket.terminate());
  for (const server of open.servers.splice(0)) await server.close();
});
const alarmsIn = (socket: RawSocket) => socket.frames.filter((frame) => frame.type === 'alarm').length;

describe.each(['sqlite', 'postgres'] as StorageKind[])("a partner's device credential on the realtime socket, on %s", (kind) => {
  it("cannot raise an alarm in the name of the organisation whose alarms it receives, nor as one of its devices", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const site = await t.directory.createSite('Werkplein');
    const [gemeente, uwv] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
    await t.directory.hostAt(gemeente.id, site.id);
    await t.directory.hostAt(uwv.id, site.id);
    await t.directory.createAgreement({ siteId: site.id, from: gemeente.id, to: uwv.id, shareAlarms: true, shareWarnings: false });
    const [desk, partner, partnerColleague] = [
      await enrolRaw(t.server.url, t.directory, { organisationId: gemeente.id, siteId: site.id }),
      await enrolRaw(t.server.url, t.directory, { organisationId: uwv.id, siteId: site.id }),
      await enrolRaw(t.server.url, t.directory, { organisationId: uwv.id, siteId: site.id }),
    ];
    const sockets = [await openRealtime(t.server.url, desk), await openRealtime(t.server.url, partner), await openRealtime(t.server.url, partnerColleague)];
    open.sockets.push(...sockets);
    const [atDesk, fromPartner, atColleague] = sockets as [RawSocket, RawSocket, RawSocket];

    fromPartner.send(alarmFrame({ ...partner, organisationId: gemeente.id })); // Gemeente's name
    fromPartner.send(alarmFrame({ ...desk })); // Gemeente's desk, whose ids travel in every alarm
    fromPartner.send(alarmFrame({ ...partner, siteId: newId() })); // a site not its own
    await sleep(400);
    expect([alarmsIn(atDesk), alarmsIn(atColleague)]).toEqual([0, 0]);
    // Its own alarm, in its own name, is relayed as usual (to its colleague; the agreement goes one way).
    fromPartner.send(alarmFrame(partner));
    await until(() => alarmsIn(atColleague) === 1);
    await sleep(200);
    expect(alarmsIn(atDesk)).toBe(0);
  });
});
