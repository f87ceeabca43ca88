import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readSiteKey } from '../../../../main/host/lan-setup.js';
import { tempDir } from '../../../support/temp-dir.js';

describe('site key file', () => {
  it('reads hex and base64 keys', () => {
    const key = randomBytes(32);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'hex'), `${key.toString('hex')}\n`);
    fs.writeFileSync(path.join(dir, 'b64'), key.toString('base64'));
    expect(readSiteKey(path.join(dir, 'hex')).equals(key)).toBe(true);
    expect(readSiteKey(path.join(dir, 'b64')).equals(key)).toBe(true);
  });
  it('refuses a short key instead of signing alarms weakly', () => {
    const file = path.join(tempDir(), 'short');
    fs.writeFileSync(file, randomBytes(8).toString('hex'));
    expect(() => readSiteKey(file)).toThrow(/8 bytes; it needs at least 32/);
  });
});
