import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { adminUsage, parseAdminArgs, type AdminValues } from './admin-args.js';
import { ServerConfigError, serverConfigFromEnv } from './config.js';
import { backupServerStore, BackupError, restoreServerStore } from './db/backup.js';
import { openServerDatabase } from './db/connect.js';
import { keyRotationSchema, sitePolicyUpdateSchema } from '../../shared/alarm/site-policy.js';
import { rotateAlarmKey } from './tenancy/alarm-keys.js';
import { Directory, TenancyError } from './tenancy/directory.js';
import { updateSitePolicy } from './tenancy/site-policy.js';
import { notifyAccessChange } from './realtime/relay-bus.js';
import { auditQuerySchema, pacAuditDetail, readAdminLog, recordAdminAction, type AdminAction } from './tenancy/audit.js';
import { pacConfigUpdateSchema, readPacConfigView, updatePacConfig } from './pac/pac-config.js';
import { AlarmKeySeal, loadServerKey } from './tenancy/server-key.js';
import { verifyAccessChains } from './warnings/chain.js';

const args = parseAdminArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`vangnet admin: BAD_REQUEST: ${args.message}\n${adminUsage}\n`);
  process.exit(2);
}
const { command, values } = args;

function need(name: keyof AdminValues): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new TenancyError('BAD_REQUEST', `--${name} is required`);
  return value;
}

const config = serverConfigFromEnv(process.env);
const storage = config.storage;
// A backup reads the live file on its own connection; a restore must not open (and migrate) the store it replaces.
if (command === 'backup' || command === 'restore') {
  try {
    const target = values[command === 'backup' ? 'to' : 'from'];
    if (!target) throw new BackupError('BAD_REQUEST', `--${command === 'backup' ? 'to' : 'from'}=<file> is required`);
    const result = command === 'backup' ? await backupServerStore(storage, target) : restoreServerStore(storage, target);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`vangnet admin: ${error instanceof BackupError ? `${error.code}: ${error.message}` : String(error)}\n`);
    process.exitCode = 2;
  }
  process.exit();
}
const store = await openServerDatabase(config.storage);
const directory = new Directory(store.db);
const actor = `cli ${os.userInfo().username}@${os.hostname()}`;
/** Logs a change once it succeeded, with who made it (never a secret in `detail`). */
async function logged<T>(action: AdminAction, target: string | null | ((result: T) => string), detail: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const result = await work();
  await recordAdminAction(store.db, { actor, action, target: typeof target === 'function' ? target(result) : target, detail }, new Date());
  return result;
}
/** Servers on PostgreSQL close the sockets at once; on SQLite at their next periodic re-check. */
const accessEnded = async () => (await notifyAccessChange(store.db, store.dialect), { ok: true });
try {
  const result = await (async () => {
    switch (command) {
      case 'create-organisation': return logged('create-organisation', (made) => made.id, { name: need('name'), sector: values.sector ?? null }, () => directory.createOrganisation(need('name'), values.sector ?? null));
      case 'set-sector': return logged('set-sector', need('organisation'), { sector: need('sector') }, () => directory.setSector(need('organisation'), need('sector')));
      case 'create-site': return logged('create-site', (made) => made.id, { name: need('name') }, () => directory.createSite(need('name')));
      case 'host': return logged('host', need('organisation'), { site_id: need('site') }, () => directory.hostAt(need('organisation'), need('site')).then(() => ({ ok: true })));
      case 'agreement': {
        const input = { siteId: need('site'), from: need('from'), to: need('to'), shareAlarms: values['share-alarms'], shareWarnings: values['share-warnings'], shareHouseRules: values['share-house-rules'], toSiteId: values['to-site'] ?? null };
        return logged('agreement', (made) => made.id, input, async () => ({ id: await directory.createAgreement(input) }));
      }
      case 'rotate-alarm-key': {
        const rotation = keyRotationSchema.safeParse(values.grace === undefined ? {} : { grace_s: Number(values.grace) });
        if (!rotation.success) throw new TenancyError('BAD_REQUEST', '--grace must be a whole number of seconds, 0..1209600');
        return logged('rotate-alarm-key', need('organisation'), { grace_s: rotation.data.grace_s }, () => rotateAlarmKey(store.db, new AlarmKeySeal(loadServerKey(config)), need('organisation'), rotation.data.grace_s, new Date()));
      }
      case 'enrolment-code': return logged('enrolment-code', need('organisation'), { site_id: need('site'), valid_hours: values.hours }, () => directory.createEnrolmentCode(need('organisation'), need('site'), values.hours));
      case 'devices': return directory.listDevices();
      // The token itself is never logged: it enrols PCs (after approval) until it expires.
      case 'enrolment-token': return logged('enrolment-token', (made) => made.id, { site_id: need('site'), days: values.days }, () => directory.createEnrolmentToken(need('organisation'), need('site'), values.days));
      case 'pending-devices': return directory.pendingDevices();
      case 'approve-device': return logged('approve-device', need('device'), {}, () => directory.approveDevice(need('device'), actor).then(() => ({ ok: true })));
      case 'new-epoch': {
        // After a restore by other means (pg_restore): desks must learn the server lost data.
        const epoch = randomUUID();
        return logged('new-epoch', null, { epoch }, async () => (await store.db.updateTable('server_state').set({ epoch }).where('id', '=', 1).execute(), { epoch }));
      }
      case 'create-display': {
        const detail = { organisation_id: need('organisation'), site_id: need('site'), name: need('name') };
        // The credential is printed once, inside the link; the log keeps only who made which display.
        const made = await logged('create-display', (display) => display.id, detail, () => directory.createDisplay(detail.organisation_id, detail.site_id, detail.name));
        return { ...made, link: `${(values.url ?? 'http://<server address>').replace(/\/+$/, '')}${made.path}` };
      }
      case 'displays': return directory.listDisplays();
      case 'revoke-display': return logged('revoke-display', need('display'), {}, () => directory.revokeDisplay(need('display')).then(accessEnded));
      case 'revoke': return logged('revoke', need('device'), {}, () => directory.revokeDevice(need('device')).then(accessEnded));
      case 'disable-organisation': return logged('disable-organisation', need('organisation'), {}, () => directory.disableOrganisation(need('organisation')).then(accessEnded));
      case 'agreements': return directory.listAgreements();
      case 'end-agreement': return logged('end-agreement', need('agreement'), {}, () => directory.endAgreement(need('agreement')).then(accessEnded));
      case 'log': {
        const query = auditQuerySchema.safeParse({ ...(values.since === undefined ? {} : { since: values.since }), ...(values.limit === undefined ? {} : { limit: values.limit }) });
        if (!query.success) throw new TenancyError('BAD_REQUEST', '--since must be an ISO time (2026-11-30T08:00:00Z) and --limit 1..10000');
        return readAdminLog(store.db, query.data);
      }
      case 'verify-audit': {
        const verdict = await verifyAccessChains(store.db);
        // A broken chain is a finding, not a usage error: exit 1, with the entry named.
        if (verdict.firstBad) process.exitCode = 1;
        return verdict;
      }
      case 'alarm-policy': {
        const update = sitePolicyUpdateSchema.safeParse({ escalation_after_s: Number(need('escalation-after')), groups: Number(need('groups')) });
        if (!update.success) throw new TenancyError('BAD_REQUEST', '--escalation-after must be 5..600 seconds and --groups 1..3');
        const { escalation_after_s, groups } = await logged('alarm-policy', need('site'), update.data, () => updateSitePolicy(store.db, need('site'), update.data, new Date()));
        return { escalation_after_s, groups };
      }
      case 'pac': {
        if ([values.host, values.port, values.account].every((value) => value === undefined)) return readPacConfigView(store.db, need('site'));
        const optional = (flag: keyof AdminValues, field: string, as: (text: string) => unknown = (text) => text) => (typeof values[flag] === 'string' ? { [field]: as(values[flag]) } : {});
        if (values.enabled !== undefined && values.enabled !== 'true' && values.enabled !== 'false') throw new TenancyError('BAD_REQUEST', '--enabled must be true or false');
        const update = pacConfigUpdateSchema.safeParse({
          enabled: values.enabled !== 'false',
          host: need('host'),
          port: Number(need('port')),
          account: need('account'),
          ...optional('receiver', 'receiver'),
          ...optional('line', 'line_prefix'),
          ...optional('token', 'token'),
          ...optional('key', 'key', (text) => (text === 'none' ? null : text)),
          ...optional('supervision', 'supervision_s', Number),
        });
        if (!update.success) throw new TenancyError('BAD_REQUEST', update.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
        return logged('pac', need('site'), pacAuditDetail(update.data), () => updatePacConfig(store.db, need('site'), update.data, new Date()));
      }
      default: throw new TenancyError('BAD_REQUEST', `unknown command ${command ?? '(none)'}\n${adminUsage}`);
    }
  })();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`vangnet admin: ${error instanceof TenancyError || error instanceof ServerConfigError ? `${error.code}: ${error.message}` : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await store.close();
}
