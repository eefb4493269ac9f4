/**
 * Folders added in place as the contract's zod shapes (issue #14): an added folder as listed,
 * and what a rescan found; `contract.ts` re-exports these. The same shapes as
 * `shoebox folder list --json` and `shoebox folder rescan --json` print.
 */
import { z } from 'zod';

/** An added folder: where it is now (or was last seen), whether its drive is there, its counts. */
export const FolderEntrySchema = z.object({
  id: z.number().int().positive(),
  path: z.string(),
  /** `offline`: its drive or share is not there (its photos stay browsable). */
  status: z.enum(['ok', 'offline']),
  photos: z.number().int(),
  /** Files gone from the folder while it is there: kept, found again when they return. */
  missing: z.number().int(),
});
export type FolderEntry = z.infer<typeof FolderEntrySchema>;

/** What a rescan found: new files (imported), changed (made anew), moved, missing, back. */
export const RescanCountsSchema = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  moved: z.number().int(),
  missing: z.number().int(),
  returned: z.number().int(),
});

/** A folder path as the user typed or picked it (an absolute path on this machine). */
export const FolderPathSchema = z.string().min(1).max(4096);
