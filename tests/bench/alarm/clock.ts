import { performance } from 'node:perf_hooks';

/**
 * Milliseconds on one clock for every process of the bench. Each process's
 * `performance.timeOrigin` is the wall clock (CLOCK_REALTIME, in microseconds) at its start and
 * `performance.now()` the monotonic time since, so their sum is the system's wall clock with
 * monotonic resolution: the same kernel clock in every process on this machine, immune to
 * a process being descheduled between reading the clock and using it. Skew between
 * processes is measured at start (see `ping` in the listener processes) and reported.
 */
export const sharedClock = (): number => performance.timeOrigin + performance.now();
