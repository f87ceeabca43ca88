import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { openCore } from '../core/core.js';
import { newStoreKey, parseStoreKey, type StoreKey } from '../core/db/store-key.js';
import { generateIncidents } from '../core/incident/sample-incidents.js';
import type { Logger } from '../core/logger.js';
import type { StaffMember } from '../../shared/domain/staff.js';
import { displaySnapshotSchema } from '../../shared/house-rules/house-rules-contract.js';
import { openBridgeClient, type BridgeClient } from './bridge-client.js';
import { startHost, type HostHandle, type ProcessGroup, type ServerHandle } from './processes.js';

/** One building, two organisations: the municipality's three PCs and a partner's counter, and a TV in the waiting room. */
export const SITE = 'Stadskantoor';
export const ORGANISATION = 'Gemeente Zwolle';
export const PARTNER = 'UWV';

export interface DemoDesk {
  key: 'desk1' | 'desk2' | 'coordinator' | 'partner';
  organisation: typeof ORGANISATION | typeof PARTNER;
  name: string;
  floor: string;
}
export const DESKS: readonly DemoDesk[] = [
  { key: 'desk1', organisation: ORGANISATION, name: 'Balie 1', floor: '0' },
  { key: 'desk2', organisation: ORGANISATION, name: 'Balie 2', floor: '0' },
  { key: 'coordinator', organisation: ORGANISATION, name: 'Teamleider', floor: '1' },
  { key: 'partner', organisation: PARTNER, name: 'UWV balie', floor: '0' },
];

export interface DemoStaff {
  organisation: DemoDesk['organisation'];
  displayName: string;
  role: StaffMember['role'];
  /** Printed for the demo only; real PINs are chosen by the people themselves. */
  pin: string;
}
/** The first of each organisation is its administrator (a first member must be). */
export const STAFF: readonly DemoStaff[] = [
  { organisation: ORGANISATION, displayName: 'Bram Beheer', role: 'admin', pin: '480001' },
  { organisation: ORGANISATION, displayName: 'Carla Visser', role: 'coordinator', pin: '480002' },
  { organisation: ORGANISATION, displayName: 'Daan Jansen', role: 'counter', pin: '480003' },
  { organisation: ORGANISATION, displayName: 'Eva Bakker', role: 'counter', pin: '480004' },
  { organisation: PARTNER, displayName: 'Fatima Yilmaz', role: 'admin', pin: '580001' },
  { organisation: PARTNER, displayName: 'Gijs Smit', role: 'counter', pin: '580002' },
];

export interface DemoWorld {
  server: ServerHandle;
  desks: Record<DemoDesk['key'], HostHandle>;
  /** The TV's link from the central server. */
  displayUrl: string;
  incidents: number;
}

const created = z.object({ id: z.string() });

/** The server administrator's part, over the admin HTTP API that `npm run server:admin` mirrors. */
function adminApi(server: ServerHandle) {
  return async <T>(pathName: string, body: object, schema: z.ZodType<T>): Promise<T> => {
    const response = await fetch(`${server.url}${pathName}`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer: unknown = await response.json();
    if (!response.ok) throw new Error(`${pathName}: HTTP ${response.status}: ${JSON.stringify(answer)}`);
    return schema.parse(answer);
  };
}

/**
 * Builds the whole demo through the real paths: the admin API makes organisations, the site,
 * the agreement, enrolment codes and the TV; each desk is its own web host that enrols with a
 * code and its name; staff and house rules are made by calls over a desk's bridge, as the page
 * makes them; the year of incidents is written by the coordinator's PC and replicated.
 */
export async function buildDemo(group: ProcessGroup, serverStarting: Promise<ServerHandle>, dataDir: string, { incidents, seed }: { incidents: number; seed: number }, logger: Logger): Promise<DemoWorld> {
  const storeKey = demoStoreKey(dataDir);
  // Cold starts take seconds each: the desks that need nothing from the server start beside it.
  const hosts = Object.fromEntries(
    DESKS.filter((desk) => desk.key !== 'coordinator').map((desk) => [desk.key, startHost(group, desk.name, path.join(dataDir, desk.key), storeKey)]),
  ) as Record<Exclude<DemoDesk['key'], 'coordinator'>, Promise<HostHandle>>;
  // Awaited below; a failure before then must not end the process as an unhandled rejection.
  for (const starting of Object.values(hosts)) starting.catch(() => undefined);
  const server = await serverStarting;
  logger.info('server ready');
  const admin = adminApi(server);
  const site = await admin('/v1/admin/sites', { name: SITE }, created);
  const organisations = {
    [ORGANISATION]: await admin('/v1/admin/organisations', { name: ORGANISATION }, created),
    [PARTNER]: await admin('/v1/admin/organisations', { name: PARTNER }, created),
  };
  for (const organisation of Object.values(organisations)) await admin('/v1/admin/hosting', { organisation_id: organisation.id, site_id: site.id }, z.unknown());
  // The partner's counter is alerted by the municipality's alarms and sees its visitor warnings, and the other way round.
  for (const [from, to] of [[ORGANISATION, PARTNER], [PARTNER, ORGANISATION]] as const) {
    await admin('/v1/admin/agreements', { site_id: site.id, from_organisation_id: organisations[from].id, to_organisation_id: organisations[to].id, share_alarms: true, share_warnings: true }, created);
  }

  // The year of incidents is written before the coordinator's PC first starts; it sends them when enrolled.
  const coordinatorDir = path.join(dataDir, 'coordinator');
  await seedIncidents(coordinatorDir, storeKey, { organisationId: organisations[ORGANISATION].id, siteId: site.id }, { incidents, seed }, logger);

  logger.info('incidents written');
  const coordinator = await startHost(group, 'Teamleider', coordinatorDir, storeKey);
  const desks: Record<DemoDesk['key'], HostHandle> = { desk1: await hosts.desk1, desk2: await hosts.desk2, partner: await hosts.partner, coordinator };
  logger.info('desks started');
  const bridges = {} as Record<DemoDesk['key'], BridgeClient>;
  try {
    await Promise.all(
      DESKS.map(async (desk) => {
        const bridge = (bridges[desk.key] = await openBridgeClient(desks[desk.key].operatorUrl));
        const { code } = await admin('/v1/admin/enrolment-codes', { organisation_id: organisations[desk.organisation].id, site_id: site.id }, z.object({ code: z.string() }));
        await bridge.call('sync.enrol', { serverUrl: server.url, code, deskName: desk.name, floor: desk.floor });
      }),
    );
    logger.info('desks enrolled');
    await Promise.all([addStaff(bridges.coordinator, ORGANISATION).then(() => publishHouseRules(bridges.coordinator)), addStaff(bridges.partner, PARTNER)]);
    logger.info('staff and house rules made');
    // Everything the two PCs made goes to the server now, and every desk fetches it.
    for (const key of ['coordinator', 'partner', 'desk1', 'desk2'] as const) await bridges[key].call('sync.now', {});
  } finally {
    for (const bridge of Object.values(bridges)) bridge.close();
  }
  const display = await admin('/v1/admin/displays', { organisation_id: organisations[ORGANISATION].id, site_id: site.id, name: 'Wachtkamer' }, z.object({ path: z.string() }));
  return { server, desks, displayUrl: `${server.url}${display.path}`, incidents };
}

/**
 * The desks' stores are encrypted like any other; the demo keeps one key for its four desks
 * in its own folder (owner-only, outside each desk's data folder), so a kept demo opens again.
 */
function demoStoreKey(dataDir: string): StoreKey {
  const file = path.join(dataDir, 'store.key');
  if (fs.existsSync(file)) return parseStoreKey(fs.readFileSync(file, 'utf8'), file);
  const key = newStoreKey();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

async function seedIncidents(dataDir: string, storeKey: StoreKey, scope: { organisationId: string; siteId: string }, { incidents, seed }: { incidents: number; seed: number }, logger: Logger): Promise<void> {
  const core = openCore({ dataDir, storeKey, logger });
  try {
    const to = new Date();
    const year = generateIncidents({
      seed,
      count: incidents,
      from: new Date(to.getTime() - 365 * 86_400_000),
      to,
      sites: [{ id: scope.siteId, name: SITE, desks: DESKS.filter((desk) => desk.organisation === ORGANISATION).map(({ name, floor }) => ({ name, floor })) }],
      reporters: STAFF.filter((member) => member.organisation === ORGANISATION).map((member) => member.displayName),
    });
    // One transaction, one fsync: through the replica's own write path, so every row is queued for the server.
    core.store.write.transaction(() => {
      for (const { id, site_id: _site, tasks, ...fields } of year) {
        core.replica.writeRow('incident', id, fields, scope);
        for (const { id: taskId, ...task } of tasks) core.replica.writeRow('incident_task', taskId, { incident_id: id, ...task }, scope);
      }
    })();
  } finally {
    await core.close();
  }
}

const memberSchema = z.object({ id: z.string() });

async function addStaff(bridge: BridgeClient, organisation: DemoDesk['organisation']): Promise<void> {
  const [first, ...rest] = STAFF.filter((member) => member.organisation === organisation);
  if (!first) return;
  const made = memberSchema.parse(await bridge.call('staff.create', { displayName: first.displayName, role: first.role, pin: first.pin }));
  // Set-up mode ends with the first member: the rest are added by that administrator, signed in, and the desk is left signed out.
  await bridge.call('session.signIn', { staffId: made.id, pin: first.pin });
  for (const member of rest) await bridge.call('staff.create', { displayName: member.displayName, role: member.role, pin: member.pin });
  await bridge.call('session.signOut', {});
}

async function publishHouseRules(bridge: BridgeClient): Promise<void> {
  const admin = STAFF.find((member) => member.organisation === ORGANISATION && member.role === 'admin');
  const members = z.array(z.object({ id: z.string(), displayName: z.string() })).parse(await bridge.call('staff.list', {}));
  const who = members.find((member) => member.displayName === admin?.displayName);
  if (!admin || !who) throw new Error('the administrator is missing from the staff list');
  await bridge.call('session.signIn', { staffId: who.id, pin: admin.pin });
  // The guide's default text, signed with the organisation's name.
  const { content } = displaySnapshotSchema.parse(await bridge.call('houseRules.display', {}));
  await bridge.call('houseRules.publish', { content: { ...content, organisationName: ORGANISATION }, startsAt: null, thisSiteOnly: false });
  await bridge.call('session.signOut', {});
}
