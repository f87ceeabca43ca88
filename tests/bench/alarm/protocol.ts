/** What the bench's processes tell each other (over IPC) and write to each other (setup files). */

export interface BenchDevice {
  readonly id: string;
  readonly credential: string;
  readonly organisationId: string;
  readonly siteId: string;
}

/** Written by the server process once it listens and its devices exist. */
export interface ServerSetup {
  readonly url: string;
  readonly pid: number;
  readonly organisationId: string;
  /** Site 0 is where the sender works and its alarms are measured. */
  readonly sites: readonly { readonly siteId: string; readonly devices: readonly BenchDevice[] }[];
  /** A one-time enrolment code at site 0 for the sender's web host. */
  readonly code: string;
}

export type ToListeners =
  | { type: 'connect'; url: string; mode: 'vangnet' | 'raw'; devices: readonly BenchDevice[]; beaconMs: number }
  | { type: 'ping'; t0: number }
  | { type: 'close' };

export type FromListeners =
  | { type: 'connected'; count: number; failed: number }
  | { type: 'pong'; t0: number; t1: number }
  /** Arrival times (shared clock) of alarms at listeners: [alarm id, device id, time]. */
  | { type: 'heard'; hits: [string, string, number][] }
  | { type: 'closed' };
