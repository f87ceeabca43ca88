import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

interface DemoReady {
  links: { role: string; url: string }[];
  desks: Record<'desk1' | 'desk2' | 'coordinator' | 'partner', { operatorUrl: string; dataDir: string }>;
  displayUrl: string;
  staff: { displayName: string; pin: string; role: string }[];
  pids: number[];
  pid: number;
}

/** `npm run demo` as a user starts it (without the renderer build, which the e2e run makes first), with a smaller year. */
async function startDemo(): Promise<{ child: ChildProcess; ready: DemoReady; stderr: () => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-e2e-demo-'));
  const readyFile = path.join(dir, 'ready.json');
  const child = spawn(process.execPath, ['--import=tsx', 'main/demo/cli.ts', '--incidents=200', `--ready-file=${readyFile}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  // Five cold starts through tsx on a busy 2-core machine: a limit on waiting, not a measurement.
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the demo did not start in time: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, ready: JSON.parse(fs.readFileSync(readyFile, 'utf8')) as DemoReady, stderr: () => stderr };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function signedIn(browser: Browser, url: string, name: string, pin: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByLabel('Naam', { exact: true }).selectOption({ label: name });
  await page.getByLabel('Pincode').fill(pin);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByTestId('session')).toContainText(name);
  return page;
}

let demo: Awaited<ReturnType<typeof startDemo>> | null = null;
test.afterEach(() => {
  // A failed test leaves nothing running; a passed one has stopped it itself.
  if (demo && demo.child.exitCode === null) demo.child.kill('SIGKILL');
  for (const pid of demo?.ready.pids ?? []) if (alive(pid)) process.kill(pid, 'SIGKILL');
  demo = null;
});

test('npm run demo: two of its desks, signed in, alarm each other; Ctrl+C stops every process it started', async ({ browser }) => {
  test.setTimeout(150_000);
  demo = await startDemo();
  const { ready } = demo;
  expect(ready.links.map((link) => link.role)).toEqual(expect.arrayContaining([expect.stringContaining('Balie 1'), expect.stringContaining('coördinator'), expect.stringContaining('TV')]));
  const pin = (name: string) => ready.staff.find((member) => member.displayName === name)?.pin ?? '';
  const sender = await signedIn(browser, ready.desks.desk1.operatorUrl, 'Daan Jansen', pin('Daan Jansen'));
  const responder = await signedIn(browser, ready.desks.desk2.operatorUrl, 'Eva Bakker', pin('Eva Bakker'));
  await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 15_000 });

  await sender.keyboard.press('Control+Alt+N');
  const overlay = responder.getByRole('alertdialog');
  await expect(overlay).toBeVisible();
  await expect(overlay.getByRole('heading', { level: 1 })).toHaveText('NOOD – GEVAAR');
  await expect(overlay).toContainText('Balie 1');
  await expect(overlay).toContainText('Daan Jansen');
  await overlay.getByRole('button', { name: 'Ik kom' }).click();
  await expect(sender.getByTestId('sender-status')).toContainText('Eva Bakker komt');

  // Ctrl+C: the demo and every server and host process it started are gone, and so is its temporary folder.
  const exited = new Promise<number | null>((resolve) => demo?.child.once('exit', (code) => resolve(code)));
  demo.child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(ready.pids).toHaveLength(5);
  expect(ready.pids.filter(alive)).toEqual([]);
  expect(fs.existsSync(path.dirname(ready.desks.desk1.dataDir))).toBe(false);
});
