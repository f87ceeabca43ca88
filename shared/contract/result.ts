import { z } from 'zod';

/** Every failure that crosses the contract carries one of these codes. */
export const errorCodes = [
  'UNKNOWN_CALL',
  'INVALID_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'CONFLICT',
  'BAD_MESSAGE',
  'STORE_ERROR',
  'TIMEOUT',
  'SERVER_UNREACHABLE',
  'ENROLMENT_REFUSED',
  'DISCONNECTED',
  'SIGN_IN_REQUIRED',
  'PIN_REQUIRED',
  'WRONG_PIN',
  'OPEN_MANDATORY_TASKS',
  'DAMAGED_RECORD',
  'INTERNAL',
] as const;
export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: ContractError } {
  return { ok: false, error: { code, message } };
}

/** Thrown by handlers for expected failures; the dispatcher turns it into a result. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}
