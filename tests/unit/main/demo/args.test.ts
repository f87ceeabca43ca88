import { describe, expect, it } from 'vitest';
import { DEFAULT_INCIDENTS, parseDemoArgs } from '../../../../main/demo/args.js';

describe('npm run demo flags', () => {
  it('takes --flag=value and has defaults', () => {
    expect(parseDemoArgs([])).toEqual({ ok: true, options: { incidents: DEFAULT_INCIDENTS, seed: 2026, help: false } });
    expect(parseDemoArgs(['--incidents=200', '--seed=7', '--data-dir=/tmp/vangnet-demo', '--ready-file=/tmp/r.json'])).toEqual({
      ok: true,
      options: { incidents: 200, seed: 7, 'data-dir': '/tmp/vangnet-demo', 'ready-file': '/tmp/r.json', help: false },
    });
  });

  it('refuses what it cannot mean, with a message naming the flag', () => {
    expect(parseDemoArgs(['--data-dir=relative/path'])).toMatchObject({ ok: false, message: expect.stringContaining('--data-dir') });
    expect(parseDemoArgs(['--incidents=-5'])).toMatchObject({ ok: false, message: expect.stringContaining('--incidents') });
    expect(parseDemoArgs(['--incidents=many'])).toMatchObject({ ok: false, message: expect.stringContaining('--incidents') });
    expect(parseDemoArgs(['--port=1'])).toMatchObject({ ok: false });
    // A forgotten value is not taken from the next flag.
    expect(parseDemoArgs(['--data-dir', '--incidents=5'])).toMatchObject({ ok: false });
  });
});
