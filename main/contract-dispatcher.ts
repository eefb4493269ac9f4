/**
 * The one place a contract call from outside the process is answered, for every transport
 * (Electron IPC, `shoebox serve`'s HTTP API): method name and raw input in, the input checked
 * against the contract's schema, the handler called, and a `WireResult` out. Errors always
 * cross as data; a transport adds only its own gates (who may call) and framing.
 */
import type { z } from 'zod';
import { contract, type MethodName, type ShoeboxHandlers } from '../common/contract';
import { ShoeboxError, toErrorData, type WireResult } from '../common/errors';

// Zod can report an issue per array element: the first few say what is wrong.
const MAX_REPORTED_ISSUES = 5;

/** Whether `name` is a method of the contract (an own property: not `constructor`, say). */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/**
 * The input of `method` as its schema parses it (a method without input may be called with
 * none, which the schema sees as `{}`); INVALID_INPUT naming the first few issues otherwise.
 */
export function parseInput(method: MethodName, input: unknown): unknown {
  const schema: z.ZodType = contract[method].input;
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  throw new ShoeboxError('INVALID_INPUT', `Invalid input for ${method}: ${issues.join('; ')}`);
}

/**
 * Answers one call: NOT_FOUND for a name that is no method, INVALID_INPUT for input its schema
 * refuses, else the handler's value or its error as data. `onUnexpected` hears of errors that
 * are not ShoeboxErrors (bugs, to log); the caller gets their message, never their stack.
 */
export async function dispatchCall(
  handlers: ShoeboxHandlers,
  method: string,
  input: unknown,
  onUnexpected: (method: string, error: unknown) => void,
): Promise<WireResult<unknown>> {
  try {
    if (!isMethodName(method)) {
      throw new ShoeboxError('NOT_FOUND', `There is no method "${method}".`);
    }
    const parsed = parseInput(method, input);
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed) };
  } catch (error) {
    if (!(error instanceof ShoeboxError)) onUnexpected(method, error);
    return { ok: false, error: toErrorData(error) };
  }
}
