import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { syncErrorBodySchema } from '../../../shared/sync/protocol.js';
import { parseOr400 } from './errors.js';

/**
 * What a route takes and answers, declared once beside it: the route parses its input with
 * these very schemas (`parseInput`), and /openapi.json is generated from them.
 */
export interface RouteDoc {
  readonly summary: string;
  /** Who may call it: the bearer credential it needs. */
  readonly auth: 'none' | 'device' | 'display' | 'admin';
  readonly body?: z.ZodType;
  /** A missing body counts as `{}` (every field has a default). */
  readonly bodyOptional?: boolean;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  /** The answer's schema, where a client checks it with one (the PC's transport does). */
  readonly response?: z.ZodType;
  /** What the answer is when it is not JSON. */
  readonly produces?: 'websocket' | 'html' | 'text' | 'redirect';
  readonly status?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    doc?: RouteDoc;
  }
}

type Part = 'body' | 'query' | 'params';

/**
 * Parses one part of the request with the schema the route documents. The route must carry the
 * same doc in its `config`: a handler that parsed with another schema would make the
 * description lie, so that is a programming error, not a client's.
 */
export function parseInput<D extends RouteDoc, K extends Part>(doc: D & Record<K, z.ZodType>, part: K, request: FastifyRequest, reply: FastifyReply): z.output<D[K]> | null {
  if (request.routeOptions.config.doc !== doc) throw new Error(`${request.routeOptions.url ?? request.url} parses with a schema it does not document`);
  const value = part === 'body' && doc.bodyOptional ? (request.body ?? {}) : request[part];
  return parseOr400(doc[part], value, reply) as z.output<D[K]> | null;
}

export interface DocumentedRoute {
  method: string;
  url: string;
  doc: RouteDoc | undefined;
}

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** Fastify's `:id` and `*` in OpenAPI's `{id}` form. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\*$/, '{path}');

const security = { device: [{ device: [] }], display: [{ display: [] }], admin: [{ admin: [] }], none: [] } as const;

/** An OpenAPI 3.1 description of every registered route (HEAD twins of GET routes left out). */
export function openApiDocument(routes: readonly DocumentedRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, url, doc } of routes) {
    if (method === 'HEAD') continue;
    const operation: Record<string, unknown> = { summary: doc?.summary ?? '(undocumented)', security: security[doc?.auth ?? 'none'] };
    const parameters: unknown[] = [];
    for (const [where, schema] of [['query', doc?.query], ['path', doc?.params]] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
    }
    if (url.endsWith('*')) parameters.push({ name: 'path', in: 'path', required: true, schema: { type: 'string' } });
    if (parameters.length > 0) operation['parameters'] = parameters;
    if (doc?.body) operation['requestBody'] = { required: doc.bodyOptional !== true, content: { 'application/json': { schema: schemaOf(doc.body, 'input') } } };
    const status = String(doc?.status ?? (doc?.produces === 'websocket' ? 101 : doc?.produces === 'redirect' ? 302 : 200));
    const content = doc?.produces === 'websocket' || doc?.produces === 'redirect' ? undefined : doc?.produces === 'html' ? { 'text/html': { schema: { type: 'string' } } } : doc?.produces === 'text' ? { 'text/plain': { schema: { type: 'string' } } } : { 'application/json': { schema: doc?.response ? schemaOf(doc.response, 'output') : { type: 'object' } } };
    const error = { description: 'refused, with a code and a message', content: { 'application/json': { schema: schemaOf(syncErrorBodySchema, 'output') } } };
    operation['responses'] = { [status]: { description: doc?.produces === 'websocket' ? 'switches to a WebSocket' : 'success', ...(content ? { content } : {}) }, ...(doc?.auth === 'none' && !doc.body && !doc.query && !doc.params ? {} : { '4XX': error }) };
    (paths[openApiPath(url)] ??= {})[method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vangnet central server', version, description: 'Generated from the zod schemas each route parses with (server/src/http/route-docs.ts).' },
    components: {
      securitySchemes: {
        device: { type: 'http', scheme: 'bearer', description: 'the device credential from POST /v1/enrol' },
        display: { type: 'http', scheme: 'bearer', description: 'a display credential (server:admin -- create-display)' },
        admin: { type: 'http', scheme: 'bearer', description: 'VANGNET_ADMIN_TOKEN' },
      },
    },
    paths,
  };
}
