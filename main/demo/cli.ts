import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../core/logger.js';
import { demoUsage, parseDemoArgs } from './args.js';
import { ProcessGroup, startServer } from './processes.js';
import { buildDemo, DESKS, STAFF, type DemoWorld } from './scenario.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One line per role, in Dutch and English: who opens which link. */
function links(world: DemoWorld): { role: string; url: string }[] {
  const label: Record<(typeof DESKS)[number]['key'], string> = {
    desk1: 'Balie 1 (baliemedewerker / counter worker)',
    desk2: 'Balie 2 (baliemedewerker / counter worker)',
    coordinator: 'Teamleider (coördinator / coordinator)',
    partner: 'UWV balie (partnerorganisatie / partner organisation)',
  };
  return [
    ...DESKS.map((desk) => ({ role: label[desk.key], url: world.desks[desk.key].operatorUrl })),
    { role: 'Wachtkamer-tv, huisregels (TV display, house rules)', url: world.displayUrl },
    { role: 'Centrale server, status (central server, health)', url: `${world.server.url}/health` },
  ];
}

function report(world: DemoWorld, dataDir: string): string {
  const roleName = { admin: 'beheerder / administrator', coordinator: 'coördinator / coordinator', counter: 'baliemedewerker / counter worker' } as const;
  return [
    'Vangnet demo draait / is running.',
    '',
    ...links(world).flatMap(({ role, url }) => [`  ${role}:`, `    ${url}`]),
    '',
    'Medewerkers en pincodes (staff and PINs; aanmelden rechtsboven / sign in at the top right):',
    ...STAFF.map((member) => `  ${member.organisation.padEnd(16)} ${member.displayName.padEnd(14)} ${roleName[member.role].padEnd(34)} PIN ${member.pin}`),
    '',
    `${world.incidents} incidenten van het afgelopen jaar bij de coördinator (incidents of the past year, for the coordinator).`,
    `Gegevens / data: ${dataDir}`,
    'Stoppen met Ctrl+C (stop with Ctrl+C).',
  ].join('\n');
}

async function main(): Promise<number> {
  const parsed = parseDemoArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`vangnet demo: ${parsed.message}\n\n${demoUsage}`);
    return 2;
  }
  const { options } = parsed;
  if (options.help) {
    console.log(demoUsage);
    return 0;
  }
  const temporary = options['data-dir'] === undefined;
  const dataDir = options['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-demo-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const logger = createLogger('vangnet-demo', process.env['VANGNET_LOG_LEVEL'] ?? 'warn');
  const group = new ProcessGroup(repoRoot);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await group.stopAll();
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  // A signal during set-up stops what has started so far too.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const started = buildDemo(group, startServer(group, path.join(dataDir, 'server'), randomBytes(24).toString('base64url')), dataDir, options, logger);
  const first = await Promise.race([started.then((world) => ({ world }), (error: unknown) => ({ error })), signalled.then((signal) => ({ signal }))]);
  if ('signal' in first) {
    started.catch(() => undefined);
    await stop();
    return 0;
  }
  if ('error' in first) {
    await stop();
    console.error('vangnet demo: could not start:', first.error instanceof Error ? first.error.message : first.error);
    return 1;
  }
  const { world } = first;
  const readyFile = options['ready-file'];
  if (readyFile) {
    const temp = `${readyFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ links: links(world), desks: world.desks, displayUrl: world.displayUrl, serverUrl: world.server.url, staff: STAFF, pids: group.pids(), pid: process.pid }), { mode: 0o600 });
    fs.renameSync(temp, readyFile);
  }
  console.log(report(world, dataDir));
  await signalled;
  console.log('Vangnet demo stopt / is stopping…');
  await stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('vangnet demo: failed:', error);
    process.exit(1);
  },
);
