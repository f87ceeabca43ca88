import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST_PORT, parseHostArgs } from '../../../../main/host/cli-options.js';

describe('web host command line', () => {
  it('defaults to loopback on the default port', () => {
    expect(parseHostArgs([])).toMatchObject({ ok: true, options: { host: '127.0.0.1', port: DEFAULT_HOST_PORT } });
  });
  it('takes a data dir, port and ready file', () => {
    expect(parseHostArgs(['--data-dir', '/srv/v', '--port', '0', '--ready-file', '/tmp/r.json'])).toMatchObject({ ok: true, options: { 'data-dir': '/srv/v', port: 0 } });
  });
  it.each([[['--port', 'abc']], [['--port', '70000']], [['--frobnicate']], [['--port']]])('refuses %j with a message', (argv) => {
    const parsed = parseHostArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });
});
