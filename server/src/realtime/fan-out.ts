import type { Kysely } from 'kysely';
import { alarmReaches, travelsBack, type AlarmAgreement, type AlarmDesk } from '../../../shared/alarm/audience.js';
import { isBeacon, relayedBeat, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';

/**
 * The audience of a message, by the one rule in shared/alarm/audience.ts: the organisations
 * (at a site each) whose PCs get it. An alarm event goes to the PCs its sender's alarms reach;
 * answers and ends also back to the PCs whose alarms reach its sender; a beacon only that way
 * back, so each counter counts exactly who would hear it. `agreements` are those touching the
 * sender's site (made there, or aimed at it from another site).
 */
export function audienceOf(message: PathMessage, agreements: readonly AlarmAgreement[]): AlarmDesk[] {
  const sender: AlarmDesk = { organisationId: message.organisation_id, siteId: message.site_id };
  const forward = !isBeacon(message);
  const back = isBeacon(message) || travelsBack(message.event);
  return candidatesOf(sender, agreements).filter((desk) => (forward && alarmReaches(agreements, sender, desk)) || (back && alarmReaches(agreements, desk, sender)));
}

/** Only the sender's own organisation and the parties to an agreement can be reached. */
function candidatesOf(sender: AlarmDesk, agreements: readonly AlarmAgreement[]): AlarmDesk[] {
  const candidates = new Map<string, AlarmDesk>([[`${sender.siteId}:${sender.organisationId}`, sender]]);
  for (const agreement of agreements) {
    for (const desk of [{ siteId: agreement.siteId, organisationId: agreement.from }, { siteId: agreement.toSiteId ?? agreement.siteId, organisationId: agreement.to }]) candidates.set(`${desk.siteId}:${desk.organisationId}`, desk);
  }
  return [...candidates.values()];
}

/** Where one message goes: its audience, or the one PC a "delivered" is for, or nowhere. */
export type Route = { to: 'audience'; desks: AlarmDesk[] } | { to: 'device'; desk: AlarmDesk; deviceId: string } | { to: 'nobody' };

/**
 * A responder's answer or end names its alarm's origin. Only the PC that raised the alarm
 * acts on a "delivered" (it counts who has it on screen), so that goes to that PC alone: N
 * frames a press instead of N². Other answers and ends go to their usual audience and to
 * every PC the alarm itself reaches, so two partners of one organisation see each other's
 * "coming". The origin must be one whose alarms reach the answering PC: no device can aim
 * answers at an organisation it has nothing to do with.
 */
export function routeOf(message: PathMessage, agreements: readonly AlarmAgreement[]): Route {
  if (isBeacon(message) || !message.origin) return { to: 'audience', desks: audienceOf(message, agreements) };
  const origin: AlarmDesk = { organisationId: message.origin.organisation_id, siteId: message.origin.site_id };
  const answering: AlarmDesk = { organisationId: message.organisation_id, siteId: message.site_id };
  if (!alarmReaches(agreements, origin, answering)) return { to: 'nobody' };
  if (message.event === 'delivered') return { to: 'device', desk: origin, deviceId: message.origin.device_id };
  const desks = new Map(audienceOf(message, agreements).map((desk) => [`${desk.siteId}:${desk.organisationId}`, desk]));
  for (const desk of candidatesOf(origin, agreements)) if (alarmReaches(agreements, origin, desk)) desks.set(`${desk.siteId}:${desk.organisationId}`, desk);
  return { to: 'audience', desks: [...desks.values()] };
}

/**
 * The alarm-sharing agreements per site, read once and kept until they change. Every
 * message used to query them (beacons included: 1,000 a second at 5,000 PCs). Changes
 * arrive through `invalidate` (NOTIFY on PostgreSQL, so every instance hears them); the
 * age limit catches a change written where no notification reaches (the admin CLI on a
 * SQLite file).
 */
export class AgreementCache {
  private readonly sites = new Map<string, { at: number; pending: Promise<readonly AlarmAgreement[]>; value?: readonly AlarmAgreement[] }>();

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly maxAgeMs = 30_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Synchronous when cached, so the fan-out of a known site does not wait a turn of the event loop. */
  peek(siteId: string): readonly AlarmAgreement[] | undefined {
    const entry = this.sites.get(siteId);
    return entry && this.clock() - entry.at < this.maxAgeMs ? entry.value : undefined;
  }

  get(siteId: string): Promise<readonly AlarmAgreement[]> {
    const cached = this.sites.get(siteId);
    if (cached && this.clock() - cached.at < this.maxAgeMs) return cached.pending;
    const pending = this.db
      .selectFrom('sharing_agreement')
      .select(['site_id', 'from_organisation_id', 'to_organisation_id', 'to_site_id'])
      .where('share_alarms', '=', 1)
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('site_id', '=', siteId), eb('to_site_id', '=', siteId)]))
      .execute()
      .then((rows) => rows.map((row) => ({ siteId: row.site_id, from: row.from_organisation_id, to: row.to_organisation_id, toSiteId: row.to_site_id })));
    const entry: { at: number; pending: typeof pending; value?: readonly AlarmAgreement[] } = { at: this.clock(), pending };
    this.sites.set(siteId, entry);
    pending.then(
      (value) => (entry.value = value),
      // A failed read must not stick: the next message tries again.
      () => this.sites.get(siteId) === entry && this.sites.delete(siteId),
    );
    return pending;
  }

  invalidate(siteId: string | 'all'): void {
    if (siteId === 'all') this.sites.clear();
    else this.sites.delete(siteId);
  }
}

/** A device's realtime socket, as the fan-out sees it. */
export interface RealtimeClient {
  readonly scope: DeviceScope;
  /** The client unpacks {"type":"batch"} frames, so several frames can share one message. */
  readonly batches: boolean;
  /** Text; a Buffer is UTF-8 already, so a batch for 100 sockets is encoded once. */
  send(data: string | Buffer): void;
}

/** How long beacons wait to share a frame; far below the 16 s after which a peer counts as offline. */
export const BEACON_FLUSH_MS = 1_000;
/** How long one slice of the periodic flush may hold the event loop. */
const SWEEP_SLICE_MS = 2;

const POKE = JSON.stringify({ type: 'poke' });

/** The sockets of one organisation at one site: they get the same frames, so a batch is built once for all. */
interface Channel {
  readonly batching: Set<RealtimeClient>;
  readonly single: Set<RealtimeClient>;
  queue: string[];
  /** Beacons waiting, one per PC (a later one replaces an earlier), as `[device_id, group]` JSON. */
  readonly beats: Map<string, string>;
  /** A poke is already queued: one per batch is enough, pokes carry no content. */
  poked: boolean;
}

/**
 * The open sockets indexed by site and organisation, so a message touches only its own
 * site's sockets rather than all of them. Each message is serialised once. For clients that
 * accept batches, frames are queued per site and organisation and leave as one message,
 * built once and written to every socket there: alarm events in the same turn of the event
 * loop (a burst of "delivered" answers shares one write), beacons within a second (one frame
 * per PC per second instead of one per peer per beat). A batch may hold the receiver's own
 * frames; clients drop those, as they drop their own multicast.
 *
 * Beacons are N² (each PC hears every peer every beat): at 5,000 PCs they were most of the
 * bytes the server wrote. In a batch a beacon is only what counting a peer needs, its device
 * and group, `["…",1]` instead of a whole signed-looking message of about 290 bytes; the server
 * has already checked the rest (credential, organisation, audience).
 */
export class RealtimeClients {
  private readonly bySite = new Map<string, Map<string, Channel>>();
  private readonly pending = new Set<Channel>();
  /** Channels with an alarm event waiting: only these go in the next turn, not every site's beacons. */
  private readonly urgent = new Set<Channel>();
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private readonly beaconTimer: ReturnType<typeof setInterval>;
  size = 0;

  /** Channels the periodic flush has still to write, a slice per turn. */
  private readonly sweep = new Set<Channel>();
  private sweepTurn: ReturnType<typeof setImmediate> | null = null;

  constructor(beaconFlushMs = BEACON_FLUSH_MS) {
    this.beaconTimer = setInterval(() => this.startSweep(), beaconFlushMs);
    this.beaconTimer.unref();
  }

  add(client: RealtimeClient): void {
    const { siteId, organisationId } = client.scope;
    let site = this.bySite.get(siteId);
    if (!site) this.bySite.set(siteId, (site = new Map()));
    let channel = site.get(organisationId);
    if (!channel) site.set(organisationId, (channel = { batching: new Set(), single: new Set(), queue: [], beats: new Map(), poked: false }));
    (client.batches ? channel.batching : channel.single).add(client);
    this.size += 1;
  }

  delete(client: RealtimeClient): void {
    const { siteId, organisationId } = client.scope;
    const site = this.bySite.get(siteId);
    const channel = site?.get(organisationId);
    if (!site || !channel || !(client.batches ? channel.batching : channel.single).delete(client)) return;
    this.size -= 1;
    if (channel.batching.size + channel.single.size > 0) return;
    site.delete(organisationId);
    this.pending.delete(channel);
    this.urgent.delete(channel);
    this.sweep.delete(channel);
    if (site.size === 0) this.bySite.delete(siteId);
  }

  *inOrganisations(organisationIds: readonly string[] | 'all'): Iterable<RealtimeClient> {
    for (const site of this.bySite.values()) {
      for (const [organisationId, channel] of site) {
        if (organisationIds !== 'all' && !organisationIds.includes(organisationId)) continue;
        yield* channel.batching;
        yield* channel.single;
      }
    }
  }

  /** "Something changed, pull": at once to older clients, in the next batch to the others. Returns how many were poked. */
  poke(organisationIds: readonly string[] | 'all'): number {
    let poked = 0;
    for (const site of this.bySite.values()) {
      for (const [organisationId, channel] of site) {
        if (organisationIds !== 'all' && !organisationIds.includes(organisationId)) continue;
        for (const client of channel.single) client.send(POKE);
        poked += channel.single.size + channel.batching.size;
        if (channel.batching.size === 0 || channel.poked) continue;
        channel.queue.push(POKE);
        channel.poked = true;
        this.pending.add(channel);
      }
    }
    return poked;
  }

  /** Sends a message to its audience (never back to its sender on its own). */
  fanOut(message: PathMessage, audience: readonly AlarmDesk[]): void {
    const beacon = isBeacon(message);
    const sender = beacon ? message.device_id : message.from.device_id;
    const frame = JSON.stringify({ type: 'alarm', message });
    const beat = beacon ? JSON.stringify(relayedBeat(message)) : '';
    for (const { siteId, organisationId } of audience) {
      const channel = this.bySite.get(siteId)?.get(organisationId);
      if (!channel) continue;
      for (const client of channel.single) if (client.scope.deviceId !== sender) client.send(frame);
      if (channel.batching.size === 0) continue;
      if (beacon) channel.beats.set(message.device_id, beat);
      else {
        channel.queue.push(frame);
        this.urgent.add(channel);
      }
      this.pending.add(channel);
    }
    if (!beacon) this.immediate ??= setImmediate(() => this.flush(this.urgent));
  }

  /** A frame for one PC: written at once, it is the only one waiting for it. */
  sendToDevice(desk: AlarmDesk, deviceId: string, message: PathMessage): void {
    const channel = this.bySite.get(desk.siteId)?.get(desk.organisationId);
    if (!channel) return;
    const frame = JSON.stringify({ type: 'alarm', message });
    for (const client of channel.batching) if (client.scope.deviceId === deviceId) client.send(frame);
    for (const client of channel.single) if (client.scope.deviceId === deviceId) client.send(frame);
  }

  route(message: PathMessage, route: Route): void {
    if (route.to === 'audience') this.fanOut(message, route.desks);
    else if (route.to === 'device') this.sendToDevice(route.desk, route.deviceId, message);
  }

  close(): void {
    clearInterval(this.beaconTimer);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.sweepTurn) clearImmediate(this.sweepTurn);
    this.sweep.clear();
    this.pending.clear();
    this.urgent.clear();
  }

  /**
   * Sends what `channels` have queued (an alarm takes its channel's waiting beacons along).
   * The turn after an alarm flushes only the channels with an alarm event: flushing every
   * site's beacons there would put thousands of writes before the alarm.
   */
  private flush(channels: Iterable<Channel>): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    for (const channel of channels) this.write(channel);
  }

  /**
   * The periodic flush writes every site's beacons: at 5,000 PCs that is 5,000 writes, tens
   * of milliseconds in one go, and an alarm arriving meanwhile would wait behind all of them.
   * In slices of a few milliseconds, an alarm's own flush gets a turn between two slices.
   */
  private startSweep(): void {
    for (const channel of this.pending) this.sweep.add(channel);
    this.sweepTurn ??= setImmediate(() => this.sweepSlice());
  }

  private sweepSlice(): void {
    this.sweepTurn = null;
    const until = performance.now() + SWEEP_SLICE_MS;
    for (const channel of this.sweep) {
      if (performance.now() >= until) break;
      this.sweep.delete(channel);
      this.write(channel);
    }
    if (this.sweep.size > 0) this.sweepTurn = setImmediate(() => this.sweepSlice());
  }

  private write(channel: Channel): void {
    // An alarm's flush may have taken this channel's queue already.
    if (channel.queue.length === 0 && channel.beats.size === 0) return;
    this.pending.delete(channel);
    this.urgent.delete(channel);
    const frames = channel.queue;
    const beats = [...channel.beats.values()];
    channel.queue = [];
    channel.beats.clear();
    channel.poked = false;
    const data = Buffer.from(frames.length === 1 && beats.length === 0 ? (frames[0] as string) : `{"type":"batch","frames":[${frames.join(',')}]${beats.length > 0 ? `,"beats":[${beats.join(',')}]` : ''}}`);
    for (const client of channel.batching) client.send(data);
  }
}
