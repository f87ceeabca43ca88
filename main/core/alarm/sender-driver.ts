import { senderStep, startSender, type SenderConfig, type SenderEffect, type SenderInput, type SenderState, type SenderTimer } from '../../../shared/alarm/sender-machine.js';
import type { AlarmLevel } from '../../../shared/alarm/alarm-message.js';

/** Runs the sender machine's timers for real and reports every state and escalation. */
export class SenderDriver {
  private current: SenderState;
  private readonly timers = new Map<SenderTimer, ReturnType<typeof setTimeout>>();

  constructor(
    alarmId: string,
    level: AlarmLevel,
    drill: boolean,
    private readonly config: SenderConfig,
    private readonly onState: (state: SenderState) => void,
    private readonly onEscalate: (step: number) => void,
  ) {
    const start = startSender(alarmId, level, drill, config);
    this.current = start.state;
    this.run(start.effects);
  }

  get state(): SenderState {
    return this.current;
  }

  feed(input: SenderInput): void {
    const step = senderStep(this.current, input, this.config);
    const changed = step.state !== this.current;
    this.current = step.state;
    this.run(step.effects);
    if (changed) this.onState(this.current);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
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
