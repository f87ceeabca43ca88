import { describe, expect, it } from 'vitest';
import { crashClientArgv, parseCrashClientArgs, type CrashClientOptions } from '../../crash/crash-client-args.js';

const options: CrashClientOptions = {
  'data-dir': '/tmp/vangnet-crash-x',
  server: 'http://127.0.0.1:4790',
  credential: '-abcDEF_0123456789-xyz',
  'device-id': 'device-1',
  organisation: 'org-1',
  site: 'site-1',
  mode: 'sync',
  count: 3,
};

describe('crash client command line', () => {
  it('takes a credential (or any value) that starts with "-" as the value', () => {
    expect(parseCrashClientArgs(crashClientArgv(options))).toEqual({ ok: true, options });
    expect(parseCrashClientArgs(crashClientArgv({ ...options, credential: '--mode=write', 'data-dir': '-dir' }))).toMatchObject({ ok: true, options: { credential: '--mode=write', mode: 'sync', 'data-dir': '-dir' } });
  });

  it('builds every value glued to its flag, so none can be read as a flag', () => {
    const argv = crashClientArgv(options);
    expect(argv).toHaveLength(Object.keys(options).length);
    for (const arg of argv) expect(arg).toMatch(/^--[a-z-]+=/);
  });

  it('refuses a dash value given as a separate argument, and says how to write it', () => {
    const parsed = parseCrashClientArgs(['--credential', '-abc', '--data-dir=/d', '--server=http://x', '--device-id=d', '--organisation=o', '--site=s', '--mode=write']);
    expect(parsed).toMatchObject({ ok: false, message: expect.stringContaining("'--credential=-XYZ'") });
  });

  it.each([[['--mode=write']], [[...crashClientArgv(options), '--mode=crash']], [[...crashClientArgv(options), '--frobnicate=1']], [[...crashClientArgv(options), '--count=-1']]])('refuses %j with a message', (argv) => {
    const parsed = parseCrashClientArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });
});
