import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/** UUIDv7: made on the client, time-ordered, so replicas never need the server to mint ids. */
export function newId(): string {
  return uuidv7();
}

export const idSchema = z.uuid();
