/**
 * The messages between the imaging process pool (imaging-process.ts, in the app) and its child
 * (imaging-process-child.ts, in a plain Node). Plain JSON: every request carries an id, every
 * answer names the id it answers, errors travel as data.
 */
import type { ImagingKind, ImagingKinds, ImagingResponse } from './imaging-protocol';

/** How the child sets up its in-thread pool; passed as its one argument, in JSON. */
export interface ImagingChildConfig {
  threads: number;
  /** The start of every temp file name the child writes (then `-<random>`). */
  tempTag: string;
}

/** A request of kind K for the child's pool, by id (the worker's request without its plumbing). */
export type ImagingTaskMessage<K extends ImagingKind = ImagingKind> = {
  [T in K]: { type: T; id: number; request: ImagingKinds[T]['request'] };
}[K];

/** What the parent sends. */
export type ToImagingChild =
  | ImagingTaskMessage
  /** Cancels request `id`; the child still answers it (CANCELLED, or its result if too late). */
  | { type: 'cancel'; id: number }
  /** Cancels everything, stops the threads, then exits. */
  | { type: 'shutdown' };

/** What the child sends: one answer per request. */
export type FromImagingChild = { type: 'answer'; id: number; response: ImagingResponse };
