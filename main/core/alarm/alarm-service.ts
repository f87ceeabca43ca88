import type { AlarmEventKind, AlarmLevel, AlarmMessage } from '../../../shared/alarm/alarm-message.js';
import { isBeacon, type PathMessage, type Readiness } from '../../../shared/alarm/readiness.js';
import type { ResponderStatus, SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { responderStep, startResponder, type ResponderEffect, type ResponderInput, type ResponderState } from '../../../shared/alarm/responder-machine.js';
import type { SenderConfig } from '../../../shared/alarm/sender-machine.js';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { Logger } from '../logger.js';
import type { ReplicaStore } from '../sync/replica-store.js';
import type { AlarmIdentity } from './alarm-identity.js';
import type { AlarmPath } from './alarm-path.js';
import { ReadinessMonitor } from './readiness-monitor.js';
import { SenderDriver } from './sender-driver.js';

const SEEN_TTL_MS = 10 * 60 * 1000;
const DORMANT_TTL_MS = 60 * 60 * 1000;

export interface AlarmServiceDeps {
  replica: ReplicaStore;
  identity: () => AlarmIdentity | null;
  lan: AlarmPath | null;
  server: AlarmPath | null;
  /** The site's policy (escalation time, number of groups), read at each press. */
  config: () => SenderConfig;
  logger: Logger;
  now: () => Date;
  emitSender: (status: SenderStatus) => void;
  emitResponder: (status: ResponderStatus) => void;
  emitReadiness: (readiness: Readiness) => void;
  /** Whether the server path can send right now. */
  serverOpen: () => boolean;
  beatMs?: number;
  /** An alarm event was recorded: let replication carry it to the server. */
  onRecorded: () => void;
}

/**
 * Raises, answers and ends alarms. Every event is written to the local store first
 * (durably, as an append-only replicated row) and only then sent, so a crash can
 * lose the sending but never the record.
 */
export class AlarmService {
  private readonly senders = new Map<string, SenderDriver>();
  private readonly responders = new Map<string, { state: ResponderState; sound: boolean }>();
  private readonly paths = new Map<'lan' | 'server', { path: AlarmPath; detach: () => void }>();
  /** Alarms heard but not yet for this PC's group: they wake up if the alarm escalates to it. */
  private readonly dormant = new Map<string, AlarmMessage>();
  /** The same message arrives by LAN and by server: the second copy is dropped here. */
  private readonly seen = new Map<string, number>();
  private readonly monitor: ReadinessMonitor;
  private disposed = false;

  constructor(private readonly deps: AlarmServiceDeps) {
    this.monitor = new ReadinessMonitor({
      identity: deps.identity,
      broadcast: (beacon) => this.sendOnPaths(beacon),
      paths: () => ({ server: deps.serverOpen(), lan: this.paths.has('lan') }),
      emit: deps.emitReadiness,
      now: deps.now,
      ...(deps.beatMs ? { beatMs: deps.beatMs } : {}),
    });
    this.attach('lan', deps.lan);
    this.attach('server', deps.server);
  }

  readiness(): Readiness {
    return this.monitor.readiness();
  }

  /** A path opened or closed: beat at once so peers and this counter need not wait. */
  pathsChanged(): void {
    if (!this.disposed) this.monitor.beat();
  }

  /** Paths can be (re)configured while running: the LAN's site key and group come with the site. */
  attach(name: 'lan' | 'server', path: AlarmPath | null): void {
    this.paths.get(name)?.detach();
    this.paths.delete(name);
    if (path) this.paths.set(name, { path, detach: path.onMessage((message) => this.receive(message)) });
    this.pathsChanged();
  }

  attachLan(lan: AlarmPath | null): void {
    this.attach('lan', lan);
  }

  raise(level: AlarmLevel, drill: boolean): SenderStatus {
    const me = this.requireIdentity();
    const alarmId = newId();
    const driver = new SenderDriver(alarmId, level, drill, this.deps.config(), (state) => this.deps.emitSender(state), (step) => this.send(this.message(me, 'escalated', alarmId, level, drill, step)));
    this.senders.set(alarmId, driver);
    this.send(this.message(me, 'raised', alarmId, level, drill, 0));
    return driver.state;
  }

  answer(alarmId: string, answer: 'coming' | 'cannot_come'): ResponderStatus {
    if (!this.responders.has(alarmId)) throw new ContractFailure('NOT_FOUND', `no open alarm ${alarmId} on this PC`);
    this.stepResponder(alarmId, { type: 'answer', answer });
    return this.responderStatus(alarmId);
  }

  end(alarmId: string, how: 'cancelled' | 'resolved'): void {
    const me = this.requireIdentity();
    const sender = this.senders.get(alarmId);
    const responder = this.responders.get(alarmId);
    if (!sender && !responder) throw new ContractFailure('NOT_FOUND', `no open alarm ${alarmId} on this PC`);
    const level = sender?.state.level ?? responder?.state.level ?? 'assist';
    const drill = sender?.state.drill ?? responder?.state.drill ?? false;
    this.send(this.message(me, how, alarmId, level, drill, 0));
    sender?.feed({ type: how === 'cancelled' ? 'cancel' : 'resolve' });
    if (responder) this.stepResponder(alarmId, { type: how });
  }

  dispose(): void {
    this.disposed = true;
    this.monitor.dispose();
    this.paths.forEach(({ detach }) => detach());
    this.paths.clear();
    this.senders.forEach((driver) => driver.dispose());
  }

  private receive(message: PathMessage): void {
    const me = this.deps.identity();
    if (!me) return;
    if (isBeacon(message)) {
      if (message.device_id !== me.deviceId) this.monitor.heard(message);
      return;
    }
    if (message.from.device_id === me.deviceId) return; // our own multicast, looped back
    if (this.alreadySeen(message.message_id)) return;
    try {
      this.react(message, me);
    } finally {
      // Shown first, recorded right after: a responder's screen must not wait for a disk flush.
      // A partner's alarm is shown here but belongs to the partner's records, not ours.
      if (message.organisation_id === me.organisationId) {
        this.record(message);
        this.deps.onRecorded();
      }
    }
  }

  private react(message: AlarmMessage, me: AlarmIdentity): void {
    const sender = this.senders.get(message.alarm_id);
    if (sender && (message.event === 'delivered' || message.event === 'coming' || message.event === 'cannot_come')) {
      sender.feed({ type: message.event, by: message.from.device_id });
      return;
    }
    if (message.event === 'raised' && !this.responders.has(message.alarm_id)) {
      this.forgetStaleDormant();
      this.dormant.set(message.alarm_id, message);
      this.wake(message.alarm_id, me, 0);
      return;
    }
    if (message.event === 'escalated') this.wake(message.alarm_id, me, message.step);
    if (message.event === 'cancelled' || message.event === 'resolved') this.dormant.delete(message.alarm_id);
    if (!this.responders.has(message.alarm_id)) return;
    if (message.event === 'coming' || message.event === 'cannot_come') this.stepResponder(message.alarm_id, { type: 'other_answered', by: message.from.device_id, answer: message.event });
    else if (message.event === 'escalated') this.stepResponder(message.alarm_id, { type: 'escalated', step: message.step });
    else if (message.event === 'cancelled' || message.event === 'resolved') this.stepResponder(message.alarm_id, { type: message.event });
  }

  /** An alarm whose end we never heard (its sender went offline) must not wait forever. */
  private forgetStaleDormant(): void {
    const cutoff = this.deps.now().getTime() - DORMANT_TTL_MS;
    for (const [alarmId, raised] of this.dormant) if (Date.parse(raised.at) < cutoff) this.dormant.delete(alarmId);
  }

  /** Group 1 is alerted at step 0, group 2 at step 1, and so on; group 0 never. */
  private wake(alarmId: string, me: AlarmIdentity, step: number): void {
    const raised = this.dormant.get(alarmId);
    if (!raised || me.group === 0 || me.group - 1 > step) return;
    this.dormant.delete(alarmId);
    const started = startResponder({ alarmId, level: raised.level, drill: raised.drill, from: { desk: raised.from.desk, floor: raised.from.floor, person: raised.from.person, site: me.siteName }, raisedAt: raised.at });
    this.responders.set(alarmId, { state: { ...started.state, step }, sound: false });
    this.runResponderEffects(alarmId, started.effects);
  }

  private stepResponder(alarmId: string, input: ResponderInput): void {
    const current = this.responders.get(alarmId);
    if (!current) return;
    const step = responderStep(current.state, input);
    current.state = step.state;
    this.runResponderEffects(alarmId, step.effects);
  }

  private runResponderEffects(alarmId: string, effects: readonly ResponderEffect[]): void {
    const entry = this.responders.get(alarmId);
    const me = this.deps.identity();
    if (!entry || !me) return;
    for (const effect of effects) {
      if (effect.type === 'sound') entry.sound = effect.on;
      if (effect.type === 'send') this.send(this.message(me, effect.event, alarmId, entry.state.level, entry.state.drill, 0));
    }
    this.deps.emitResponder(this.responderStatus(alarmId));
  }

  private responderStatus(alarmId: string): ResponderStatus {
    const entry = this.responders.get(alarmId);
    if (!entry) throw new ContractFailure('NOT_FOUND', `no open alarm ${alarmId} on this PC`);
    return { ...entry.state, others: { ...entry.state.others }, sound: entry.sound };
  }

  /** Record first, then send on every path at once; one path failing is logged, not fatal. */
  private send(message: AlarmMessage): void {
    this.record(message);
    this.alreadySeen(message.message_id);
    this.sendOnPaths(message);
    // Status bookkeeping (sync queue, screens) only after the message is on its way.
    this.deps.onRecorded();
  }

  private sendOnPaths(message: PathMessage): void {
    for (const [name, { path }] of this.paths) {
      path.send(message).catch((error: unknown) => this.deps.logger[isBeacon(message) ? 'debug' : 'warn']({ err: error, path: name, message: message.message_id }, 'alarm path could not send'));
    }
  }

  private alreadySeen(messageId: string): boolean {
    const now = Date.now();
    for (const [id, at] of this.seen) {
      if (now - at < SEEN_TTL_MS) break;
      this.seen.delete(id);
    }
    if (this.seen.has(messageId)) return true;
    this.seen.set(messageId, now);
    return false;
  }

  private record(message: AlarmMessage): void {
    this.deps.replica.writeRow(
      'alarm_event',
      message.message_id,
      { alarm_id: message.alarm_id, kind: message.event, level: message.level, at: message.at, drill: message.drill, by_device: message.from.device_id, desk: message.from.desk, floor: message.from.floor, person: message.from.person, step: message.step },
      { organisationId: message.organisation_id, siteId: message.site_id },
    );
  }

  private message(me: AlarmIdentity, event: AlarmEventKind, alarmId: string, level: AlarmLevel, drill: boolean, step: number): AlarmMessage {
    return {
      v: 1,
      message_id: newId(),
      alarm_id: alarmId,
      event,
      level,
      drill,
      organisation_id: me.organisationId,
      site_id: me.siteId,
      from: { device_id: me.deviceId, desk: me.desk, floor: me.floor, person: me.person },
      at: this.deps.now().toISOString(),
      step,
    };
  }

  private requireIdentity(): AlarmIdentity {
    const me = this.deps.identity();
    if (!me) throw new ContractFailure('CONFLICT', 'this PC has no organisation, site and desk yet: an administrator sets them under Settings');
    return me;
  }
}

