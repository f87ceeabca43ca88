import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeDatagram, LanVerifier, trustFromSeed } from '../../../../main/core/alarm/lan-codec.js';
import { readSiteKey } from '../../../../main/host/lan-setup.js';
import { newId } from '../../../../shared/domain/ids.js';
import { alarmMessage } from '../../../support/alarm.js';
import { tempDir } from '../../../support/temp-dir.js';

describe('LAN key file (sites without a server)', () => {
  it('reads a 32-byte Ed25519 seed written as hex or base64', () => {
    const key = randomBytes(32);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'hex'), `${key.toString('hex')}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'b64'), key.toString('base64'), { mode: 0o600 });
    expect(readSiteKey(path.join(dir, 'hex')).equals(key)).toBe(true);
    expect(readSiteKey(path.join(dir, 'b64')).equals(key)).toBe(true);
  });

  it('refuses a key of any other length instead of signing alarms weakly', () => {
    for (const bytes of [8, 64]) {
      const file = path.join(tempDir(), 'wrong');
      fs.writeFileSync(file, randomBytes(bytes).toString('hex'), { mode: 0o600 });
      expect(() => readSiteKey(file)).toThrow(new RegExp(`${bytes} bytes; it must be a 32-byte Ed25519 seed`));
    }
  });

  it('refuses a key file that group or others can read, as the store key file is refused', () => {
    const file = path.join(tempDir(), 'site.key');
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(() => readSiteKey(file)).toThrow(`the key file ${file} can be read by group or others (mode 0644): run chmod 600 ${file}`);
  });

  it('two PCs holding the same file sign and check each other\'s datagrams; another file is refused', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'site.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
    const organisation = newId();
    const site = newId();
    const [one, two] = [trustFromSeed(organisation, readSiteKey(path.join(dir, 'site.key'))), trustFromSeed(organisation, readSiteKey(path.join(dir, 'site.key')))];
    const message = alarmMessage({ organisation_id: organisation, site_id: site });
    expect(new LanVerifier(two, site, Date.now).decode(encodeDatagram(message, one.signing))).toEqual({ ok: true, message });
    const other = trustFromSeed(organisation, randomBytes(32));
    expect(new LanVerifier(two, site, Date.now).decode(encodeDatagram(alarmMessage({ organisation_id: organisation, site_id: site }), other.signing))).toMatchObject({ ok: false, reason: 'unknown_key' });
  });
});
