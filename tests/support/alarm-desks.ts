import { expect } from 'vitest';
import { openCore, type Core } from '../../main/core/core.js';
import type { LanNetwork } from '../../main/core/alarm/lan-manager.js';
import { silentLogger, type Logger } from '../../main/core/logger.js';
import type { ResponderStatus, SenderStatus } from '../../shared/alarm/alarm-contract.js';
import type { Readiness } from '../../shared/alarm/readiness.js';
import type { SenderConfig } from '../../shared/alarm/sender-machine.js';
import type { Tenant, TestServer } from './sync-server.js';
import { tempDir } from './temp-dir.js';
import { until } from './until.js';
import { actAsScreen } from './alarm-screen.js';
import { inProcessApi } from './core.js';
import { TEST_STORE_KEY } from './test-keys.js';

export const admin = { role: 'admin', session: 't' } as const;
export const counter = { role: 'counter', session: 't' } as const;

export interface DeskOptions {
  group?: number;
  /** Whether a page is open on this PC that can show an alarm (default: yes). */
  screen?: boolean;
  lan?: LanNetwork | null;
  alarmConfig?: SenderConfig;
  beatMs?: number;
  /** A logger the test reads back (dropped datagrams are logged); silent by default. */
  logger?: Logger;
}

/** Real cores, each enrolled at a real server for one organisation and site. */
export class AlarmDesks {
  readonly cores: Core[] = [];

  constructor(private readonly t: TestServer) {}

  async desk(name: string, tenant: Tenant, { group = 1, lan = null, alarmConfig, beatMs, screen = true, logger = silentLogger() }: DeskOptions = {}): Promise<Core> {
    const core = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger, lan, ...(alarmConfig ? { alarmConfig } : {}), ...(beatMs ? { beatMs } : {}) });
    this.cores.push(core);
    await core.dispatch(admin, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: name, floor: '1', serverUrl: this.t.server.url, alarmGroup: group });
    const { code } = await this.t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    expect((await core.dispatch(admin, 'sync.enrol', { code })).ok).toBe(true);
    if (screen) await openScreen(core);
    return core;
  }

  async closeAll(): Promise<void> {
    for (const core of this.cores.splice(0)) await core.close();
  }
}

/** The realtime socket opens shortly after enrolment. */
export const connected = (core: Core) => until(() => core.sync.alarmPath.open);

/** Everything the alarm tells this core's screens, in order. */
export function listen(core: Core) {
  const sender: SenderStatus[] = [];
  const responder: ResponderStatus[] = [];
  const readiness: Readiness[] = [];
  core.bus.subscribe((event, payload) => {
    if (event === 'alarm.sender') sender.push(payload as SenderStatus);
    if (event === 'alarm.responder') responder.push(payload as ResponderStatus);
    if (event === 'alarm.readiness') readiness.push(payload as Readiness);
  });
  return { sender, responder, readiness };
}

/** A page that shows alarms on this PC; closing it is closing the tab. */
export async function openScreen(core: Core, session = `screen:${Math.random().toString(36).slice(2)}`): Promise<{ close(): void }> {
  const stop = await actAsScreen(inProcessApi(core, 'counter', session));
  return {
    close() {
      stop();
      core.alarms.screenGone(session);
    },
  };
}
