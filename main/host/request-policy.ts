/**
 * Which Host and Origin headers the web host answers. Checking Host stops DNS rebinding;
 * checking Origin on the socket stops other local pages from driving the core.
 */
export function allowedAuthorities(boundHost: string, port: number): Set<string> {
  const names = new Set([boundHost, '127.0.0.1', 'localhost', '[::1]']);
  if (boundHost === '0.0.0.0' || boundHost === '::') names.clear();
  return new Set([...names].map((name) => `${name}:${port}`));
}

/** Empty set means "bound to every interface": any Host is accepted, the token still guards. */
export function isAllowedHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (allowed.size === 0) return true;
  return hostHeader !== undefined && allowed.has(hostHeader.toLowerCase());
}

/** Browsers always send Origin on a socket; a page from elsewhere carries its own origin. */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: the token alone decides
  return hostHeader !== undefined && origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

export function tokenFromProtocols(header: string | undefined, prefix: string): string | undefined {
  if (!header) return undefined;
  const match = header
    .split(',')
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix));
  return match?.slice(prefix.length);
}
