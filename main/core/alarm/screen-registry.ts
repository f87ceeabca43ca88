/**
 * The screens that can show an alarm right now: a browser page connected to the web host,
 * or the shell's window. A PC without one reaches nobody, so it must not count as a
 * responder or confirm delivery. A screen registers when it asks for the active alarms and
 * is gone the moment its transport closes (tab closed, window destroyed, socket dead).
 */
export class ScreenRegistry {
  private readonly screens = new Set<string>();

  constructor(private readonly onChange: (alive: boolean) => void) {}

  get alive(): boolean {
    return this.screens.size > 0;
  }

  attach(session: string): void {
    const before = this.alive;
    this.screens.add(session);
    if (!before) this.onChange(true);
  }

  gone(session: string): void {
    if (!this.screens.delete(session)) return;
    if (!this.alive) this.onChange(false);
  }
}
