/**
 * The imaging worker: a piscina task handler that answers ImagingRequests. It never throws:
 * every failure goes back as `{ ok: false, error }`, so only a real crash of the thread reaches
 * the pool as a rejected task. Bundled to dist/imaging-worker.mjs beside its callers.
 */
import sharp from 'sharp';
import { makeDerivativesInThisThread, type Checkpoint } from './derivative-pipeline';
import { makeFullSizeInThisThread } from './full-size-rendition';
import type {
  ImagingErrorData,
  ImagingKind,
  ImagingKinds,
  ImagingRequest,
  ImagingResponse,
  ImagingResponseOf,
} from './imaging-protocol';
import { ImagingError, TaskState } from './imaging-protocol';
import { errorMessage } from '../../../common/errors';

// libvips' operation cache helps a program that repeats operations on the same image; every
// task here reads a different file, so the cache would only grow the memory of each worker.
sharp.cache(false);
// One libvips thread per task: the pool runs one task per core already, and more threads per
// task would only compete for the same cores (on glibc Linux this is sharp's default anyway).
sharp.concurrency(1);

const CANCELLED_MESSAGE = 'making derivatives was cancelled';

/** Handles one request from the imaging pool. */
export default async function handleImagingRequest(
  message: ImagingRequest,
): Promise<ImagingResponse> {
  switch (message.type) {
    case 'derivatives':
      return run(message.cancelState, (checkpoint) =>
        makeDerivativesInThisThread(message.request, message.tempSuffix, checkpoint),
      );
    case 'fullSize':
      return run(message.cancelState, (checkpoint) =>
        makeFullSizeInThisThread(message.request, message.tempSuffix, checkpoint),
      );
  }
}

/**
 * Runs one task unless the pool cancelled it while it was queued, with a checkpoint that stops
 * it at its next step once the pool asks.
 */
async function run<K extends ImagingKind>(
  cancelState: Int32Array,
  work: (checkpoint: Checkpoint) => Promise<ImagingKinds[K]['result']>,
): Promise<ImagingResponseOf<K>> {
  const previous = Atomics.compareExchange(cancelState, 0, TaskState.queued, TaskState.running);
  if (previous !== TaskState.queued)
    return failure(new ImagingError('CANCELLED', CANCELLED_MESSAGE));
  const checkpoint = () => {
    if (Atomics.load(cancelState, 0) === TaskState.cancelRequested) {
      throw new ImagingError('CANCELLED', CANCELLED_MESSAGE);
    }
  };
  try {
    return { ok: true, value: await work(checkpoint) };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): { ok: false; error: ImagingErrorData } {
  if (error instanceof ImagingError) return { ok: false, error: error.toData() };
  // A bug, not a bad photo: the pipeline classifies every failure it expects.
  const message = errorMessage(error);
  return { ok: false, error: { code: 'INTERNAL', message } };
}
