/**
 * The messages between the imaging process pool (imaging-process.ts, in the app) and its child
 * (imaging-process-child.ts, in a plain Node). Plain JSON: every request carries an id, every
 * answer names the id it answers, errors travel as data.
 */
import type { DerivativesRequest, ImagingResponse } from './imaging-protocol';

/** How the child sets up its in-thread pool; passed as its one argument, in JSON. */
export interface ImagingChildConfig {
  threads: number;
  /** The start of every temp file name the child writes (then `-<random>`). */
  tempTag: string;
}

/** What the parent sends. */
export type ToImagingChild =
  | { type: 'derivatives'; id: number; request: DerivativesRequest }
  /** Cancels request `id`; the child still answers it (CANCELLED, or its result if too late). */
  | { type: 'cancel'; id: number }
  /** Cancels everything, stops the threads, then exits. */
  | { type: 'shutdown' };

/** What the child sends: one answer per request. */
export type FromImagingChild = { type: 'answer'; id: number; response: ImagingResponse };
