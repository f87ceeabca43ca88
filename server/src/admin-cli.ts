import { adminUsage, parseAdminArgs, type AdminValues } from './admin-args.js';
import { serverConfigFromEnv } from './config.js';
import { openServerDatabase } from './db/connect.js';
import { sitePolicyUpdateSchema } from '../../shared/alarm/site-policy.js';
import { Directory, TenancyError } from './tenancy/directory.js';
import { updateSitePolicy } from './tenancy/site-policy.js';

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
      case 'agreement': return { id: await directory.createAgreement({ siteId: need('site'), from: need('from'), to: need('to'), shareAlarms: values['share-alarms'], shareWarnings: values['share-warnings'] }) };
      case 'enrolment-code': return directory.createEnrolmentCode(need('organisation'), need('site'), values.hours);
      case 'devices': return directory.listDevices();
      case 'revoke': return directory.revokeDevice(need('device')).then(() => ({ ok: true }));
      case 'alarm-policy': {
        const update = sitePolicyUpdateSchema.safeParse({ escalation_after_s: Number(need('escalation-after')), groups: Number(need('groups')) });
        if (!update.success) throw new TenancyError('BAD_REQUEST', '--escalation-after must be 5..600 seconds and --groups 1..3');
        const { escalation_after_s, groups } = await updateSitePolicy(store.db, need('site'), update.data, new Date());
        return { escalation_after_s, groups };
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
