import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/config.js';
import { inspectStoreFile, STORE_FILE_NAME, type StoreFileState } from '../core/db/open-store.js';
import { newStoreKey, parseStoreKey, type StoreKey } from '../core/db/store-key.js';

export const STORE_KEY_ENV = 'VANGNET_STORE_KEY';

export interface HostKeyRequest {
  keyFile: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  /** Used when neither --key-file nor the environment gives a key: only for the default data folder. */
  defaultKeyFile?: string | undefined;
}

export type HostKeyPlan = { kind: 'env'; text: string } | { kind: 'read-file'; file: string } | { kind: 'create-file'; file: string } | { kind: 'refuse'; message: string };

/**
 * Where the web host's store key comes from. Pure: `keyFileExists` and the store's state are
 * looked up by the caller. A new key file is made only while no encrypted store exists, so a
 * lost key file never silently becomes a new key for an old store.
 */
export function hostKeyPlan(request: HostKeyRequest, keyFileExists: boolean, store: StoreFileState): HostKeyPlan {
  const fromEnv = request.env[STORE_KEY_ENV]?.trim();
  const keyFile = request.keyFile?.trim() || (fromEnv ? undefined : request.defaultKeyFile);
  if (fromEnv && keyFile) return { kind: 'refuse', message: `give the store key one way: --key-file or ${STORE_KEY_ENV}, not both` };
  if (fromEnv) return { kind: 'env', text: fromEnv };
  if (!keyFile) {
    return { kind: 'refuse', message: `the local store in ${request.dataDir} is encrypted and needs a key: start with --key-file=<absolute path outside the data folder> (made on first start) or set ${STORE_KEY_ENV}; see docs/deployment.md` };
  }
  if (!path.isAbsolute(keyFile)) return { kind: 'refuse', message: `--key-file must be an absolute path, got "${keyFile}"` };
  if (isInside(request.dataDir, keyFile)) return { kind: 'refuse', message: `the key file ${keyFile} lies inside the data folder ${request.dataDir}: a copy of that folder would carry its own key. Keep it elsewhere` };
  if (keyFileExists) return { kind: 'read-file', file: keyFile };
  if (store === 'encrypted') return { kind: 'refuse', message: `the key file ${keyFile} does not exist, and the store in ${request.dataDir} is already encrypted: give the key file it was made with (a new key could not open it)` };
  return { kind: 'create-file', file: keyFile };
}

export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * A key file anyone but its owner can read is refused, as ssh refuses such a private key.
 * Windows has no mode bits: there its folder's ACL must keep it (docs/deployment.md).
 */
export function keyFileProblem(file: string, stat: { mode: number; uid: number; isFile: boolean }, platform: NodeJS.Platform, processUid: number | null): string | null {
  if (!stat.isFile) return `the key file ${file} is not a regular file`;
  if (platform === 'win32') return null;
  if (processUid !== null && stat.uid !== processUid) return `the key file ${file} belongs to another user (uid ${stat.uid}); it must be owned by the user the host runs as`;
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0) return `the key file ${file} can be read by group or others (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${file}`;
  return null;
}

/** The web host's store key, from the environment or a key file outside the data folder. Throws ConfigError in words. */
export function loadHostStoreKey(request: HostKeyRequest): StoreKey {
  const given = request.keyFile ?? (request.env[STORE_KEY_ENV]?.trim() ? undefined : request.defaultKeyFile);
  const resolved = given && path.isAbsolute(given) ? realPathOrSelf(given) : given;
  const plan = hostKeyPlan({ ...request, dataDir: realPathOrSelf(request.dataDir), keyFile: resolved }, resolved !== undefined && fs.existsSync(resolved), inspectStoreFile(path.join(request.dataDir, STORE_FILE_NAME)));
  const fail = (message: string): never => {
    throw new ConfigError('CONFIG_INVALID', message);
  };
  switch (plan.kind) {
    case 'refuse':
      return fail(plan.message);
    case 'env':
      return attempt(() => parseStoreKey(plan.text, STORE_KEY_ENV), fail);
    case 'create-file': {
      const key = newStoreKey();
      fs.mkdirSync(path.dirname(plan.file), { recursive: true, mode: 0o700 });
      // wx: never overwrite a key another start made meanwhile.
      attempt(() => fs.writeFileSync(plan.file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' }), (message) => fail(`could not make the key file: ${message}`));
      return key;
    }
    case 'read-file': {
      const stat = fs.statSync(plan.file);
      const problem = keyFileProblem(plan.file, { mode: stat.mode, uid: stat.uid, isFile: stat.isFile() }, process.platform, process.getuid?.() ?? null);
      if (problem) fail(problem);
      return attempt(() => parseStoreKey(fs.readFileSync(plan.file, 'utf8'), `the key file ${plan.file}`), fail);
    }
  }
}

function attempt<T>(fn: () => T, fail: (message: string) => never): T {
  try {
    return fn();
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** Symlinks resolved, so a link inside the data folder to a key elsewhere (or the reverse) is judged by where it leads. */
function realPathOrSelf(target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    const parent = path.dirname(target);
    return parent === target ? target : path.join(realPathOrSelf(parent), path.basename(target));
  }
}
