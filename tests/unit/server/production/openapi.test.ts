import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sitePolicySchema } from '../../../../shared/alarm/site-policy.js';
import { enrolRequestSchema, enrolResponseSchema, pullQuerySchema, pullResponseWireSchema, pushRequestSchema, pushResponseSchema } from '../../../../shared/sync/protocol.js';
import { enrolReplica } from '../../../support/replica.js';
import { createTenant, startTestServer, type TestServer } from '../../../support/sync-server.js';

const cleanup: (() => Promise<unknown>)[] = [];
// Closing servers and dropping PostgreSQL databases: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

const adminToken = 'o'.repeat(40);

interface Operation {
  summary: string;
  security: Record<string, unknown>[];
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type Description = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** "METHOD /path" for every route Fastify's own router holds, read from its printed tree (not from our list). */
function routerRoutes(printed: string): Set<string> {
  const found = new Set<string>();
  const parents: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const parent = parents[depth - 1] ?? '';
    // The printed tree hangs a wildcard under its static part without the slash between them.
    const full = parent + (match[2] === '*' && !parent.endsWith('/') ? '/*' : match[2]!);
    parents[depth] = full;
    parents.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) if (method !== 'HEAD') found.add(`${method} ${full}`);
  }
  return found;
}

const fastifyPath = (openApiPath: string) => openApiPath.replace(/\{path\}$/, '*').replace(/\{(\w+)\}/g, ':$1');
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

async function started(): Promise<{ t: TestServer; description: Description; credential: string }> {
  const t = await startTestServer('sqlite', { adminToken });
  cleanup.push(() => t.close());
  const desk = await enrolReplica(t.server.url, t.directory, await createTenant(t.directory));
  cleanup.push(() => desk.close());
  const response = await fetch(`${t.server.url}/openapi.json`);
  expect(response.status).toBe(200);
  return { t, description: (await response.json()) as Description, credential: desk.credential };
}

describe('GET /openapi.json', () => {
  it('describes every route the server registered, and nothing else, each with a summary', async () => {
    const { t, description } = await started();
    expect(description.openapi).toBe('3.1.0');
    const documented = new Set(Object.entries(description.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${fastifyPath(path)}`)));
    const registered = routerRoutes(t.server.app.printRoutes({ commonPrefix: false }));
    expect(registered.size).toBeGreaterThan(25);
    expect([...documented].sort()).toEqual([...registered].sort());
    for (const operations of Object.values(description.paths)) for (const operation of Object.values(operations)) expect(operation.summary).not.toBe('(undocumented)');
  });

  it('documents for the sync routes exactly the schemas the PC sends and checks', async () => {
    const { description } = await started();
    const op = (path: string, method: string) => description.paths[path]![method]!;
    expect(op('/v1/sync/push', 'post').requestBody?.content['application/json'].schema).toEqual(jsonSchema(pushRequestSchema, 'input'));
    expect(op('/v1/sync/push', 'post').responses['200']?.content?.['application/json']?.schema).toEqual(jsonSchema(pushResponseSchema, 'output'));
    expect(op('/v1/enrol', 'post').requestBody?.content['application/json'].schema).toEqual(jsonSchema(enrolRequestSchema, 'input'));
    expect(op('/v1/enrol', 'post').responses['201']?.content?.['application/json']?.schema).toEqual(jsonSchema(enrolResponseSchema, 'output'));
    expect(op('/v1/sync/pull', 'get').responses['200']?.content?.['application/json']?.schema).toEqual(jsonSchema(pullResponseWireSchema, 'output'));
    const pullQuery = jsonSchema(pullQuerySchema, 'input') as { properties: Record<string, unknown> };
    expect(Object.fromEntries((op('/v1/sync/pull', 'get').parameters ?? []).map((p) => [p.name, p.schema]))).toEqual(pullQuery.properties);
    expect(op('/v1/site-policy', 'get').responses['200']?.content?.['application/json']?.schema).toEqual(jsonSchema(sitePolicySchema, 'output'));
  });

  it('every documented JSON body is the one the route checks: leaving out a field it calls required is refused with that field named', async () => {
    const { t, description, credential } = await started();
    const tokens: Record<string, string> = { admin: adminToken, device: credential };
    let checked = 0;
    for (const [path, operations] of Object.entries(description.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const required = operation.requestBody?.content['application/json'].schema.required ?? [];
        if (required.length === 0) continue;
        const scheme = Object.keys(operation.security[0] ?? {})[0];
        const url = path.replace(/\{id\}/, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
        // An empty object lacks every required field; the server must name the first of them.
        const response = await fetch(`${t.server.url}${url}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json', ...(scheme ? { authorization: `Bearer ${tokens[scheme]}` } : {}) }, body: '{}' });
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect({ path, status: response.status, code: body.error.code }).toEqual({ path, status: 400, code: 'BAD_REQUEST' });
        expect(required.some((field) => body.error.message.includes(`${field}:`))).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
