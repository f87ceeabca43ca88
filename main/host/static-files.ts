import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { securityHeaders } from '../../shared/security/csp.js';

export { securityHeaders };

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Vite names what it puts in assets/ by content hash: a changed file is a new name, so these may be kept. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built renderer; says plainly when it has not been built. Pages are `no-store`: the
 * token rides in the URL's fragment and a cached page would outlive the host's new tokens. Source
 * maps are never served, whatever a build left in the folder: they give away the whole source.
 */
export function createStaticHandler(rendererDir: string): StaticHandler {
  const hasBuild = fs.existsSync(path.join(rendererDir, 'index.html'));
  const notFound = (res: ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders });
    res.end('Not found\n');
  };
  if (!hasBuild) {
    return (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders });
      res.end(`The Vangnet renderer is not built (${rendererDir} has no index.html). Run: npm run build:renderer\n`);
    };
  }
  const hashed = hashedAssets(rendererDir);
  const serve = sirv(rendererDir, {
    single: true,
    dev: false,
    etag: true,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      // `/`, the single-page fallback and every other file: asked afresh each time.
      res.setHeader('Cache-Control', hashed.has(pathname) ? IMMUTABLE : 'no-store');
    },
  });
  return (req, res) => {
    if (isSourceMap(req.url ?? '/')) return notFound(res);
    serve(req, res, () => notFound(res));
  };
}

/** The files under assets/ as sirv names them (it lists the folder once, at start, as this does). */
function hashedAssets(rendererDir: string): Set<string> {
  const folder = path.join(rendererDir, 'assets');
  if (!fs.existsSync(folder)) return new Set();
  return new Set(fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => `/assets/${name.split(path.sep).join('/')}`));
}

/** Read as sirv reads the path (percent-decoded, trailing slash dropped), so `%2Emap` or `.map/` do not slip past. */
export function isSourceMap(url: string): boolean {
  let pathname = url.split(/[?#]/, 1)[0] ?? '';
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    // Not decodable: sirv keeps it as it is, and so does this check.
  }
  return /\.map\/*$/i.test(pathname);
}
