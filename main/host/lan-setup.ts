import fs from 'node:fs';
import { ED25519_SEED_BYTES } from '../core/alarm/lan-codec.js';
import type { LanNetwork } from '../core/alarm/lan-manager.js';
import type { HostCliOptions } from './cli-options.js';
import { keyFileProblem } from './store-key-source.js';

/**
 * Reads the organisation's LAN signing key: a 32-byte Ed25519 seed written as hex or
 * base64. Any other length is an error, not a weaker alarm; a file others can read is refused
 * like the store's key file.
 */
export function readSiteKey(file: string): Buffer {
  const stat = fs.statSync(file);
  const problem = keyFileProblem(file, { mode: stat.mode, uid: stat.uid, isFile: stat.isFile() }, process.platform, process.getuid?.() ?? null);
  if (problem) throw new Error(problem);
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== ED25519_SEED_BYTES) throw new Error(`the LAN key in ${file} has ${key.length} bytes; it must be a ${ED25519_SEED_BYTES}-byte Ed25519 seed`);
  return key;
}

/** The LAN path's network from the flags; null when neither --lan nor --lan-key-file is given. */
export function lanNetworkFromOptions(options: HostCliOptions): LanNetwork | null {
  const keyFile = options['lan-key-file'];
  if (!options.lan && !keyFile) return null;
  return {
    group: options['lan-group'],
    port: options['lan-port'],
    interfaceAddress: options['lan-interface'],
    peers: options['lan-peer'].map((peer) => {
      const [host, port] = peer.split(':');
      return { host: host ?? '', port: Number(port) };
    }),
    keyOverride: keyFile ? readSiteKey(keyFile) : null,
  };
}
