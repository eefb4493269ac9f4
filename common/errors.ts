/** Stable error codes that cross every transport; the UI may branch on them. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNSUPPORTED',
  'CANCELLED',
  'FORBIDDEN',
  'TOO_LARGE',
  'IO_ERROR',
  'INTERNAL',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as data: what crosses IPC and HTTP instead of a thrown exception. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
}

/** What every contract call answers on the wire. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** A typed error with a stable code; thrown by the core and re-thrown by clients. */
export class ShoeboxError extends Error {
  override readonly name = 'ShoeboxError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The data form of this error, for the wire. */
  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

/** The message of anything thrown: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns anything thrown into error data; unknown errors become INTERNAL without a stack. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof ShoeboxError) return error.toData();
  return { code: 'INTERNAL', message: errorMessage(error) };
}

/** Turns error data from the wire back into a typed error. */
export function fromErrorData(data: ErrorData): ShoeboxError {
  return new ShoeboxError(data.code, data.message);
}
