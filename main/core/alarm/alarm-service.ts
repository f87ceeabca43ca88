import type { AlarmEventKind, AlarmLevel, AlarmMessage } from '../../../shared/alarm/alarm-message.js';
import { isBeacon, type PathMessage, type PeerBeat, type Readiness } from '../../../shared/alarm/readiness.js';
import type { ActiveAlarms, PacState, ResponderStatus, SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { isEnded, responderStep, startResponder, type ResponderEffect, type ResponderInput, type ResponderState } from '../../../shared/alarm/responder-machine.js';
import type { SenderConfig } from '../../../shared/alarm/sender-machine.js';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { EventBus } from '../event-bus.js';
import type { Logger } from '../logger.js';
import type { ReplicaStore } from '../sync/replica-store.js';
import type { AlarmIdentity } from './alarm-identity.js';
import type { AlarmPath, AlarmPathName } from './alarm-path.js';
import { ReadinessMonitor } from './readiness-monitor.js';
import { ScreenRegistry } from './screen-registry.js';
import { SenderDriver } from './sender-driver.js';

const SEEN_TTL_MS = 10 * 60 * 1000;
/** An alarm whose end this PC never heard (its sender went offline) is forgotten after this. */
const HEARD_TTL_MS = 60 * 60 * 1000;

export interface AlarmServiceDeps {
  replica: ReplicaStore;
  identity: () => AlarmIdentity | null;
  /** The site's policy (escalation time, number of groups), read at each press. */
  config: () => SenderConfig;
  bus: EventBus;
  logger: Logger;
  now: () => Date;
  /**
   * How a cancel of this desk's own alarm goes, from the PIN typed: an ordinary cancel, or
   * the covert one under duress. Throws when a PIN is needed and missing or wrong.
   */
  cancelMode: (pin: string | undefined) => 'cancel' | 'duress';
  /** Whether `candidate`'s PCs are among those an alarm of `origin` reaches (its sharing agreements). */
  inAudience: (originOrganisationId: string, candidateOrganisationId: string) => boolean;
  /** An alarm event was recorded: let replication carry it to the server. */
  onRecorded: () => void;
  beatMs?: number;
}

/** An alarm raised elsewhere that this PC heard, whether or not it is for this PC's group yet. */
interface HeardAlarm {
  raised: AlarmMessage;
  duress: boolean;
  ended: boolean;
}

interface ResponderEntry {
  state: ResponderState;
  sound: boolean;
  /** A screen showed it, and the sender was told "delivered". */
  shown: boolean;
}

const labelOf = (from: AlarmMessage['from']) => from.person || from.desk;

/**
 * Raises, answers and ends alarms. Each event leaves on every path first and is written
 * to the local store right after (durably, as an append-only replicated row): the frame
 * must not wait for a disk flush, and a record lost in a crash in between comes back from
 * the responders' copies (docs/alarm.md says what each moment of a crash leaves).
 */
export class AlarmService {
  private readonly senders = new Map<string, SenderDriver>();
  /** This desk's latest alarm: what its own status line shows. */
  private latestSent: string | null = null;
  private readonly heard = new Map<string, HeardAlarm>();
  private readonly responders = new Map<string, ResponderEntry>();
  private readonly paths = new Map<AlarmPathName, { path: AlarmPath; detach: () => void }>();
  /** The same message arrives by LAN and by server: the second copy is dropped here. */
  private readonly seen = new Map<string, number>();
  /** Heard from others, to be recorded together in the next turn (see recordHeard). */
  private readonly unrecorded: AlarmMessage[] = [];
  private readonly screens: ScreenRegistry;
  private readonly monitor: ReadinessMonitor;
  private disposed = false;

  constructor(private readonly deps: AlarmServiceDeps) {
    this.screens = new ScreenRegistry(() => this.pathsChanged());
    this.monitor = new ReadinessMonitor({
      // Without an open screen this PC can show no alarm: it beacons as group 0, counted by nobody.
      identity: () => {
        const me = deps.identity();
        return me && !this.screens.alive ? { ...me, group: 0 } : me;
      },
      broadcast: (beacon) => this.sendOnPaths(beacon),
      paths: () => ({ server: this.paths.get('server')?.path.open ?? false, lan: this.paths.get('lan')?.path.open ?? false }),
      emit: (readiness) => deps.bus.emit('alarm.readiness', readiness),
      now: deps.now,
      ...(deps.beatMs ? { beatMs: deps.beatMs } : {}),
    });
  }

  readiness(): Readiness {
    return this.monitor.readiness();
  }

  /** A path or a screen opened or closed: beat at once so peers and this counter need not wait. */
  pathsChanged(): void {
    if (!this.disposed) this.monitor.beat();
  }

  /** Both paths attach the same way, and may be replaced while running (a new site, a new key). */
  attach(name: AlarmPathName, path: AlarmPath | null): void {
    this.paths.get(name)?.detach();
    this.paths.delete(name);
    if (path) {
      const detachMessages = path.onMessage((message) => this.receive(message));
      const detachBeats = path.onPeerBeat?.((beat) => this.heardPeer(beat));
      this.paths.set(name, { path, detach: () => (detachMessages(), detachBeats?.()) });
    }
    this.pathsChanged();
  }

  /** A screen asks what to show; from now on it counts as one that can show an alarm. */
  active(screen: string | null): ActiveAlarms {
    if (screen) this.screens.attach(screen);
    const sender = this.latestSent ? (this.senders.get(this.latestSent)?.status ?? null) : null;
    const responders = [...this.responders.keys()].map((alarmId) => this.responderStatus(alarmId)).filter((status) => !isEnded(status.phase));
    return { sender, responders };
  }

  /** The screen's transport closed: a closed tab or window reaches nobody. */
  screenGone(screen: string): void {
    this.screens.gone(screen);
  }

  /** Somebody else signs in: the last person's finished alarm is not theirs to see. */
  sessionChanged(): void {
    const latest = this.latestSent ? this.senders.get(this.latestSent) : undefined;
    if (latest?.ended) this.latestSent = null;
  }

  raise(level: AlarmLevel, drill: boolean): SenderStatus {
    const me = this.requireIdentity();
    this.forgetEndedSenders();
    const alarmId = newId();
    const driver = new SenderDriver(
      alarmId,
      level,
      drill,
      this.deps.config(),
      (status) => this.deps.bus.emit('alarm.sender', status),
      (step) => this.send(this.message(me, 'escalated', alarmId, driver.state.level, drill, step)),
    );
    this.senders.set(alarmId, driver);
    this.latestSent = alarmId;
    this.send(this.message(me, 'raised', alarmId, level, drill, 0));
    return driver.status;
  }

  /** A screen shows the alarm: only now does the sender hear "delivered" from this PC. */
  shown(alarmId: string): ResponderStatus {
    const entry = this.requireResponder(alarmId);
    if (!entry.shown && !isEnded(entry.state.phase)) {
      entry.shown = true;
      this.sendAs(alarmId, 'delivered');
    }
    return this.responderStatus(alarmId);
  }

  answer(alarmId: string, answer: 'coming' | 'cannot_come'): ResponderStatus {
    const entry = this.requireResponder(alarmId);
    entry.shown = true;
    this.stepResponder(alarmId, { type: 'answer', answer });
    return this.responderStatus(alarmId);
  }

  end(alarmId: string, how: 'cancelled' | 'resolved', pin?: string): void {
    const me = this.requireIdentity();
    const sender = this.senders.get(alarmId);
    const responder = this.responders.get(alarmId);
    if (!sender && !responder) throw new ContractFailure('NOT_FOUND', `no open alarm ${alarmId} on this PC`);
    if (sender && how === 'cancelled' && !sender.ended && this.deps.cancelMode(pin) === 'duress') {
      this.send(this.message(me, 'duress', alarmId, 'emergency', sender.state.drill, sender.state.step));
      sender.feed({ type: 'duress' });
      return;
    }
    const level = sender?.state.level ?? responder?.state.level ?? 'assist';
    const drill = sender?.state.drill ?? responder?.state.drill ?? false;
    this.send(this.message(me, how, alarmId, level, drill, 0, sender ? undefined : this.originOf(alarmId)));
    sender?.feed({ type: how === 'cancelled' ? 'cancel' : 'resolve' });
    if (responder) this.stepResponder(alarmId, { type: how });
  }

  /** The alarm receiving centre's answer for one of this desk's alarms, relayed by the server. */
  pacStatus(alarmId: string, state: PacState): void {
    this.senders.get(alarmId)?.setPac(state);
  }

  dispose(): void {
    this.disposed = true;
    this.recordHeard();
    this.monitor.dispose();
    this.paths.forEach(({ detach }) => detach());
    this.paths.clear();
    this.senders.forEach((driver) => driver.dispose());
  }

  private receive(message: PathMessage): void {
    const me = this.deps.identity();
    if (!me) return;
    if (isBeacon(message)) return this.heardPeer(message);
    if (message.from.device_id === me.deviceId) return; // our own multicast, looped back
    if (this.alreadySeen(message.message_id)) return;
    try {
      this.react(message, me);
    } finally {
      // A partner's alarm is shown here but belongs to the partner's records, not ours.
      if (message.organisation_id === me.organisationId) this.recordSoon(message);
    }
  }

  /** A batch may carry this PC's own beacon back to it; it does not count itself. */
  private heardPeer(beat: PeerBeat): void {
    const me = this.deps.identity();
    if (me && beat.device_id !== me.deviceId) this.monitor.heard(beat);
  }

  /**
   * Shown first, recorded right after: a screen must not wait for a disk flush. What arrives
   * in one burst (a hundred "delivered" answers to this desk's alarm) is recorded in one
   * commit in the next turn, not a hundred that would hold up the event loop.
   */
  private recordSoon(message: AlarmMessage): void {
    this.unrecorded.push(message);
    if (this.unrecorded.length === 1) setImmediate(() => this.recordHeard());
  }

  private recordHeard(): void {
    const batch = this.unrecorded.splice(0);
    if (batch.length === 0) return;
    this.deps.replica.together(() => {
      for (const message of batch) {
        try {
          this.record(message);
        } catch (error) {
          // One bad record (a row id another PC already used for something else) must not cost the others.
          this.deps.logger.error({ err: error, message: message.message_id }, 'could not record a heard alarm event');
        }
      }
    });
    this.deps.onRecorded();
  }

  private react(message: AlarmMessage, me: AlarmIdentity): void {
    const sender = this.senders.get(message.alarm_id);
    if (sender) return this.reactAsSender(sender, message, me);
    if (message.event === 'raised') {
      if (this.heard.has(message.alarm_id)) return;
      this.forgetOld();
      this.heard.set(message.alarm_id, { raised: message, duress: false, ended: false });
      this.wake(message.alarm_id, me, 0);
      return;
    }
    const heard = this.heard.get(message.alarm_id);
    if (!heard) return; // an answer or an end of an alarm this PC never heard of: nothing to show
    // Within one site the agreements here decide; an alarm from another site came through the server, which already did.
    const sameSite = heard.raised.site_id === me.siteId;
    if (sameSite && !this.deps.inAudience(heard.raised.organisation_id, message.organisation_id)) return this.refused(message, 'outside the alarm audience');
    const fromItsSender = message.from.device_id === heard.raised.from.device_id;
    switch (message.event) {
      case 'escalated':
      case 'duress':
        if (!fromItsSender) return this.refused(message, 'only the alarm sender escalates');
        if (message.event === 'duress') heard.duress = true;
        this.wake(message.alarm_id, me, message.step);
        return this.stepResponder(message.alarm_id, message.event === 'duress' ? { type: 'duress' } : { type: 'escalated', step: message.step });
      case 'coming':
      case 'cannot_come':
        return this.stepResponder(message.alarm_id, { type: 'other_answered', by: message.from.device_id, name: labelOf(message.from), answer: message.event });
      case 'cancelled':
      case 'resolved':
        heard.ended = true;
        return this.stepResponder(message.alarm_id, { type: message.event });
      default:
        return;
    }
  }

  /** Answers and ends of this desk's own alarm, from anyone it reached: every end ends it here too. */
  private reactAsSender(sender: SenderDriver, message: AlarmMessage, me: AlarmIdentity): void {
    // From another site only the server can bring it, and its fan-out already applied the rule.
    if (message.site_id === me.siteId && !this.deps.inAudience(me.organisationId, message.organisation_id)) return this.refused(message, 'outside the alarm audience');
    switch (message.event) {
      case 'delivered':
      case 'coming':
      case 'cannot_come':
        return sender.feed({ type: message.event, by: message.from.device_id, name: labelOf(message.from) });
      case 'cancelled':
        return sender.feed({ type: 'cancel' });
      case 'resolved':
        return sender.feed({ type: 'resolve' });
      default:
        return; // raised, escalated and duress of this alarm come only from this PC
    }
  }

  private refused(message: AlarmMessage, why: string): void {
    this.deps.logger.warn({ message: message.message_id, alarm: message.alarm_id, event: message.event, organisation: message.organisation_id }, `alarm message ignored: ${why}`);
  }

  /** Group 1 is alerted at step 0, group 2 at step 1, and so on; group 0 never. */
  private wake(alarmId: string, me: AlarmIdentity, step: number): void {
    const heard = this.heard.get(alarmId);
    if (!heard || heard.ended || this.responders.has(alarmId) || me.group === 0 || me.group - 1 > step) return;
    const { raised } = heard;
    const started = startResponder({ alarmId, level: raised.level, drill: raised.drill, from: { desk: raised.from.desk, floor: raised.from.floor, person: raised.from.person, site: raised.from.site }, raisedAt: raised.at });
    // Woken by a duress escalation: it arrives as the emergency it now is.
    const state = heard.duress ? responderStep(started.state, { type: 'duress' }).state : started.state;
    this.responders.set(alarmId, { state: { ...state, step }, sound: false, shown: false });
    this.runResponderEffects(alarmId, started.effects);
  }

  private stepResponder(alarmId: string, input: ResponderInput): void {
    const current = this.responders.get(alarmId);
    if (!current) return;
    const step = responderStep(current.state, input);
    if (step.state === current.state && step.effects.length === 0) return;
    current.state = step.state;
    this.runResponderEffects(alarmId, step.effects);
  }

  private runResponderEffects(alarmId: string, effects: readonly ResponderEffect[]): void {
    const entry = this.responders.get(alarmId);
    if (!entry) return;
    for (const effect of effects) {
      if (effect.type === 'sound') entry.sound = effect.on;
      else this.sendAs(alarmId, effect.event);
    }
    this.deps.bus.emit('alarm.responder', this.responderStatus(alarmId));
  }

  /** This PC, as a responder, tells the alarm's audience something. */
  private sendAs(alarmId: string, event: 'delivered' | 'coming' | 'cannot_come'): void {
    const entry = this.responders.get(alarmId);
    const me = this.deps.identity();
    if (entry && me) this.send(this.message(me, event, alarmId, entry.state.level, entry.state.drill, 0, this.originOf(alarmId)));
  }

  private responderStatus(alarmId: string): ResponderStatus {
    const entry = this.requireResponder(alarmId);
    return { ...entry.state, others: { ...entry.state.others }, sound: entry.sound };
  }

  private requireResponder(alarmId: string): ResponderEntry {
    const entry = this.responders.get(alarmId);
    if (!entry) throw new ContractFailure('NOT_FOUND', `no open alarm ${alarmId} on this PC`);
    return entry;
  }

  /** Out on every path first, then recorded: the frame must not wait for the disk flush. */
  private send(message: AlarmMessage): void {
    this.alreadySeen(message.message_id);
    this.sendOnPaths(message);
    this.record(message);
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

  private forgetOld(): void {
    const cutoff = this.deps.now().getTime() - HEARD_TTL_MS;
    for (const [alarmId, heard] of this.heard) {
      if (Date.parse(heard.raised.at) >= cutoff) continue;
      this.heard.delete(alarmId);
      this.responders.delete(alarmId);
    }
  }

  private forgetEndedSenders(): void {
    for (const [alarmId, driver] of this.senders) {
      if (!driver.ended) continue;
      driver.dispose();
      this.senders.delete(alarmId);
      if (this.latestSent === alarmId) this.latestSent = null;
    }
  }

  private record(message: AlarmMessage): void {
    this.deps.replica.writeRow(
      'alarm_event',
      message.message_id,
      { alarm_id: message.alarm_id, kind: message.event, level: message.level, at: message.at, drill: message.drill, by_device: message.from.device_id, desk: message.from.desk, floor: message.from.floor, person: message.from.person, step: message.step },
      { organisationId: message.organisation_id, siteId: message.site_id },
    );
  }

  /** The PC that raised an alarm this PC heard, as answers name it. */
  private originOf(alarmId: string): AlarmMessage['origin'] {
    const raised = this.heard.get(alarmId)?.raised;
    return raised && { organisation_id: raised.organisation_id, site_id: raised.site_id, device_id: raised.from.device_id };
  }

  private message(me: AlarmIdentity, event: AlarmEventKind, alarmId: string, level: AlarmLevel, drill: boolean, step: number, origin?: AlarmMessage['origin']): AlarmMessage {
    return {
      v: 1,
      message_id: newId(),
      alarm_id: alarmId,
      event,
      level,
      drill,
      organisation_id: me.organisationId,
      site_id: me.siteId,
      from: { device_id: me.deviceId, desk: me.desk, floor: me.floor, person: me.person, site: me.siteName },
      at: this.deps.now().toISOString(),
      step,
      ...(origin && { origin }),
    };
  }

  private requireIdentity(): AlarmIdentity {
    const me = this.deps.identity();
    if (!me) throw new ContractFailure('CONFLICT', 'this PC has no organisation, site and desk yet: an administrator sets them under Settings');
    return me;
  }
}
