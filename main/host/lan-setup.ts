import fs from 'node:fs';
import { openLanTransport, type LanTransport } from '../core/alarm/lan-transport.js';
import { MIN_SITE_KEY_BYTES } from '../core/alarm/lan-codec.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import type { HostCliOptions } from './cli-options.js';

/** Reads a site key written as hex or base64; a short or unreadable key is an error, not a weaker alarm. */
export function readSiteKey(file: string): Buffer {
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < MIN_SITE_KEY_BYTES) throw new Error(`the site key in ${file} has ${key.length} bytes; it needs at least ${MIN_SITE_KEY_BYTES}`);
  return key;
}

/** Opens the LAN alarm path for the device's site, when a key is given and the desk is set up. */
export async function startLanPath(options: HostCliOptions, core: Core, logger: Logger): Promise<LanTransport | null> {
  const keyFile = options['lan-key-file'];
  if (!keyFile) return null;
  const status = await core.dispatch({ role: 'admin', session: 'host' }, 'device.status', {});
  const siteId = status.ok ? (status.value as { site: { id: string } | null }).site?.id : undefined;
  if (!siteId) {
    logger.warn('LAN alarm path not started: this desk has no site yet (set it under Settings, then restart)');
    return null;
  }
  const lan = await openLanTransport({
    siteId,
    siteKey: readSiteKey(keyFile),
    group: options['lan-group'],
    port: options['lan-port'],
    interfaceAddress: options['lan-interface'],
    peers: options['lan-peer'].map((peer) => {
      const [host, port] = peer.split(':');
      return { host: host ?? '', port: Number(port) };
    }),
    logger,
  });
  core.alarms.attachLan(lan);
  logger.info({ group: options['lan-group'], port: options['lan-port'] }, 'LAN alarm path open');
  return lan;
}
