/**
 * What a photographer says about a photo, as the contract's zod shapes: stars, flag, label,
 * rotation, keyword paths, the changes `updatePhotos` takes, the snapshots undo puts back and
 * the keyword tree. The plain vocabulary (lists, limits, normalisers) is `description.ts`;
 * `contract.ts` re-exports these, so callers import them from the contract as before.
 */
import { z } from 'zod';
import {
  COLOR_LABELS,
  hasControlCharacter,
  MAX_CAPTION_LENGTH,
  MAX_KEYWORD_LENGTH,
  MAX_RATING,
  MAX_TITLE_LENGTH,
  normalizeKeywordPath,
  PHOTO_FLAGS,
  ROTATIONS,
} from './description';

/** Stars, 0 (none) to 5. */
export const RatingSchema = z.number().int().min(0).max(MAX_RATING);
/** Pick or reject, or null for neither. */
export const FlagSchema = z.enum(PHOTO_FLAGS).nullable();
/** A colour label, or null for none. */
export const LabelSchema = z.enum(COLOR_LABELS).nullable();
/** Quarter turns clockwise the library applies on top of the file's own orientation. */
export const RotationSchema = z.union(ROTATIONS.map((degrees) => z.literal(degrees)));

/** A keyword path as typed (`Places/France/Paris`), normalised; refused when empty. */
export const KeywordPathSchema = z
  .string()
  .max(MAX_KEYWORD_LENGTH, `Keywords are at most ${MAX_KEYWORD_LENGTH} characters`)
  .refine((path) => !hasControlCharacter(path), 'Keywords cannot hold control characters')
  .transform((path, context) => {
    const normalized = normalizeKeywordPath(path);
    if (normalized === null) {
      context.addIssue({ code: 'custom', message: 'A keyword needs a name' });
      return z.NEVER;
    }
    return normalized;
  });

/** What a photographer said about a photo: the fields a sidecar mirrors. */
export const PhotoDescriptionSchema = z.object({
  rating: RatingSchema,
  flag: FlagSchema,
  label: LabelSchema,
  title: z.string().nullable(),
  caption: z.string().nullable(),
  /** The keywords assigned (full paths, `/` between levels), in order of the key. */
  keywords: z.array(z.string()),
});

/** A text field of a description: a string sets it, '' or null clears it. */
const describedText = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is at most ${max} characters`)
    .nullable()
    .transform((text) => (text === null || text.trim() === '' ? null : text));

/** A capture time as typed: ISO 8601 with or without a UTC offset. */
const CaptureTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'A capture time is written like 2024-07-14T18:30:00 or 2024-07-14T18:30:00+02:00',
  );

/** A UTC offset (`+02:00`, `-05:30`, `Z`). */
export const UtcOffsetSchema = z
  .string()
  .regex(/^(Z|[+-](0\d|1[0-4]):[0-5]\d)$/, 'A time zone is written +02:00, -05:30 or Z');

/**
 * What to change on every photo given; fields left out stay as they are. At most one of the
 * time changes (shift, set, time zone, revert) at once.
 */
export const PhotoChangesSchema = z
  .object({
    rating: RatingSchema.optional(),
    flag: FlagSchema.optional(),
    label: LabelSchema.optional(),
    title: describedText(MAX_TITLE_LENGTH, 'A title').optional(),
    caption: describedText(MAX_CAPTION_LENGTH, 'A caption').optional(),
    addKeywords: z.array(KeywordPathSchema).max(1000).optional(),
    removeKeywords: z.array(KeywordPathSchema).max(1000).optional(),
    /** Moves the capture time by this many seconds (a camera clock that was wrong). */
    shiftTimeSeconds: z
      .number()
      .int()
      // A century either way: more is a typo, and would leave the years a date can hold.
      .min(-3_155_760_000)
      .max(3_155_760_000)
      .optional(),
    /** Sets the capture time (with its offset, if given). */
    takenAt: CaptureTimeSchema.optional(),
    /** Reads the capture wall clock as being in this time zone (the time shown stays). */
    timeZone: UtcOffsetSchema.optional(),
    /** Back to the capture time the camera recorded. */
    revertTime: z.literal(true).optional(),
  })
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to change: give at least one field',
  })
  .refine(
    (changes) =>
      [changes.shiftTimeSeconds, changes.takenAt, changes.timeZone, changes.revertTime].filter(
        (value) => value !== undefined,
      ).length <= 1,
    { message: 'Shift, set, re-zone or revert the capture time: one at a time' },
  );

/** A photo's description and capture time as they were: what undoing a change puts back. */
export const DescriptionSnapshotSchema = z.object({
  photoId: z.number().int().positive(),
  description: PhotoDescriptionSchema.extend({ keywords: z.array(KeywordPathSchema) }),
  takenAt: CaptureTimeSchema,
});

/** One node of the keyword tree. */
export interface KeywordNode {
  /** This level's name (`Paris`). */
  name: string;
  /** The full path (`Places/France/Paris`). */
  path: string;
  /** Photos (not in the trash) that have exactly this keyword. */
  count: number;
  /** Photos that have it or any keyword under it. */
  total: number;
  children: KeywordNode[];
}

/** The keyword tree, each level sorted by name. */
export const KeywordNodeSchema: z.ZodType<KeywordNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string(),
    count: z.number().int(),
    total: z.number().int(),
    children: z.array(KeywordNodeSchema),
  }),
);

export type PhotoDescription = z.output<typeof PhotoDescriptionSchema>;
export type PhotoChanges = z.output<typeof PhotoChangesSchema>;
export type DescriptionSnapshot = z.output<typeof DescriptionSnapshotSchema>;
