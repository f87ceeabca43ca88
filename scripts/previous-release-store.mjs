// Regenerates tests/fixtures/stores/0.1.0-0166e23-clear.*: a desk's data directory exactly as the
// last release before the encrypted store (commit 0166e23, version 0.1.0) left it, made by that
// release's own code: its core, contract and server. See tests/fixtures/stores/README.md.
//
//   node scripts/previous-release-store.mjs
//
// It unpacks the commit into a temporary folder (git archive), links this checkout's
// node_modules into it (that release's packages are a subset at the same pinned versions), and
// runs itself there under tsx with --inside, importing the old modules from the unpacked tree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const RELEASE = '0.1.0-0166e23';
const COMMIT = '0166e23';
const fixtures = path.resolve('tests/fixtures/stores');

if (process.argv[2] === '--inside') {
  await generate(process.argv[3]);
} else {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), `vangnet-${RELEASE}-`));
  try {
    execFileSync('bash', ['-c', `git archive ${COMMIT} | tar -x -C "${tree}"`], { stdio: 'inherit' });
    fs.symlinkSync(path.resolve('node_modules'), path.join(tree, 'node_modules'), 'dir');
    fs.copyFileSync(import.meta.filename, path.join(tree, 'generate.mjs'));
    execFileSync(path.resolve('node_modules/.bin/tsx'), ['generate.mjs', '--inside', fixtures], { cwd: tree, stdio: 'inherit' });
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

/** Runs in the unpacked old tree: everything below is that release's code. */
async function generate(out) {
  const load = (file) => import(pathToFileURL(path.resolve(file)).href);
  const { openCore } = await load('main/core/core.ts');
  const { silentLogger } = await load('main/core/logger.ts');
  const { startServer } = await load('server/src/start.ts');
  const { Directory } = await load('server/src/tenancy/directory.ts');
  const { defaultContent } = await load('shared/house-rules/default-texts.ts');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-old-desk-'));
  const dataDir = path.join(work, 'desk');
  const server = await startServer({ storage: { kind: 'sqlite', file: path.join(work, 'server.sqlite') }, host: '127.0.0.1', port: 0, adminToken: undefined, rateLimitPerMinute: 100_000, logLevel: 'silent', beaconFlushMs: 20 });
  const directory = new Directory(server.store.db);
  const organisation = await directory.createOrganisation('Gemeente Zwolle');
  const site = await directory.createSite('Stadskantoor');
  await directory.hostAt(organisation.id, site.id);
  const { code } = await directory.createEnrolmentCode(organisation.id, site.id);

  const core = openCore({ dataDir, logger: silentLogger() });
  const desk = { role: 'admin', session: 'desk' };
  const call = async (name, input) => {
    const result = await core.dispatch(desk, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  await call('settings.update', { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 3 (release 0.1.0)', floor: '1', serverUrl: server.url });
  // Enrolled first: staff and records then belong to the organisation's scope from the start.
  await call('sync.enrol', { code });
  const staff = {};
  for (const [key, displayName, role] of [['admin', 'Beheer', 'admin'], ['coordinator', 'Carla Coördinator', 'coordinator'], ['anna', 'Anna de Vries', 'counter']]) {
    staff[key] = await call('staff.create', { displayName, role, pin: '1234' });
    // The first member ends set-up mode: the administrator signs in to add the others.
    if (key === 'admin') await call('session.signIn', { staffId: staff.admin.id, pin: '1234' });
  }
  await call('session.signIn', { staffId: staff.coordinator.id, pin: '1234' });

  const content = defaultContent('Gemeente Zwolle');
  const weOffer = 'Welkom aan de balie van release 0.1.0.';
  await call('houseRules.publish', { content: { ...content, texts: { ...content.texts, nl: { ...content.texts.nl, weOffer } } }, startsAt: null, thisSiteOnly: false });
  const incident = await call('incident.quickLog', { forms: ['threat'] });
  await call('incident.update', { id: incident.id, patch: { narrative: 'Bezoeker dreigde met slaan (vastgelegd door release 0.1.0).', location: 'Spreekkamer 2' } });
  const pushed = await call('sync.now', {});
  if (pushed.pending !== 0) throw new Error(`expected everything pushed, ${pushed.pending} pending: ${pushed.lastError}`);
  // One change the server never got: it waits in the outbox for the next push.
  await call('incident.update', { id: incident.id, patch: { witnesses: 'Anna de Vries (niet verzonden)' } });

  const expected = {
    release: RELEASE,
    commit: COMMIT,
    device: await call('device.status', {}),
    staff: await call('staff.list', {}),
    incident: await call('incident.get', { id: incident.id }),
    houseRules: await call('houseRules.display', {}),
    sync: await call('sync.status', {}),
  };
  await core.close();
  await server.close();

  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(dataDir, 'vangnet.sqlite'), path.join(out, `${RELEASE}-clear.sqlite`));
  fs.copyFileSync(path.join(dataDir, 'device-credential'), path.join(out, `${RELEASE}-clear.device-credential`));
  fs.writeFileSync(path.join(out, `${RELEASE}-clear.json`), `${JSON.stringify(expected, null, 2)}\n`);
  const left = fs.readdirSync(dataDir).filter((name) => !['vangnet.sqlite', 'device-credential'].includes(name));
  console.log(`wrote ${RELEASE}-clear.{sqlite,device-credential,json} to ${out}; not copied (must be none or empty side files): ${left.join(', ') || 'none'}`);
  fs.rmSync(work, { recursive: true, force: true });
}
