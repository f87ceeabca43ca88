import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import electronUpdater, { type NsisUpdater } from 'electron-updater';

/** electron-updater's view of the app (its AppAdapter, which it does not export by name). */
type AppAdapter = NonNullable<ConstructorParameters<typeof electronUpdater.NsisUpdater>[1]>;

/**
 * An organisation's update server as `npm run dist` fills it: a plain HTTP folder with
 * latest.yml (electron-builder's generic provider format) and the installer it names.
 */
export interface UpdateServer {
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  /** Serves this text as latest.yml (null: 404). */
  setLatestYml(text: string | null): void;
  /** Serves an installer and returns the lines latest.yml needs for it. */
  addInstaller(name: string, bytes: Buffer): { url: string; sha512: string; size: number };
  close(): Promise<void>;
}

export async function startUpdateServer(): Promise<UpdateServer> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://x').pathname.slice(1);
    requests.push(name);
    const body = files.get(name);
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': name.endsWith('.yml') ? 'text/yaml' : 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vangnet/`,
    requests,
    setLatestYml: (text) => (text === null ? files.delete('vangnet/latest.yml') : files.set('vangnet/latest.yml', Buffer.from(text, 'utf8'))),
    addInstaller: (name, bytes) => {
      files.set(`vangnet/${name}`, bytes);
      return { url: name, sha512: createHash('sha512').update(bytes).digest('base64'), size: bytes.length };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Node's http in place of Electron's `net`, which only exists inside Electron. */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return http.request(options, callback);
  }

  /** As Electron's executor does it (electronHttpExecutor.js), on node's http. */
  async download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return await options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null }, 0);
    });
  }
}

/**
 * electron-updater's real Windows updater (provider, latest.yml parsing, semver, staging hook,
 * download with sha512 check) outside Electron: an app adapter with a fixed version and folders,
 * and node's http. Only the two hooks electron-updater keeps internal are set through a cast.
 */
export function nodeNsisUpdater(dir: string, version: string): { updater: NsisUpdater; quitHandlers: ((exitCode: number) => void)[] } {
  const quitHandlers: ((exitCode: number) => void)[] = [];
  const configPath = path.join(dir, 'app-update.yml');
  // What electron-builder writes into resources/ for a generic provider; the download cache is named after it.
  fs.writeFileSync(configPath, 'provider: generic\nurl: https://updates.example.nl/vangnet/\nupdaterCacheDirName: vangnet-updater\n');
  const app: AppAdapter = {
    version,
    name: 'Vangnet',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: path.join(dir, 'userData'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    // What Electron's `quit` event would call: the test quits the app by calling these.
    onQuit: (handler) => quitHandlers.push(handler),
  };
  const updater = new electronUpdater.NsisUpdater(undefined, app);
  const internals = updater as unknown as { httpExecutor: HttpExecutor<ClientRequest>; _testOnlyOptions: { platform: NodeJS.Platform } };
  internals.httpExecutor = new NodeHttpExecutor();
  // The PCs run Windows: ask for latest.yml, as they do, not this machine's latest-linux.yml.
  internals._testOnlyOptions = { platform: 'win32' };
  return { updater, quitHandlers };
}
