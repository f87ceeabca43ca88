import { z } from 'zod';
import { resultSchema } from './result.js';

/** Web host WebSocket frames. Both ends parse them; nothing is trusted unparsed. */
export const MAX_FRAME_BYTES = 1024 * 1024;
export const BRIDGE_PATH = '/bridge';
export const BRIDGE_PROTOCOL = 'vangnet.v1';
/** The session token travels as a second subprotocol, so it never lands in a URL or a log line. */
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export const clientFrameSchema = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  call: z.string().max(200),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int().nullable(), result: resultSchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
