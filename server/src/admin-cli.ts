import { adminUsage, parseAdminArgs, type AdminValues } from './admin-args.js';
import { serverConfigFromEnv } from './config.js';
import { openServerDatabase } from './db/connect.js';
import { keyRotationSchema, sitePolicyUpdateSchema } from '../../shared/alarm/site-policy.js';
import { rotateAlarmKey } from './tenancy/alarm-keys.js';
import { Directory, TenancyError } from './tenancy/directory.js';
import { updateSitePolicy } from './tenancy/site-policy.js';
import { pacConfigUpdateSchema, readPacConfigView, updatePacConfig } from './pac/pac-config.js';

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

const store = await openServerDatabase(serverConfigFromEnv(process.env).storage);
const directory = new Directory(store.db);
try {
  const result = await (async () => {
    switch (command) {
      case 'create-organisation': return directory.createOrganisation(need('name'));
      case 'create-site': return directory.createSite(need('name'));
      case 'host': return directory.hostAt(need('organisation'), need('site')).then(() => ({ ok: true }));
      case 'agreement': return { id: await directory.createAgreement({ siteId: need('site'), from: need('from'), to: need('to'), shareAlarms: values['share-alarms'], shareWarnings: values['share-warnings'], toSiteId: values['to-site'] ?? null }) };
      case 'rotate-alarm-key': {
        const rotation = keyRotationSchema.safeParse(values.grace === undefined ? {} : { grace_s: Number(values.grace) });
        if (!rotation.success) throw new TenancyError('BAD_REQUEST', '--grace must be a whole number of seconds, 0..1209600');
        return rotateAlarmKey(store.db, need('organisation'), rotation.data.grace_s, new Date());
      }
      case 'enrolment-code': return directory.createEnrolmentCode(need('organisation'), need('site'), values.hours);
      case 'devices': return directory.listDevices();
      case 'revoke': return directory.revokeDevice(need('device')).then(() => ({ ok: true }));
      case 'alarm-policy': {
        const update = sitePolicyUpdateSchema.safeParse({ escalation_after_s: Number(need('escalation-after')), groups: Number(need('groups')) });
        if (!update.success) throw new TenancyError('BAD_REQUEST', '--escalation-after must be 5..600 seconds and --groups 1..3');
        const { escalation_after_s, groups } = await updateSitePolicy(store.db, need('site'), update.data, new Date());
        return { escalation_after_s, groups };
      }
      case 'pac': {
        if ([values.host, values.port, values.account].every((value) => value === undefined)) return readPacConfigView(store.db, need('site'));
        const optional = (flag: keyof typeof values, field: string, as: (text: string) => unknown = (text) => text) => (typeof values[flag] === 'string' ? { [field]: as(values[flag]) } : {});
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
        return updatePacConfig(store.db, need('site'), update.data, new Date());
      }
      default: throw new TenancyError('BAD_REQUEST', `unknown command ${command ?? '(none)'}\n${adminUsage}`);
    }
  })();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`vangnet admin: ${error instanceof TenancyError ? `${error.code}: ${error.message}` : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await store.close();
}
