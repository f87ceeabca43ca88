import { openStore, type Store } from './db/open-store.js';
import type { UpdateStatus } from '../../shared/updates/update-status.js';
import type { Migration } from './db/migrate.js';
import { DeviceStore } from './device/device-store.js';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers.js';
import { siteNames, wireIncidents } from './incident/wire-incidents.js';
import { ChecklistService } from './checklist/checklist-service.js';
import { FeedbackService } from './incident/feedback-service.js';
import { OrgThemeStore } from './theme/org-theme-store.js';
import { wireHouseRules } from './house-rules/wire-house-rules.js';
import { StaffService } from './staff/staff-service.js';
import { AlarmService } from './alarm/alarm-service.js';
import { LanManager, type LanNetwork } from './alarm/lan-manager.js';
import { SitePolicyStore } from './alarm/site-policy-store.js';
import type { SenderConfig } from '../../shared/alarm/sender-machine.js';
import { inAlarmAudience } from '../../shared/alarm/audience.js';
import type { Logger } from './logger.js';
import { adoptSecret, CREDENTIAL_SECRET, legacyFileVault, storeVault, WARNING_KEYS_SECRET, type CredentialVault } from './sync/credential-vault.js';
import type { StoreKeyOrBaseline } from './db/store-key.js';
import { WarningKeyring } from './warnings/warning-keys.js';
import { WarningService } from './warnings/warning-service.js';
import { AccessLog } from './warnings/access-log.js';
import { ReplicaStore } from './sync/replica-store.js';
import { FactRefreshLoop } from './analytics/analytics-facts.js';
import { replicaIndexes } from './replica-indexes.js';
import { SyncService } from './sync/sync-service.js';
import { BenchmarkService } from './analytics/benchmark-service.js';
import { ENROLMENT_KEY_SECRET, startTokenEnrolment } from './sync/token-enrolment.js';
import { defaultMachineConfig, isLocked, type MachineConfig } from '../../shared/deployment/machine-config.js';

const WARNING_PURGE_MS = 60 * 60 * 1000;

export interface CoreOptions {
  dataDir: string;
  /** The local store's key: from the shell's keychain or the host's key file (docs/deployment.md). */
  storeKey: StoreKeyOrBaseline;
  logger: Logger;
  now?: () => Date;
  migrations?: readonly Migration[];
  /** Tests only: where the device credential is kept instead of the encrypted store. */
  vault?: CredentialVault;
  /** Where an earlier shell kept the device credential (its keychain file): moved into the store. */
  legacyCredential?: CredentialVault;
  fetchImpl?: typeof fetch;
  /** The alarm's LAN path: off when null; it opens once the site and its key are known. */
  lan?: LanNetwork | null;
  /** Tests only: fixed sender timing instead of the site's policy. */
  alarmConfig?: SenderConfig;
  /** Tests only: a faster readiness beat. */
  beatMs?: number;
  /** What IT set and locked for this PC (docs/deployment.md); none: nothing locked. */
  machineConfig?: MachineConfig;
  /** The desktop shell's updater state; without it (the web host, tests) the screen says the desktop app manages updates. */
  updateStatus?: () => UpdateStatus;
  /** Where the key of a token enrolment waits until the PC is enrolled: in the encrypted store by default. */
  enrolmentKeyVault?: CredentialVault;
  /** Tests only: how often a PC waiting for approval asks again (default a minute). */
  enrolmentRetryMs?: number;
}

/** Everything that matters, under plain Node: the shell and the web host are only transports. */
export interface Core {
  readonly dispatch: Dispatch;
  /** The real handlers, for tests that swap one for a misbehaving twin. */
  readonly handlers: Handlers;
  readonly bus: EventBus;
  readonly store: Store;
  readonly replica: ReplicaStore;
  readonly sync: SyncService;
  readonly alarms: AlarmService;
  /** For the host's `--reset-admin`, run by someone with access to this PC. */
  readonly staff: StaffService;
  /** A named secret inside the encrypted store (the host keeps its display token there). */
  secret(name: string): CredentialVault;
  /** Deletes ended warnings' personal data now (it also runs hourly and after each pull); returns how many. */
  purgeWarnings(): number;
  close(): Promise<void>;
}

/** No updater here: the web host and a browser get their updates from whoever runs the host. */
const noUpdater = (): UpdateStatus => ({ kind: 'browser', currentVersion: null });

export function openCore({ dataDir, storeKey, logger, now = () => new Date(), migrations, vault, legacyCredential, fetchImpl, lan = null, alarmConfig, beatMs, machineConfig = defaultMachineConfig, enrolmentKeyVault, enrolmentRetryMs, updateStatus = noUpdater }: CoreOptions): Core {
  const store = openStore(migrations ? { dataDir, key: storeKey, migrations } : { dataDir, key: storeKey });
  if (store.convertedFromClear) logger.warn({ file: store.file }, 'the clear store of an earlier release is now encrypted');
  const secret = (name: string) => storeVault(store.write, store.read, name, now);
  const credentialVault = vault ?? secret(CREDENTIAL_SECRET);
  const warningKeyVault = secret(WARNING_KEYS_SECRET);
  const enrolmentKeys = enrolmentKeyVault ?? secret(ENROLMENT_KEY_SECRET);
  // Earlier releases kept these in clear files (and the shell its credential in a keychain file).
  for (const old of [legacyFileVault(dataDir, CREDENTIAL_SECRET), ...(legacyCredential ? [legacyCredential] : [])]) adoptSecret(credentialVault, old);
  adoptSecret(warningKeyVault, legacyFileVault(dataDir, WARNING_KEYS_SECRET));
  const device = new DeviceStore(store.write, store.read, now);
  device.ensureDevice();
  // IT's language: always when locked, else only on a PC nobody has set up yet.
  if (machineConfig.language && (isLocked(machineConfig, 'language') || device.status('unconfigured').settingsUpdatedAt === null)) device.setLocale(machineConfig.language);
  const bus = new EventBus(logger);
  const sitePolicies = new SitePolicyStore(store.write, store.read, now);
  const scope = () => device.scope();
  const siteId = () => scope()?.siteId ?? null;

  const { facts: analyticsFacts, indexes } = replicaIndexes(store.write);
  const factRefresh = new FactRefreshLoop(analyticsFacts, (error) => logger.error({ err: error }, 'analytics facts could not be derived in the background; the next read tries again'));
  const replica = new ReplicaStore(store.write, store.read, device.deviceId(), now, indexes);
  const staff = new StaffService(replica, store.write, store.read, scope, now);
  const houseRules = wireHouseRules({ store, replica, device, bus, scope, now, logger });
  const keyring = new WarningKeyring(warningKeyVault);
  const accessLog = new AccessLog(replica, store.write, () => device.deviceId(), () => device.identity('')?.desk ?? '', now);
  const warnings = new WarningService({ replica, read: store.read, keyring, log: accessLog, scope, now });
  const purgeWarnings = () => {
    try {
      if (warnings.purge() > 0) sync.changed();
    } catch (error) {
      logger.error({ err: error }, 'warning purge failed; it runs again within the hour');
    }
  };
  const sync: SyncService = new SyncService({
    replica,
    vault: credentialVault,
    write: store.write,
    deviceId: () => device.deviceId(),
    // The address an administrator saved, else the one IT deployed.
    serverUrl: () => device.serverUrl() || (machineConfig.serverUrl ?? ''),
    adoptEnrolment: (enrolment) => device.adoptEnrolment(enrolment),
    desk: () => device.desk(),
    logger,
    now,
    // Called only after construction, so `sync` is set by then.
    onChange: () => {
      bus.emit('sync.statusChanged', sync.status());
      connectionChanged();
      factRefresh.schedule();
    },
    onSitePolicy: (policy) => {
      const site = siteId();
      if (!site) return;
      sitePolicies.save(site, policy);
      void lanManager?.update(scope(), policy);
    },
    onPacStatus: ({ alarm_id, state }) => alarms.pacStatus(alarm_id, state),
    onWarningKeys: (keys) => keyring.replace(keys),
    onLinkChange: () => {
      alarms.pathsChanged();
      connectionChanged();
    },
    // Staff rows from other PCs may change who is who at this desk.
    onPulled: () => {
      staffChanged();
      houseRules.refresh();
      // Another desk may have set the organisation's logo or colours.
      bus.emit('orgTheme.changed', {});
      purgeWarnings();
    },
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  // Staff that arrive by sync or with an enrolment end set-up mode on open pages too, not only on the next call.
  const staffChanged = () => {
    const before = JSON.stringify(staff.session());
    staff.invalidate();
    const after = staff.session();
    if (JSON.stringify(after) !== before) bus.emit('session.changed', after);
  };
  // The connection line on the first screen follows the sync state and the realtime socket.
  const connectionChanged = () => bus.emit('device.statusChanged', device.status(sync.connection()));
  const alarms = new AlarmService({
    replica,
    config: () => alarmConfig ?? sitePolicies.senderConfig(siteId()),
    bus,
    cancelMode: (pin) => staff.cancelMode(pin),
    // Without a policy from the server (not yet fetched, or a key file) only the server's
    // fan-out, which applies the same rule, or this organisation's own key can have brought a message.
    inAudience: (origin, candidate) => {
      const site = siteId();
      const audience = site ? sitePolicies.audience(site) : null;
      return audience ? inAlarmAudience(audience, origin, candidate) : true;
    },
    ...(beatMs ? { beatMs } : {}),
    logger,
    now,
    identity: () => device.identity(staff.session().staff?.displayName ?? ''),
    onRecorded: () => sync.changed(),
  });
  alarms.attach('server', sync.alarmPath);
  const lanManager = lan ? new LanManager(lan, logger, (path) => alarms.attach('lan', path)) : null;
  // Settings or an enrolment may name another site or organisation: its staff, its LAN keys.
  let lanScope: string | null = null;
  const scopeChanged = () => {
    staffChanged();
    houseRules.refresh();
    const current = scope();
    const key = current ? `${current.organisationId}:${current.siteId}` : null;
    if (key === lanScope) return;
    lanScope = key;
    void lanManager?.update(current, current ? sitePolicies.get(current.siteId) : null);
  };
  scopeChanged();
  const benchmark = new BenchmarkService({ read: store.read, facts: analyticsFacts, server: () => sync.server(), organisation: () => scope()?.organisationId ?? null, now, logger });
  const incidents = wireIncidents({ store, replica, device, bus, scope, now });
  const handlers = createHandlers({ device, bus, sync, alarms, staff, scopeChanged, machineConfig, updateStatus, incidents, houseRules: houseRules.handlers,
    warnings: { warnings, scope, changed: () => sync.changed() },
    analytics: { read: store.read, write: store.write, facts: analyticsFacts, scope, now, siteName: siteNames(store) },
    checklist: new ChecklistService({ replica, read: store.read, scope, now }),
    feedback: new FeedbackService({ replica, read: store.read, queries: incidents.queries, scope, now }),
    orgTheme: { themes: new OrgThemeStore(replica, store.read), bus, scope, changed: () => sync.changed() },
    benchmark,
  });
  const dispatch = createDispatcher(handlers, logger, (caller) => staff.resolve(caller));
  const purgeTimer = setInterval(purgeWarnings, WARNING_PURGE_MS);
  purgeTimer.unref();
  purgeWarnings();
  sync.start();
  benchmark.start();
  const tokenEnrolment = startTokenEnrolment({ sync, config: machineConfig, keyVault: enrolmentKeys, logger, ...(enrolmentRetryMs ? { retryMs: enrolmentRetryMs } : {}) });
  logger.info({ file: store.file, schema: store.schema }, 'core ready');
  return {
    dispatch,
    handlers,
    bus,
    store,
    replica,
    sync,
    alarms,
    staff,
    secret,
    purgeWarnings: () => warnings.purge(),
    async close() {
      factRefresh.stop();
      clearInterval(purgeTimer);
      benchmark.stop();
      tokenEnrolment.stop();
      alarms.dispose();
      await lanManager?.close();
      await sync.stop();
      store.close();
    },
  };
}
