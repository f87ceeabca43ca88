import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { AlarmMessage } from '../../../shared/alarm/alarm-message.js';
import type { PacState, PacStatus } from '../../../shared/alarm/pac-status.js';
import { isBeacon, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';
import { isPacEnvelope, type RelayBus, type Relayed } from '../realtime/relay-bus.js';
import { siteEscalation } from '../tenancy/site-policy.js';
import type { PacEventKind } from './event-mapping.js';
import { enabledPacConfigs, loadPacConfig, type PacConfig } from './pac-config.js';
import { PacLink, SequenceCounters, type Delivery } from './pac-link.js';

export interface PacOptions {
  ackTimeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** How often each instance re-reads the enabled sites (the CLI writes the database directly). */
  reconcileMs?: number;
  /** Milliseconds per configured second (escalation time, supervision interval); tests shrink it. */
  msPerSecond?: number;
  now?: () => Date;
}

/** The two lines realtime-route.ts calls; everything else about the PAC lives here. */
export interface PacHook {
  /** A socket of this device opened here: `pac` frames for its alarms go to it. */
  attachSocket(deviceId: string, socket: WebSocket): void;
  /** An alarm message this instance received on its sender's own socket (not a bus copy). */
  fromDeviceSocket(message: PathMessage): void;
}

const WATCH_FOR_MS = 24 * 60 * 60 * 1000;

interface Watched {
  raised: AlarmMessage;
  /** The highest escalation step the sender announced. */
  step: number;
  answered: boolean;
  forwarded: boolean;
  policy: { lastStep: number; escalationMs: number } | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** In case the sender's `escalated` never arrives (its PC died after raising). */
  fallback: ReturnType<typeof setTimeout> | null;
}

/**
 * Forwards a site's alarms to its alarm receiving centre. An emergency goes at once. An
 * assist is watched: once the sender escalated to the last group and still nobody is
 * coming `escalation_after_s` later, it goes too (and on the server's own clock, one
 * period later still, if the sender's `escalated` never arrives). Cancelling or resolving a forwarded alarm
 * sends a cancel. Only the instance that got `raised` on the sender's own socket watches an
 * alarm, so with several instances each alarm is forwarded once; the later events (answers
 * from devices on other instances) reach it over the bus like any alarm message.
 */
export class PacService implements PacHook {
  private readonly watched = new Map<string, Watched>();
  private readonly links = new Map<string, { link: PacLink; signature: string }>();
  private readonly deviceSockets = new Map<string, Set<WebSocket>>();
  private readonly sequences = new SequenceCounters();
  private readonly timing: Required<Omit<PacOptions, 'now'>>;
  private readonly now: () => Date;
  private unsubscribe: (() => void) | null = null;
  private reconciler: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly relay: RelayBus,
    private readonly logger: FastifyBaseLogger,
    options: PacOptions = {},
  ) {
    this.timing = { ackTimeoutMs: 10_000, maxAttempts: 4, backoffMs: 1_000, reconcileMs: 60_000, msPerSecond: 1_000, ...options };
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.unsubscribe = this.relay.subscribeAlarm((relayed) => this.fromBus(relayed));
    await this.reconcile();
    this.reconciler = setInterval(() => void this.reconcile(), this.timing.reconcileMs);
    this.reconciler.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.reconciler) clearInterval(this.reconciler);
    for (const watch of this.watched.values()) this.disarm(watch);
    this.watched.clear();
    await Promise.all([...this.links.values()].map(({ link }) => link.close({ drain: false })));
    this.links.clear();
  }

  attachSocket(deviceId: string, socket: WebSocket): void {
    const sockets = this.deviceSockets.get(deviceId) ?? new Set();
    sockets.add(socket);
    this.deviceSockets.set(deviceId, sockets);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) this.deviceSockets.delete(deviceId);
    });
  }

  fromDeviceSocket(message: PathMessage): void {
    // Drills exercise the people on site, never the alarm centre.
    if (this.closed || isBeacon(message) || message.event !== 'raised' || message.drill || this.watched.has(message.alarm_id)) return;
    const watch: Watched = { raised: message, step: 0, answered: false, forwarded: false, policy: null, timer: null, fallback: null };
    this.watched.set(message.alarm_id, watch);
    void this.startWatching(watch).catch((error: unknown) => {
      this.logger.error({ err: error, alarm: message.alarm_id }, 'could not start watching an alarm for the alarm receiving centre');
      this.watched.delete(message.alarm_id);
    });
  }

  /** An administrator changed a site's PAC settings: the link follows now, not at the next reconcile. */
  configChanged(siteId: string): void {
    void this.linkFor(siteId).catch((error: unknown) => this.logger.error({ err: error, site: siteId }, 'could not apply the PAC settings'));
  }

  private async startWatching(watch: Watched): Promise<void> {
    const { raised } = watch;
    const stillWatched = () => this.watched.get(raised.alarm_id) === watch;
    const config = await loadPacConfig(this.db, raised.site_id);
    if (!stillWatched()) return; // cancelled while we read
    if (!config) {
      this.watched.delete(raised.alarm_id);
      return;
    }
    if (raised.level === 'emergency') return this.forward(watch, 'emergency');
    const policy = await siteEscalation(this.db, raised.site_id, this.now());
    if (!stillWatched()) return;
    watch.policy = { lastStep: policy.groups - 1, escalationMs: policy.escalation_after_s * this.timing.msPerSecond };
    this.armIfLastStep(watch);
    // The sender reaches its last step after (groups - 1) periods and gives up one period later;
    // one period more of grace, then the server forwards on its own clock. A sender PC that
    // dies right after raising must not keep its alarm from the centre.
    const fallbackMs = (policy.groups + 1) * watch.policy.escalationMs;
    watch.fallback = setTimeout(() => {
      watch.fallback = null;
      if (!watch.answered && !watch.forwarded && this.watched.get(raised.alarm_id) === watch) void this.forward(watch, 'unanswered_assist');
    }, fallbackMs);
  }

  private fromBus(message: Relayed): void {
    if (isPacEnvelope(message)) return this.toDevice(message.pac_for_device, message.status);
    if (isBeacon(message)) return;
    const watch = this.watched.get(message.alarm_id);
    if (!watch) return;
    switch (message.event) {
      case 'escalated':
        watch.step = Math.max(watch.step, message.step);
        return this.armIfLastStep(watch);
      case 'coming':
        // Kept until the alarm ends: a duress cancel may still follow.
        watch.answered = true;
        this.disarm(watch);
        return;
      case 'duress':
        this.disarm(watch);
        return void this.forward(watch, 'duress');
      case 'cancelled':
      case 'resolved':
        this.disarm(watch);
        this.watched.delete(message.alarm_id);
        if (watch.forwarded) void this.send(watch.raised, 'cancel').then((delivery) => this.logger.info({ alarm: message.alarm_id, delivery }, 'sent the cancel to the alarm receiving centre'));
        return;
      default:
        return;
    }
  }

  /** The last group has been alerted and nobody is coming: forward after one more escalation period. */
  private armIfLastStep(watch: Watched): void {
    if (!watch.policy || watch.timer || watch.answered || watch.forwarded || watch.step < watch.policy.lastStep) return;
    watch.timer = setTimeout(() => {
      watch.timer = null;
      if (!watch.answered && !watch.forwarded && this.watched.get(watch.raised.alarm_id) === watch) void this.forward(watch, 'unanswered_assist');
    }, watch.policy.escalationMs);
  }

  private disarm(watch: Watched): void {
    if (watch.timer) clearTimeout(watch.timer);
    if (watch.fallback) clearTimeout(watch.fallback);
    watch.timer = null;
    watch.fallback = null;
  }

  private async forward(watch: Watched, kind: PacEventKind): Promise<void> {
    watch.forwarded = true;
    this.disarm(watch);
    await this.report(watch.raised, 'sending');
    const delivery = await this.send(watch.raised, kind);
    this.logger.info({ alarm: watch.raised.alarm_id, kind, delivery }, 'forwarded an alarm to the alarm receiving centre');
    await this.report(watch.raised, delivery);
  }

  private async send(raised: AlarmMessage, kind: PacEventKind): Promise<Delivery> {
    try {
      const link = await this.linkFor(raised.site_id);
      if (!link) return 'failed';
      return await link.send({ kind, desk: raised.from.desk, floor: raised.from.floor });
    } catch (error) {
      this.logger.error({ err: error, alarm: raised.alarm_id }, 'could not forward to the alarm receiving centre');
      return 'failed';
    }
  }

  private async report(raised: AlarmMessage, state: PacState): Promise<void> {
    const status: PacStatus = { type: 'pac', alarm_id: raised.alarm_id, state };
    await this.relay.publishAlarm({ pac_for_device: raised.from.device_id, status }).catch((error: unknown) => this.logger.error({ err: error }, 'could not relay the PAC status'));
  }

  private toDevice(deviceId: string, status: PacStatus): void {
    const frame = JSON.stringify(status);
    for (const socket of this.deviceSockets.get(deviceId) ?? []) if (socket.readyState === socket.OPEN) socket.send(frame);
  }

  /** The site's link, rebuilt when its settings changed; the old one finishes what it was sending. */
  private async linkFor(siteId: string): Promise<PacLink | null> {
    return this.apply(siteId, await loadPacConfig(this.db, siteId));
  }

  private apply(siteId: string, config: PacConfig | null): PacLink | null {
    const current = this.links.get(siteId);
    const signature = config ? JSON.stringify({ ...config, key: config.key?.toString('hex') ?? null }) : '';
    if (current && current.signature === signature) return current.link;
    if (current) {
      this.links.delete(siteId);
      void current.link.close({ drain: true });
    }
    if (!config || this.closed) return null;
    const link = new PacLink(config, this.sequences, { ackTimeoutMs: this.timing.ackTimeoutMs, maxAttempts: this.timing.maxAttempts, backoffMs: this.timing.backoffMs, supervisionMs: config.supervision_s * this.timing.msPerSecond }, this.logger, this.now);
    this.links.set(siteId, { link, signature });
    return link;
  }

  /** Every enabled site gets a supervised link, also before its first alarm; alarms nobody ever closed are let go after a day. */
  private async reconcile(): Promise<void> {
    const dayAgo = this.now().getTime() - WATCH_FOR_MS;
    for (const [alarmId, watch] of this.watched) {
      if (Date.parse(watch.raised.at) < dayAgo) {
        this.disarm(watch);
        this.watched.delete(alarmId);
      }
    }
    try {
      const configs = await enabledPacConfigs(this.db);
      const enabled = new Set(configs.map((config) => config.site_id));
      for (const config of configs) this.apply(config.site_id, config);
      for (const siteId of [...this.links.keys()]) if (!enabled.has(siteId)) this.apply(siteId, null);
    } catch (error) {
      this.logger.error({ err: error }, 'could not read the PAC settings');
    }
  }
}
