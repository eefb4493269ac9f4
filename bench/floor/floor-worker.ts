/**
 * The floor's worker thread: today's imaging worker (main/core/imaging/imaging-worker.ts as of
 * issue 15) running the frozen floor pipeline, with the same libvips settings.
 */
import sharp from 'sharp';
import { makeDerivativesInThisThread } from './floor-pipeline';
import type {
  DerivativesRequest,
  DerivativesResult,
} from '../../main/core/imaging/imaging-protocol';

sharp.cache(false);
sharp.concurrency(1);

/** Makes one photo's derivatives; the bench only sends photos that succeed. */
export default function makeFloorDerivatives(task: {
  request: DerivativesRequest;
  tempSuffix: string;
}): Promise<DerivativesResult> {
  return makeDerivativesInThisThread(task.request, task.tempSuffix, () => {});
}
