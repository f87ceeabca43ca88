import { z } from 'zod';
import { resultSchema } from './result.js';
import type { Role } from './roles.js';

/** Web host WebSocket frames. Both ends parse them; nothing is trusted unparsed. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * The public display makes one call without input (houseRules.display): its frames are tiny. Its
 * token is on a screen anyone may photograph, so it gets no room to make the host buffer or parse much.
 */
export const MAX_DISPLAY_FRAME_BYTES = 4 * 1024;
/** Staff send incidents with long narratives (up to the full frame); a display only its one call. */
export function maxFrameBytes(role: Role): number {
  return role === 'display' ? MAX_DISPLAY_FRAME_BYTES : MAX_FRAME_BYTES;
}
/** No contract input nests deeper than a handful of levels; deeper frames are refused before JSON.parse builds them. */
export const MAX_FRAME_DEPTH = 32;

/**
 * Whether a frame's UTF-8 bytes nest arrays and objects deeper than `limit`, read in one pass without
 * decoding or building anything: brackets inside strings do not count (in UTF-8 the bytes of `"[]{}\\`
 * never occur inside another character). It stops at the first level too deep, so a frame that is all
 * nesting costs a few dozen bytes of reading, not a megabyte of parse and garbage.
 */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      // A closer too many makes the JSON invalid right there, and JSON.parse stops at it.
      depth--;
    }
  }
  return false;
}
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
