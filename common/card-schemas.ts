/**
 * Camera cards as the contract's zod shapes: a mounted card and what on it is new, by capture
 * day (what `listCards` answers and `cardsChanged` carries); `contract.ts` re-exports these.
 */
import { z } from 'zod';

/** One capture day of a camera card: what the card prompt offers to import per day. */
export const CardDaySchema = z.object({
  /** The capture day as the camera's clock had it, `YYYY-MM-DD`. */
  day: z.string(),
  /** Its shots (a RAW+JPEG pair once, sidecars not at all). */
  files: z.number().int(),
  /** Those not yet in the library by content. */
  newFiles: z.number().int(),
  /** The originals of its new shots. */
  paths: z.array(z.string()),
  /**
   * Every file of its new shots (originals, pairs, motion files, sidecars): what to import,
   * since an import of a RAW alone would leave its JPEG on the card.
   */
  importPaths: z.array(z.string()),
});

/**
 * A mounted camera card (a volume with `DCIM/` at its root) and what is on it. `files` counts
 * shots, `bytes` all their files; `newFiles` and `newBytes` those whose original is not in the
 * library by content.
 */
export const CameraCardSchema = z.object({
  path: z.string(),
  /** The volume's label (its folder name) or drive letter. */
  label: z.string(),
  files: z.number().int(),
  newFiles: z.number().int(),
  bytes: z.number().int(),
  newBytes: z.number().int(),
  /** Whether the device can be unplugged; null where the platform does not say. */
  removable: z.boolean().nullable(),
  /** Files on the card that could not be read (a damaged card). */
  unreadable: z.number().int(),
  /** The shots by capture day, newest day first. */
  days: z.array(CardDaySchema),
});
