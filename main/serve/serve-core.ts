import type { ShoeboxCore } from '../core/shoebox-core';

/** The part of the core `shoebox serve` exposes: what the HTTP routes call, and nothing more. */
export type ServeCore = Pick<
  ShoeboxCore,
  'handlers' | 'subscribe' | 'resolveMedia' | 'stageUpload' | 'discardUpload'
>;
