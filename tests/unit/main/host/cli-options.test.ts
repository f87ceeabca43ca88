import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST_PORT, parseHostArgs } from '../../../../main/host/cli-options.js';

describe('web host command line', () => {
  it('defaults to loopback on the default port', () => {
    expect(parseHostArgs([])).toMatchObject({ ok: true, options: { host: '127.0.0.1', port: DEFAULT_HOST_PORT } });
  });
  it('takes --key-file and --new-display-token', () => {
    expect(parseHostArgs(['--key-file=/etc/vangnet/store.key', '--new-display-token'])).toMatchObject({ ok: true, options: { 'key-file': '/etc/vangnet/store.key', 'new-display-token': true } });
    expect(parseHostArgs([])).toMatchObject({ ok: true, options: { 'new-display-token': false } });
    expect(parseHostArgs(['--key-file'])).toMatchObject({ ok: false, message: expect.stringContaining('key-file') });
  });

  it('takes --reset-admin with a name, and refuses an empty or control-character one', () => {
    expect(parseHostArgs(['--reset-admin=Noodbeheer'])).toMatchObject({ ok: true, options: { 'reset-admin': 'Noodbeheer' } });
    expect(parseHostArgs(['--reset-admin='])).toMatchObject({ ok: false, message: expect.stringContaining('--reset-admin') });
    expect(parseHostArgs(['--reset-admin=a\u0007b'])).toMatchObject({ ok: false });
  });
  it('takes a data dir, port and ready file', () => {
    expect(parseHostArgs(['--data-dir=/srv/v', '--port=0', '--ready-file=/tmp/r.json'])).toMatchObject({ ok: true, options: { 'data-dir': '/srv/v', port: 0 } });
  });
  it('takes the LAN alarm path options, peers repeatable', () => {
    expect(parseHostArgs(['--lan-key-file=/etc/vangnet/site.key', '--lan-port=47999', '--lan-peer=10.0.0.5:47800', '--lan-peer=balie-7:47800'])).toMatchObject({
      ok: true,
      options: { 'lan-group': '239.255.42.42', 'lan-port': 47999, 'lan-peer': ['10.0.0.5:47800', 'balie-7:47800'] },
    });
  });
  it('takes values that start with "-" when glued to the flag', () => {
    expect(parseHostArgs(['--data-dir=-/srv/v', '--ready-file=-ready.json', '--lan-key-file=--site.key', '--renderer-dir=-r'])).toMatchObject({
      ok: true,
      options: { 'data-dir': '-/srv/v', 'ready-file': '-ready.json', 'lan-key-file': '--site.key', 'renderer-dir': '-r' },
    });
  });
  it('refuses a dash value given as a separate argument, and says how to write it', () => {
    expect(parseHostArgs(['--ready-file', '-ready.json'])).toMatchObject({ ok: false, message: expect.stringContaining("'--ready-file=-XYZ'") });
    // A forgotten value must not swallow the next flag.
    expect(parseHostArgs(['--data-dir', '--lan'])).toMatchObject({ ok: false });
  });
  it.each([[['--port=abc']], [['--port=70000']], [['--frobnicate']], [['--port']], [['--lan-group=everyone']], [['--lan-peer=nohost']], [['--lan-port=80']], [['--port=-1']]])('refuses %j with a message', (argv) => {
    const parsed = parseHostArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });
});
