import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type CallParsedInput } from '../../shared/contract/calls.js';
import { ContractFailure, fail, ok, type Result } from '../../shared/contract/result.js';
import { callerSchema, type Caller } from '../../shared/contract/roles.js';
import type { StaffIdentity } from '../../shared/domain/staff.js';
import type { Logger } from './logger.js';

export interface HandlerContext {
  readonly caller: Caller;
  /** The person signed in at this desk, if any. */
  readonly staff: StaffIdentity | null;
}

/** Turns the transport's caller into the one a call runs as (the signed-in person's role). */
export type CallerResolver = (caller: Caller) => { caller: Caller; staff: StaffIdentity | null };

export type Handler<N extends CallName> = (
  input: CallParsedInput<N>,
  context: HandlerContext,
) => CallOutput<N> | Promise<CallOutput<N>>;

export type Handlers = { readonly [N in CallName]: Handler<N> };

/** Never throws and never rejects: whatever arrives, a Result goes back. */
export type Dispatch = (caller: unknown, call: unknown, input: unknown) => Promise<Result<unknown>>;

const asTransportSays: CallerResolver = (caller) => ({ caller, staff: null });

export function createDispatcher(handlers: Handlers, logger: Logger, resolveCaller: CallerResolver = asTransportSays): Dispatch {
  return async function dispatch(rawCaller, call, input) {
    try {
      const parsedCaller = callerSchema.safeParse(rawCaller);
      if (!parsedCaller.success) return fail('UNAUTHENTICATED', 'the caller could not be identified');
      if (!isCallName(call)) return fail('UNKNOWN_CALL', `unknown call ${describe(call)}`);
      const { caller, staff } = resolveCaller(parsedCaller.data);
      const spec = calls[call];
      if (!spec.roles.includes(caller.role)) {
        return fail('FORBIDDEN', `role "${caller.role}" may not call ${call}`);
      }
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) return fail('INVALID_INPUT', summarise(parsed.error));
      const handler = handlers[call] as Handler<CallName>;
      const value = await handler(parsed.data as never, { caller, staff });
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        logger.error({ call, issues: checked.error.issues }, 'handler output breaks the contract');
        return fail('INTERNAL', `${call} produced an invalid answer`);
      }
      return ok(checked.data);
    } catch (error) {
      return toFailure(error, call, logger);
    }
  };
}

function toFailure(error: unknown, call: unknown, logger: Logger): Result<never> {
  if (error instanceof ContractFailure) return fail(error.code, error.message);
  if (isSqliteError(error)) {
    logger.error({ call: describe(call), err: error }, 'store error during call');
    return fail('STORE_ERROR', `the local store refused the change (${error.code}); nothing was saved`);
  }
  logger.error({ call: describe(call), err: error }, 'call failed');
  return fail('INTERNAL', 'the call failed unexpectedly; it was logged');
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'SqliteError';
}

/** The first few issues, as "path: message", so the caller knows which field to fix. */
export function summarise(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  return parts.join('; ');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  return `(${typeof value})`;
}
