import { ContractFailure } from '../../../shared/contract/result.js';
import type { ConnectionState } from '../../../shared/domain/directory.js';
import type { SyncStatus } from '../../../shared/domain/sync-status.js';
import { enrolPendingSchema, enrolResponseSchema, syncErrorBodySchema, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EnrolInput } from '../../../shared/domain/sync-status.js';
import type { Enrolment } from '../device/device-store.js';
import type { Logger } from '../logger.js';
import type { CredentialVault } from './credential-vault.js';
import { openRealtimeLink, type RealtimeLink } from './realtime-link.js';
import type { PathMessage, PeerBeat } from '../../../shared/alarm/readiness.js';
import type { AlarmPath } from '../alarm/alarm-path.js';
import type { ReplicaStore } from './replica-store.js';
import { SyncEngine } from './sync-engine.js';
import { httpTransport, type HttpSyncTransport } from './transport.js';
import type { SitePolicy } from '../../../shared/alarm/site-policy.js';
import type { PacStatus } from '../../../shared/alarm/pac-status.js';
import type { WarningKeys } from '../../../shared/warnings/warning.js';

export interface SyncServiceDeps {
  replica: ReplicaStore;
  vault: CredentialVault;
  write: Database;
  deviceId: () => string;
  serverUrl: () => string;
  /** Points the device's directory at the organisation and site the server bound it to, with the desk's name and the server. */
  adoptEnrolment: (enrolment: Enrolment) => void;
  /** The desk's name and floor as set now (null before the first settings or enrolment). */
  desk: () => { name: string; floor: string } | null;
  logger: Logger;
  onChange: () => void;
  /** Rows from other PCs were folded in (staff among them). */
  onPulled: () => void;
  /** The server gave the site's alarm policy (on every connection, so changes arrive). */
  onSitePolicy: (policy: SitePolicy) => void;
  /** The realtime socket opened or closed: the alarm's server path with it. */
  onLinkChange: () => void;
  /** The server's word on forwarding one of this device's alarms to the alarm receiving centre. */
  onPacStatus?: (status: PacStatus) => void;
  /** The keys of agreements under which partners share warnings with this organisation. */
  onWarningKeys?: (keys: WarningKeys) => void;
  now: () => Date;
  fetchImpl?: typeof fetch;
}

const SITE_POLICY_REFRESH_MS = 5 * 60_000;

/** Owns the sync engine and the realtime link for as long as the device is enrolled. */
export class SyncService {
  private engine: SyncEngine | null = null;
  private link: RealtimeLink | null = null;
  private transport: HttpSyncTransport | null = null;
  private policyTimer: ReturnType<typeof setInterval> | null = null;
  private readonly alarmListeners = new Set<(message: PathMessage) => void>();
  private readonly beatListeners = new Set<(beat: PeerBeat) => void>();

  /** The alarm's server path rides on the realtime socket this service keeps open. */
  readonly alarmPath: AlarmPath = serverAlarmPath(() => this.link, this.alarmListeners, this.beatListeners);

  constructor(private readonly deps: SyncServiceDeps) {}

  start(): void {
    const credential = this.deps.vault.read();
    const serverUrl = this.deps.serverUrl();
    if (!credential || !serverUrl || !this.enrolledAt()) return;
    const onChange = () => this.deps.onChange();
    const transport = httpTransport(serverUrl, credential, this.deps.fetchImpl);
    this.transport = transport;
    this.engine = new SyncEngine({ store: this.deps.replica, transport, logger: this.deps.logger, onChange, onPulled: () => this.deps.onPulled(),
      // Without this a PC whose server came back shows "not connected" (and has no server alarm path) for up to 30 s.
      onRoundSucceeded: () => {
        this.link?.retryNow();
        void this.refreshWarningKeys();
      },
    });
    // A rotated key or a new agreement reaches PCs whose socket stays open for days.
    this.policyTimer = setInterval(() => {
      if (this.link?.open) void this.refreshSitePolicy();
    }, SITE_POLICY_REFRESH_MS);
    this.policyTimer.unref();
    this.link = openRealtimeLink(
      serverUrl,
      credential,
      {
        onPoke: () => this.engine?.requestSync(),
        onAlarm: (message) => this.alarmListeners.forEach((listener) => listener(message)),
        onPeerBeat: (beat) => this.beatListeners.forEach((listener) => listener(beat)),
        onPacStatus: (status) => this.deps.onPacStatus?.(status),
        onOpen: () => {
          this.deps.onLinkChange();
          void this.refreshSitePolicy();
        },
        onClose: () => this.deps.onLinkChange(),
      },
      this.deps.logger,
    );
    this.engine.start();
  }

  async stop(): Promise<void> {
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = null;
    this.transport = null;
    this.link?.close();
    this.link = null;
    await this.engine?.stop();
    this.engine = null;
  }

  /** A local write was queued: push it soon. */
  changed(): void {
    this.engine?.requestSync();
    this.deps.onChange();
  }

  async syncNow(): Promise<void> {
    await this.engine?.syncNow();
  }

  /** One step: the server answers with the organisation and site the code was made for; the desk brings its name. */
  async enrol(input: EnrolInput): Promise<void> {
    if (this.enrolledAt()) throw new ContractFailure('CONFLICT', 'already_enrolled: this PC is enrolled; a PC enrols once (a revoked one is reinstalled)');
    const serverUrl = input.serverUrl ?? this.deps.serverUrl();
    if (!serverUrl) throw new ContractFailure('INVALID_INPUT', 'serverUrl: required');
    const current = this.deps.desk();
    const desk = { name: input.deskName ?? current?.name ?? '', floor: input.floor ?? current?.floor ?? '' };
    if (!desk.name) throw new ContractFailure('INVALID_INPUT', 'deskName: required');
    const response = await this.post(serverUrl, '/v1/enrol', { code: input.code, device_id: this.deps.deviceId(), device_name: desk.name, schema_version: SYNC_SCHEMA_VERSION });
    await this.adopt(response.body, desk, serverUrl);
  }

  /**
   * Enrolment by the organisation's token from the machine-wide configuration: asks, and answers
   * 'pending' until an administrator approved this PC on the server; then enrols as a code would.
   * The request key proves on every ask that this is the PC that asked first.
   */
  async enrolWithToken(token: string, requestKey: string): Promise<'pending' | 'enrolled'> {
    const serverUrl = this.deps.serverUrl();
    if (!serverUrl) throw new ContractFailure('INVALID_INPUT', 'the machine-wide configuration names no server address');
    const current = this.deps.desk();
    const desk = { name: current?.name || `Vangnet ${this.deps.deviceId().slice(-6)}`, floor: current?.floor ?? '' };
    const response = await this.post(serverUrl, '/v1/enrol/request', { token, device_id: this.deps.deviceId(), device_name: desk.name, request_key: requestKey, schema_version: SYNC_SCHEMA_VERSION });
    if (response.status === 202 && enrolPendingSchema.safeParse(response.body).success) return 'pending';
    await this.adopt(response.body, desk, serverUrl);
    return 'enrolled';
  }

  private async adopt(body: unknown, desk: { name: string; floor: string }, serverUrl: string): Promise<void> {
    const parsed = enrolResponseSchema.safeParse(body);
    if (!parsed.success) throw new ContractFailure('SERVER_UNREACHABLE', 'the server answered, but not as a Vangnet server');
    const enrolled = parsed.data;
    await this.stop();
    this.deps.vault.write(enrolled.credential);
    this.deps.write.transaction(() => {
      this.deps.adoptEnrolment({ organisation: enrolled.organisation, site: enrolled.site, desk, serverUrl });
      this.deps.write
        .prepare('UPDATE sync_state SET organisation_id = ?, site_id = ?, enrolled_at = ?, epoch = ?, cursor = 0, last_error = NULL WHERE id = 1')
        .run(enrolled.organisation.id, enrolled.site.id, this.deps.now().toISOString(), enrolled.epoch);
    })();
    this.start();
    this.deps.onChange();
  }

  /** The server, while this PC is enrolled and syncing: for requests beside replication (the benchmark). */
  server(): HttpSyncTransport | null {
    return this.transport;
  }

  /** Whether this PC holds a credential from a server (its organisation and site are then the server's). */
  enrolled(): boolean {
    return this.enrolledAt() !== null;
  }

  status(): SyncStatus {
    const state = this.deps.replica.syncState();
    const enrolledAt = this.enrolledAt();
    return {
      phase: this.phase(enrolledAt),
      lastSyncAt: state.last_sync_at,
      pending: this.deps.replica.pendingCount(),
      rejected: this.deps.replica.rejectionCount(),
      lastError: state.last_error,
      enrolledAt,
    };
  }

  connection(): ConnectionState {
    if (this.deps.serverUrl() === '') return 'unconfigured';
    switch (this.phase(this.enrolledAt())) {
      // Connected means the realtime socket is open too: without it no alarm goes through the server.
      case 'idle':
        return this.alarmPath.open ? 'online' : 'not_connected';
      case 'syncing':
        return this.deps.replica.syncState().last_sync_at && this.alarmPath.open ? 'online' : 'connecting';
      case 'error':
      case 'incompatible':
      case 'revoked':
        return 'error';
      default:
        return 'not_connected';
    }
  }

  private phase(enrolledAt: string | null): SyncStatus['phase'] {
    if (!this.deps.serverUrl()) return 'unconfigured';
    if (!enrolledAt || !this.engine) return 'unenrolled';
    return this.engine.phase;
  }

  private enrolledAt(): string | null {
    return this.deps.write.prepare('SELECT enrolled_at FROM sync_state WHERE id = 1').pluck().get() as string | null;
  }

  /** Fetches the site's alarm policy now (keys, agreements, escalation); a failure keeps the last one. */
  async refreshSitePolicy(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    try {
      this.deps.onSitePolicy(await transport.sitePolicy());
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not fetch the site alarm policy; keeping the last one');
    }
  }

  /** An ended agreement's key goes with the next round; a failure keeps the keys we have (offline lookups). */
  async refreshWarningKeys(): Promise<void> {
    const transport = this.transport;
    if (!transport || !this.deps.onWarningKeys) return;
    try {
      this.deps.onWarningKeys(await transport.warningKeys());
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not fetch the warning keys; keeping the last ones');
    }
  }

  /** An enrolment request; a refusal becomes ENROLMENT_REFUSED with the server's reason. */
  private async post(serverUrl: string, route: string, request: object): Promise<{ status: number; body: unknown }> {
    const fetchImpl = this.deps.fetchImpl ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(`${serverUrl.replace(/\/+$/, '')}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ContractFailure('SERVER_UNREACHABLE', `cannot reach ${serverUrl}: ${(error as Error).message}`);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = syncErrorBodySchema.safeParse(body);
      throw new ContractFailure('ENROLMENT_REFUSED', parsed.success ? parsed.data.error.message : `the server answered HTTP ${response.status}`);
    }
    return { status: response.status, body };
  }
}

function serverAlarmPath(link: () => RealtimeLink | null, listeners: Set<(message: PathMessage) => void>, beatListeners: Set<(beat: PeerBeat) => void>): AlarmPath {
  return {
    get open() {
      return link()?.open ?? false;
    },
    send: (message) => (link()?.sendAlarm(message) ? Promise.resolve() : Promise.reject(new Error('not connected to the server'))),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onPeerBeat: (listener) => {
      beatListeners.add(listener);
      return () => beatListeners.delete(listener);
    },
  };
}
