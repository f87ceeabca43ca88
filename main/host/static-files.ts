import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { securityHeaders } from '../../shared/security/csp.js';

export { securityHeaders };

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Serves the built renderer; says plainly when it has not been built. */
export function createStaticHandler(rendererDir: string): StaticHandler {
  const hasBuild = fs.existsSync(path.join(rendererDir, 'index.html'));
  if (!hasBuild) {
    return (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end(`The Vangnet renderer is not built (${rendererDir} has no index.html). Run: npm run build:renderer\n`);
    };
  }
  const serve = sirv(rendererDir, {
    single: true,
    dev: false,
    etag: true,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      if (pathname.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
    },
  });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Not found\n');
    });
}
