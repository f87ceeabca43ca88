import { describe, expect, it } from 'vitest';
import { parseAdminArgs } from '../../../server/src/admin-args.js';
import { parseServerArgs } from '../../../server/src/server-args.js';

describe('admin command line', () => {
  it('takes values that start with "-" when glued to the flag', () => {
    expect(parseAdminArgs(['create-organisation', '--name=-Gemeente Zwolle'])).toMatchObject({ ok: true, command: 'create-organisation', values: { name: '-Gemeente Zwolle' } });
    expect(parseAdminArgs(['host', '--organisation=-org', '--site=--site'])).toMatchObject({ ok: true, values: { organisation: '-org', site: '--site' } });
  });

  it('refuses a dash value given as a separate argument, and says how to write it', () => {
    expect(parseAdminArgs(['create-organisation', '--name', '-Gemeente'])).toMatchObject({ ok: false, message: expect.stringContaining("'--name=-XYZ'") });
  });

  it('refuses a stray word instead of dropping it', () => {
    expect(parseAdminArgs(['create-organisation', '--name', 'Gemeente', 'Zwolle'])).toMatchObject({ ok: false, message: expect.stringContaining('"Zwolle"') });
  });

  it('checks --hours against the range the admin API allows', () => {
    expect(parseAdminArgs(['enrolment-code', '--organisation=o', '--site=s'])).toMatchObject({ ok: true, values: { hours: 24, 'share-alarms': false } });
    expect(parseAdminArgs(['enrolment-code', '--hours=48'])).toMatchObject({ ok: true, values: { hours: 48 } });
    for (const hours of ['-5', '0', 'abc', '1000']) expect(parseAdminArgs(['enrolment-code', `--hours=${hours}`]).ok).toBe(false);
  });

  it('knows the display flags: --share-house-rules is a switch, --url must be an http(s) address', () => {
    expect(parseAdminArgs(['agreement', '--share-house-rules'])).toMatchObject({ ok: true, values: { 'share-house-rules': true, 'share-alarms': false } });
    expect(parseAdminArgs(['create-display', '--url=https://vangnet.example.nl', '--name=Hal'])).toMatchObject({ ok: true, values: { url: 'https://vangnet.example.nl', name: 'Hal' } });
    for (const url of ['vangnet.example.nl', 'ftp://vangnet', 'javascript:alert(1)']) expect(parseAdminArgs(['create-display', `--url=${url}`])).toMatchObject({ ok: false, message: expect.stringContaining('--url must be the server address') });
    expect(parseAdminArgs(['revoke-display', '--display=abc'])).toMatchObject({ ok: true, values: { display: 'abc' } });
  });

  it('refuses unknown flags and a value on a switch', () => {
    expect(parseAdminArgs(['devices', '--frobnicate']).ok).toBe(false);
    expect(parseAdminArgs(['agreement', '--share-alarms=yes']).ok).toBe(false);
  });
});

describe('server command line', () => {
  it('has no flags but --help: anything else is refused, never ignored', () => {
    expect(parseServerArgs([])).toEqual({ ok: true, help: false });
    expect(parseServerArgs(['--help'])).toEqual({ ok: true, help: true });
    for (const argv of [['--port=4791'], ['--port', '4791'], ['serve'], ['--data-dir=-x']]) {
      expect(parseServerArgs(argv)).toMatchObject({ ok: false, message: expect.stringContaining('environment') });
    }
  });
});
