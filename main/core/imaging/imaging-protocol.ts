/**
 * What crosses between the imaging pool (main thread) and its workers: plain, structured-clone
 * friendly data. Errors cross as data (`{ ok: false, error }`) and become ImagingError again on
 * the pool's side, so a failing photo never looks like a crashed worker.
 */
import { join } from 'node:path';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import type { ImageFormat } from '../../../common/contract';
import { ROTATIONS, type Rotation } from '../../../common/description';

/** One written derivative file. */
export interface DerivativeFile {
  size: DerivativeSize;
  path: string;
  width: number;
  height: number;
  bytes: number;
}

/** What making the derivatives of one photo found and wrote. */
export interface DerivativesResult {
  /** The decoded format, from the file's content (not its extension). */
  format: ImageFormat;
  /**
   * Width of the photo as a viewer shows it, after its EXIF orientation (HEIF: `irot`/`imir`)
   * and the request's rotation.
   */
  width: number;
  /** Height of the photo as a viewer shows it (the same turns as `width`). */
  height: number;
  /** EXIF orientation 1-8: 1 when the file has none, and for HEIF, whose own boxes turn it. */
  orientation: number;
  /** thumb, medium, large, in that order. */
  derivatives: DerivativeFile[];
}

/** Which photo to read, and where its derivatives go: `<outputDir>/<baseName>-<size>.webp`. */
export interface DerivativesRequest {
  sourcePath: string;
  outputDir: string;
  baseName: string;
  /**
   * Degrees clockwise the library turns the photo on top of the file's own orientation (the
   * user's rotate); the result's width and height are then as the library shows it.
   */
  rotation?: Rotation;
  /**
   * The sizes to write (all three when absent). A thumbnail alone is decoded straight to its
   * own size (thumbnails first, import-service.ts); the medium and large from the large decode.
   */
  sizes?: readonly DerivativeSize[];
}

/** Which photo to read at full resolution, and the JPEG file to write it to. */
export interface FullSizeRequest {
  sourcePath: string;
  /** Where the JPEG goes, written as a temp file beside it and renamed; its folder is created. */
  outputPath: string;
}

/** What making the full-size rendition of one photo found and wrote. */
export interface FullSizeResult {
  /** The decoded format, from the file's content (not its extension). */
  format: ImageFormat;
  /** The rendition's size: the photo's own, after its EXIF orientation (HEIF: `irot`/`imir`). */
  width: number;
  height: number;
  path: string;
  bytes: number;
}

/**
 * Refuses a request no photo could satisfy (a rotation other than a quarter turn), before it
 * is queued: a request crosses a thread or a process as plain data, unchecked by the compiler.
 */
export function checkDerivativesRequest(request: DerivativesRequest): void {
  const { rotation } = request;
  if (rotation !== undefined && !(ROTATIONS as readonly unknown[]).includes(rotation)) {
    throw new ImagingError(
      'INTERNAL',
      `a rotation must be 0, 90, 180 or 270 degrees clockwise, not ${String(rotation)}`,
    );
  }
  const { sizes } = request;
  if (sizes === undefined) return;
  const known = DERIVATIVE_SIZE_NAMES as readonly unknown[];
  if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((size) => known.includes(size))) {
    throw new ImagingError(
      'INTERNAL',
      `the sizes asked for must be some of ${DERIVATIVE_SIZE_NAMES.join(', ')}, not ${JSON.stringify(sizes)}`,
    );
  }
}

/** Refuses a full-size request without both paths, before it is queued. */
export function checkFullSizeRequest(request: FullSizeRequest): void {
  for (const key of ['sourcePath', 'outputPath'] as const) {
    const value: unknown = request[key];
    if (typeof value !== 'string' || value === '') {
      throw new ImagingError('INTERNAL', `a full-size request needs a ${key}`);
    }
  }
}

/** Why making derivatives failed; stable, so callers may branch on it. */
export type ImagingErrorCode =
  | 'UNSUPPORTED_FORMAT'
  | 'TOO_MANY_PIXELS'
  | 'CORRUPT'
  | 'IO'
  | 'CANCELLED'
  | 'WORKER_CRASHED'
  | 'INTERNAL';

/** An imaging failure as data, the form it takes between threads. */
export interface ImagingErrorData {
  code: ImagingErrorCode;
  message: string;
}

/** A failure to make the derivatives of one photo, with a message a person can act on. */
export class ImagingError extends Error {
  override readonly name = 'ImagingError';
  constructor(
    readonly code: ImagingErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The data form of this error, to cross a thread boundary. */
  toData(): ImagingErrorData {
    return { code: this.code, message: this.message };
  }
}

/** The sizes a request asks for, smallest first (all three when it names none). */
export function requestedSizes(request: DerivativesRequest): DerivativeSize[] {
  const { sizes } = request;
  if (sizes === undefined) return [...DERIVATIVE_SIZE_NAMES];
  return DERIVATIVE_SIZE_NAMES.filter((size) => sizes.includes(size));
}

/** The error of a task cancelled by its caller's signal. */
export function cancelledError(): ImagingError {
  return new ImagingError('CANCELLED', 'making derivatives was cancelled');
}

/** The error of a task the pool's shutdown ended, or that came after it. */
export function shutDownError(): ImagingError {
  return new ImagingError('CANCELLED', 'the imaging pool was shut down');
}

/**
 * Life of one task, shared between the pool and the worker through `cancelState`, so the pool
 * can cancel a task still in the queue at once and a running one at its next checkpoint.
 */
export const TaskState = { queued: 0, running: 1, cancelRequested: 2 } as const;

/** What each kind of request carries, and what it answers: the one table the union is built from. */
export interface ImagingKinds {
  derivatives: { request: DerivativesRequest; result: DerivativesResult };
  fullSize: { request: FullSizeRequest; result: FullSizeResult };
}

/** The name of a kind of imaging work. */
export type ImagingKind = keyof ImagingKinds;

/** A request of one kind to a worker. */
export type ImagingRequestOf<K extends ImagingKind> = {
  [T in K]: {
    type: T;
    request: ImagingKinds[T]['request'];
    /** Appended to every temp file name, so the pool can remove them if the worker dies. */
    tempSuffix: string;
    /** One Int32 over a SharedArrayBuffer holding a TaskState. */
    cancelState: Int32Array;
  };
}[K];

/** A request to a worker; a discriminated union so new kinds of work stay type-checked. */
export type ImagingRequest = ImagingRequestOf<ImagingKind>;

/** A worker's answer to a request of kind K: the value, or the error as data. */
export type ImagingResponseOf<K extends ImagingKind> =
  { ok: true; value: ImagingKinds[K]['result'] } | { ok: false; error: ImagingErrorData };

/** A worker's answer to any request. */
export type ImagingResponse = ImagingResponseOf<ImagingKind>;

/** Where the derivative of one size goes: `<outputDir>/<baseName>-<size>.webp`. */
export function derivativePath(outputDir: string, baseName: string, size: DerivativeSize): string {
  return join(outputDir, `${baseName}-${size}.webp`);
}

/** The temp file a derivative is written to before it is renamed into place. */
export function tempPathFor(finalPath: string, tempSuffix: string): string {
  return `${finalPath}.tmp-${tempSuffix}`;
}
