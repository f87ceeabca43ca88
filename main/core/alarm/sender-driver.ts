import { duressCover, senderStep, startSender, type SenderConfig, type SenderEffect, type SenderInput, type SenderState, type SenderTimer } from '../../../shared/alarm/sender-machine.js';
import type { AlarmLevel } from '../../../shared/alarm/alarm-message.js';
import type { PacState, SenderStatus } from '../../../shared/alarm/alarm-contract.js';

/**
 * Runs the sender machine's timers for real and reports what the sender's screen may show.
 * After a duress cancel the machine runs on (escalation continues) but the screen stays on
 * an ordinary "cancelled".
 */
export class SenderDriver {
  private current: SenderState;
  private pac: PacState = 'none';
  private cover: SenderStatus | null = null;
  private readonly timers = new Map<SenderTimer, ReturnType<typeof setTimeout>>();

  constructor(
    alarmId: string,
    level: AlarmLevel,
    drill: boolean,
    private readonly config: SenderConfig,
    private readonly onStatus: (status: SenderStatus) => void,
    private readonly onEscalate: (step: number) => void,
  ) {
    const start = startSender(alarmId, level, drill, config);
    this.current = start.state;
    this.run(start.effects);
  }

  /** The whole truth, for this PC's own decisions (escalation, what to send). */
  get state(): SenderState {
    return this.current;
  }

  /** What the sender's screen shows. */
  get status(): SenderStatus {
    return this.cover ?? toStatus(this.current, this.pac);
  }

  get ended(): boolean {
    return this.current.phase === 'cancelled' || this.current.phase === 'resolved';
  }

  feed(input: SenderInput): void {
    const before = this.current;
    const step = senderStep(before, input, this.config);
    this.current = step.state;
    if (input.type === 'duress' && !before.duress) this.cover = toStatus(duressCover(before), this.pac);
    this.run(step.effects);
    if (step.state !== before) this.report(input.type === 'duress');
  }

  /** The alarm receiving centre's answer, relayed by the server. */
  setPac(pac: PacState): void {
    if (this.pac === pac) return;
    this.pac = pac;
    this.report(false);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  private report(coverJustSet: boolean): void {
    // Under duress the screen learns of the "cancel" once, and nothing after it.
    if (this.cover && !coverJustSet) return;
    this.onStatus(this.status);
  }

  private run(effects: readonly SenderEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'start_timer') {
        clearTimeout(this.timers.get(effect.timer));
        this.timers.set(effect.timer, setTimeout(() => this.feed({ type: 'timer', timer: effect.timer }), effect.ms));
      } else if (effect.type === 'stop_timer') {
        clearTimeout(this.timers.get(effect.timer));
        this.timers.delete(effect.timer);
      } else {
        this.onEscalate(effect.step);
      }
    }
  }
}

function toStatus(state: SenderState, pac: PacState): SenderStatus {
  return { alarmId: state.alarmId, level: state.level, drill: state.drill, phase: state.phase, deliveredTo: state.deliveredTo, coming: state.coming, cannotCome: state.cannotCome, names: state.names, step: state.step, pac };
}
