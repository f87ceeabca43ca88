import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { QUICK_FRAME_BYTES } from '../../../../main/host/bridge-socket.js';
import { MAX_DISPLAY_FRAME_BYTES, MAX_FRAME_BYTES, MAX_FRAME_DEPTH } from '../../../../shared/contract/wire.js';
import { call, exchange, openBridge, startTestHost, type TestHost } from '../../../support/web-host.js';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.close();
});

const settings = { organisationName: 'GGD', siteName: 'Stadskantoor', deskName: 'Balie 1', floor: '', serverUrl: '' };

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

describe('web host: session token', () => {
  it('refuses a socket without a token', async () => {
    await expect(openBridge(t.host.origin)).rejects.toThrow('HTTP 401');
  });

  it('refuses a socket with a wrong or stale token', async () => {
    await expect(openBridge(t.host.origin, { token: 'f'.repeat(64) })).rejects.toThrow('HTTP 401');
    await expect(openBridge(t.host.origin, { token: t.tokens.operator.token.slice(1) })).rejects.toThrow('HTTP 401');
  });

  it('refuses a socket opened by another web page (foreign Origin), even with the token', async () => {
    await expect(openBridge(t.host.origin, { token: t.tokens.operator.token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('accepts the token from its own origin and carries the contract round trip to SQLite and back', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token, origin: t.host.origin });
    expect(await call(ws, 1, 'settings.update', settings)).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { desk: { name: 'Balie 1' } } } });
    expect(t.core.store.read.prepare('SELECT name FROM desk').pluck().get()).toBe('Balie 1');
    ws.close();
  });

  it('gives the display token no staff calls', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.display.token });
    expect(await call(ws, 1, 'device.status', {})).toMatchObject({ result: { ok: false, error: { code: 'FORBIDDEN' } } });
    ws.close();
  });
});

describe('web host: bad frames are answered and survived', () => {
  it.each([
    ['not JSON', '{nope', null],
    ['a JSON array', '[1,2]', null],
    ['a frame without a type', JSON.stringify({ id: 3, call: 'device.status', input: {} }), 3],
    ['a negative id', JSON.stringify({ type: 'call', id: -1, call: 'device.status', input: {} }), null],
  ])('answers BAD_MESSAGE for %s and keeps the socket open', async (_label, frame, id) => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await exchange(ws, frame)).toMatchObject({ type: 'error', id, result: { ok: false, error: { code: 'BAD_MESSAGE' } } });
    expect(await call(ws, 9, 'device.status', {})).toMatchObject({ id: 9, result: { ok: true } });
    ws.close();
  });

  it('answers BAD_MESSAGE for a binary frame', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await exchange(ws, Buffer.from([1, 2, 3]), true)).toMatchObject({ type: 'error', result: { error: { code: 'BAD_MESSAGE' } } });
    ws.close();
  });

  it('answers unknown calls and invalid input with their codes', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await call(ws, 1, 'alarm.selfDestruct', {})).toMatchObject({ result: { error: { code: 'UNKNOWN_CALL' } } });
    expect(await call(ws, 2, 'settings.update', { ...settings, deskName: '' })).toMatchObject({ result: { error: { code: 'INVALID_INPUT' } } });
    ws.close();
  });

  it('closes a socket that sends an oversized frame (1009), and the host stays up', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    const again = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await call(again, 1, 'device.status', {})).toMatchObject({ result: { ok: true } });
    again.close();
  });
});

describe('web host: what a frame may cost is decided before it is parsed', () => {
  const nested = (depth: number) => JSON.stringify({ type: 'call', id: 5, call: 'houseRules.display', input: {} }).replace('{}', `${'['.repeat(depth)}${']'.repeat(depth)}`);

  it('refuses nesting deeper than the limit unparsed (BAD_MESSAGE), lets the limit itself through to the contract, and keeps the socket', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    // The frame's own object is one level.
    expect(await exchange(ws, nested(MAX_FRAME_DEPTH))).toMatchObject({ type: 'error', id: null, result: { error: { code: 'BAD_MESSAGE', message: `the frame nests deeper than ${MAX_FRAME_DEPTH} levels` } } });
    expect(await exchange(ws, nested(MAX_FRAME_DEPTH - 1))).toMatchObject({ type: 'result', id: 5, result: { error: { code: 'INVALID_INPUT' } } });
    // Brackets inside strings are text, however many (escaped quotes included).
    const text = `"\\"${'['.repeat(200)}`;
    expect(await exchange(ws, `{"type":"call","id":6,"call":"houseRules.display","input":{"x":${text}"}}`)).toMatchObject({ id: 6, result: { error: { code: 'INVALID_INPUT' } } });
    expect(await call(ws, 9, 'device.status', {})).toMatchObject({ id: 9, result: { ok: true } });
    ws.close();
  });

  it('gives the display token frames of 4 KiB at most: a larger one closes its socket (1009) before it is read; staff keep 1 MiB', async () => {
    const display = await openBridge(t.host.origin, { token: t.tokens.display.token });
    expect(await exchange(display, JSON.stringify({ type: 'call', id: 1, call: 'houseRules.display', input: {}, pad: 'x'.repeat(MAX_DISPLAY_FRAME_BYTES - 100) }))).toMatchObject({ type: 'error', id: 1, result: { error: { code: 'BAD_MESSAGE' } } });
    const closed = new Promise<number>((resolve) => display.once('close', (code) => resolve(code)));
    display.send(JSON.stringify({ type: 'call', id: 2, call: 'houseRules.display', input: {}, pad: 'x'.repeat(MAX_DISPLAY_FRAME_BYTES) }));
    expect(await closed).toBe(1009);
    const staff = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await exchange(staff, JSON.stringify({ type: 'call', id: 3, call: 'device.status', input: { pad: 'x'.repeat(MAX_FRAME_BYTES - 100) } }))).toMatchObject({ id: 3, result: { error: { code: 'INVALID_INPUT' } } });
    staff.close();
    const again = await openBridge(t.host.origin, { token: t.tokens.display.token });
    expect(await call(again, 4, 'houseRules.display', {})).toMatchObject({ result: { ok: true } });
    again.close();
  });

  it('answers a tab\'s frames in the order sent, even when large ones wait their turn', async () => {
    const ws = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    const answers: number[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string; id: number };
        if (frame.type === 'event') return;
        answers.push(frame.id);
        if (answers.length === 6) resolve();
      });
    });
    for (let id = 1; id <= 6; id++) {
      const pad = id % 2 === 1 ? 'x'.repeat(QUICK_FRAME_BYTES * 2) : '';
      ws.send(JSON.stringify({ type: 'call', id, call: 'settings.update', input: { ...settings, deskName: `Balie ${id}`, ...(pad ? { pad } : {}) } }));
    }
    await done;
    expect(answers).toEqual([1, 2, 3, 4, 5, 6]);
    ws.close();
  });
});

describe('web host: events', () => {
  it('pushes statusChanged to staff sockets; the display hears only that its house rules changed', async () => {
    const staff = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    const display = await openBridge(t.host.origin, { token: t.tokens.display.token });
    const heardByDisplay: unknown[] = [];
    display.on('message', (data) => heardByDisplay.push(JSON.parse(data.toString())));
    const event = new Promise<unknown>((resolve) => {
      staff.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string };
        if (frame.type === 'event') resolve(frame);
      });
    });
    staff.send(JSON.stringify({ type: 'call', id: 1, call: 'settings.update', input: settings }));
    expect(await event).toMatchObject({ type: 'event', event: 'device.statusChanged', payload: { site: { name: 'Stadskantoor' } } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The organisation's name is on the display's default text: that, without a payload, is all it hears.
    expect(heardByDisplay).toEqual([{ type: 'event', event: 'houseRules.changed', payload: {} }]);
    staff.close();
    display.close();
  });
});

describe('web host: static files', () => {
  it('serves the renderer with a strict CSP and security headers', async () => {
    const res = await get(`${t.host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('<title>Vangnet</title>');
  });

  it('marks `/`, the single-page fallback and unhashed files no-store; only hashed assets may be kept', async () => {
    const built = await startTestHost({ 'assets/index-3f9a1c.js': 'console.log(1)', 'alarm.wav': 'RIFF' });
    try {
      for (const page of ['/', '/index.html', '/incidents/42', '/?view=display', '/alarm.wav']) {
        const res = await get(`${built.host.origin}${page}`);
        expect(res.status, page).toBe(200);
        expect(res.headers['cache-control'], page).toBe('no-store');
      }
      expect((await get(`${built.host.origin}/assets/index-3f9a1c.js`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // A path under assets/ that is no file gets the page, and the page is never kept.
      expect((await get(`${built.host.origin}/assets/nothing-here`)).headers['cache-control']).toBe('no-store');
      expect((await get(`${built.host.origin}/nothing.js`)).headers['cache-control']).toBe('no-store');
    } finally {
      await built.close();
    }
  });

  it('never serves a source map a build left in the folder, however the path is written (404)', async () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/main.tsx'], sourcesContent: ['SECRET SOURCE'] });
    const built = await startTestHost({ 'assets/index-3f9a1c.js.map': map, 'index.js.map': map });
    try {
      for (const url of ['/assets/index-3f9a1c.js.map', '/index.js.map', '/assets/index-3f9a1c.js%2Emap', '/assets/index-3f9a1c.js%2emap', '/assets/index-3f9a1c.js.map/', '/assets/index-3f9a1c.js.map?x=1', '/index.js.MAP', '/assets/%69ndex-3f9a1c.js.map']) {
        const res = await get(`${built.host.origin}${url}`);
        expect(res.status, url).toBe(404);
        expect(res.body, url).not.toContain('SECRET SOURCE');
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
    } finally {
      await built.close();
    }
  });

  it('the shipped build makes no source maps; a development build may', async () => {
    // By URL: the config belongs to the tools' project, not the tests'.
    const loaded = (await import(new URL('../../../../vite.config.ts', import.meta.url).href)) as { default: (env: { mode: string; command: 'build' }) => { build?: { sourcemap?: unknown } } };
    const config = loaded.default;
    expect(config({ mode: 'production', command: 'build' }).build?.sourcemap).toBe(false);
    expect(config({ mode: 'development', command: 'build' }).build?.sourcemap).toBe(true);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`${t.host.origin}/`, { Host: 'evil.example:80' })).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get(`${t.host.origin}/..%2F..%2F..%2Fetc%2Fpasswd`);
    expect(res.body).not.toContain('root:');
  });

  it('refuses other methods', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = http.request(`${t.host.origin}/`, { method: 'POST' }, (res) => resolve(res.statusCode ?? 0));
      req.end('x');
    });
    expect(status).toBe(405);
  });

  it('binds to loopback by default', () => {
    expect(t.host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses upgrades on other paths', async () => {
    const ws = new WebSocket(`${t.host.origin.replace('http', 'ws')}/other`, ['vangnet.v1', `token.${t.tokens.operator.token}`]);
    await expect(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`))); })).rejects.toThrow('HTTP 404');
  });
});
