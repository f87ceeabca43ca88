/**
 * Large frames from every bridge socket take turns, one per pass of the event loop. Between two
 * turns Node reads the sockets again, so a small frame that arrives meanwhile (every alarm call is
 * one) is handled before the next large one, however many are waiting.
 */
export interface FrameTurns {
  /** Runs `job` (which must not throw) in a later turn; a socket asks again for each frame, so sockets alternate. */
  take(job: () => void): void;
  clear(): void;
}

export function createFrameTurns(): FrameTurns {
  const queue: Array<() => void> = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(runOne);
  };
  const runOne = () => {
    scheduled = false;
    try {
      queue.shift()?.();
    } finally {
      schedule();
    }
  };
  return {
    take(job) {
      queue.push(job);
      schedule();
    },
    clear() {
      queue.length = 0;
    },
  };
}
