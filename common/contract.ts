/**
 * The one contract between the UI and the core: every operation as method name → zod schema of
 * its input → zod schema of its result, plus typed events. Both transports (Electron IPC and
 * `shoebox serve` over HTTP) are generated from this table, and the renderer's interface type
 * is derived from it, never written twice.
 */
import { z } from 'zod';
import { MAX_MEDIA_VERSION } from './bridge';
import { DERIVATIVE_SIZE_NAMES } from './derivative-sizes';
import { ROTATE_DIRECTIONS } from './description';
import {
  DescriptionSnapshotSchema,
  FlagSchema,
  KeywordNodeSchema,
  LabelSchema,
  PhotoChangesSchema,
  PhotoDescriptionSchema,
  RatingSchema,
  RotationSchema,
} from './description-schemas';
import type { CardDaySchema } from './card-schemas';
import { CameraCardSchema } from './card-schemas';
import { FolderEntrySchema, FolderPathSchema, RescanCountsSchema } from './folder-schemas';
import { ERROR_CODES } from './errors';
import { MAX_QUERY_LENGTH, SEARCH_SORTS } from './search/query-ast';
import { MEDIA_FORMATS, PHOTO_FILE_ROLES } from './media-formats';

export * from './card-schemas';
export * from './folder-schemas';
export * from './description-schemas';

// ---------- shared shapes ----------

export * from './media-formats';

const id = z.number().int().positive();
const isoDate = z.string();

/** A photo's GPS position in decimal degrees. */
export const GpsSchema = z.object({ lat: z.number(), lon: z.number() });

/** One stored derivative file (absolute path). */
export const DerivativeSchema = z.object({
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
});

/**
 * Where a photo's original lives: copied into the library, or left where it is in a folder
 * added in place (`shoebox folder add`).
 */
export const PhotoSourceSchema = z.enum(['library', 'folder']);
export type PhotoSource = z.infer<typeof PhotoSourceSchema>;

/**
 * Whether a photo's original can be read: `missing` when its file is gone from a folder that is
 * there (kept, found again when it returns), `offline` when its folder's drive or share is not
 * there (browsable from its derivatives). A photo of the library is always `ok`.
 */
export const PhotoStatusSchema = z.enum(['ok', 'missing', 'offline']);
export type PhotoStatus = z.infer<typeof PhotoStatusSchema>;

/** One of a photo's files (absolute path). */
export const PhotoFileSchema = z.object({
  role: z.enum(PHOTO_FILE_ROLES),
  path: z.string(),
  bytes: z.number().int(),
});

/**
 * A photo in the library with everything recorded about it, file paths and hash included: the
 * shape of `shoebox photos --json`, of `getPhoto` (with more) and of an imported file's outcome.
 */
export const PhotoSchema = z.object({
  id,
  originalName: z.string(),
  path: z.string(),
  hash: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** The original's format, from its content: an image, a camera RAW or a video container. */
  format: z.enum(MEDIA_FORMATS),
  /** A still photo (an image or a RAW, a Live Photo too) or a video. */
  kind: z.enum(['photo', 'video']),
  /** Every file the photo is: the original first, then its pair, motion file and sidecars. */
  files: z.array(PhotoFileSchema),
  source: PhotoSourceSchema,
  status: PhotoStatusSchema,
  /** A video's length; null for a photo. */
  durationSeconds: z.number().nullable(),
  takenAt: isoDate,
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  lens: z.string().nullable(),
  gps: GpsSchema.nullable(),
  importedAt: isoDate,
  trashedAt: isoDate.nullable(),
  ...PhotoDescriptionSchema.shape,
  /** The capture time as the camera recorded it, when the user has changed it; else null. */
  takenAtOriginal: isoDate.nullable(),
  rotation: RotationSchema,
  /** One entry per derivative size (every size, in DERIVATIVE_SIZE_NAMES order). */
  derivatives: z.record(z.enum(DERIVATIVE_SIZE_NAMES), DerivativeSchema),
});

/**
 * A photo as listings send it: what the UI reads from a listed photo and nothing more, so a
 * page carries no file paths or hash (which `shoebox serve` would otherwise hand a browser for
 * every photo of every page). The media come by id (`mediaUrl(id, size)`).
 */
export const PhotoSummarySchema = z.object({
  id,
  /** The tile's and the viewer's label. */
  originalName: z.string(),
  /** The info panel's size, and what a Delete Forever confirmation adds up. */
  bytes: z.number().int(),
  /** The info panel's dimensions. */
  width: z.number().int(),
  height: z.number().int(),
  /** Where the photo falls in the timeline (its day, its order); the info panel's date. */
  takenAt: isoDate,
  /** The viewer's info panel on first paint, before `getPhoto` answers. */
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  lens: z.string().nullable(),
  gps: GpsSchema.nullable(),
  /** The large derivative's size: the viewer's frame takes its shape before the image loads. */
  large: z.object({ width: z.number().int(), height: z.number().int() }),
  /** The tile's badges. */
  rating: RatingSchema,
  flag: FlagSchema,
  label: LabelSchema,
  /** How the viewer turns the original at 1:1 (the derivatives are made turned). */
  rotation: RotationSchema,
  /**
   * Part of the media URLs, which are cached for good: it changes whenever what they answer
   * does (a turn, a late RAW or JPEG joining the photo, the sizes of thumbnails first landing),
   * so a window never shows an image it kept from before.
   */
  mediaVersion: z.number().int().min(1).max(MAX_MEDIA_VERSION),
  /** The tile's RAW and video badges, and what the viewer plays. */
  kind: z.enum(['photo', 'video']),
  format: z.enum(MEDIA_FORMATS),
  durationSeconds: z.number().nullable(),
  /** A RAW with the camera's JPEG beside it (one shot, two files): the tile's RAW+JPEG badge. */
  pair: z.boolean(),
  /** A Live Photo (a still with a motion file): the tile's LIVE badge and the viewer's control. */
  live: z.boolean(),
  /** The info panel says where the file is; a missing or offline tile is marked. */
  source: PhotoSourceSchema,
  status: PhotoStatusSchema,
});

/** A photo with what the viewer's info panel shows. */
export const PhotoDetailsSchema = PhotoSchema.extend({
  exposure: z.object({
    exposureTime: z.number().nullable(),
    fNumber: z.number().nullable(),
    iso: z.number().nullable(),
    focalLength: z.number().nullable(),
  }),
  albums: z.array(z.object({ id, name: z.string() })),
});

/** An album with its photo count and cover. */
export const AlbumSchema = z.object({
  id,
  name: z.string(),
  photoCount: z.number().int(),
  coverPhotoId: id.nullable(),
  createdAt: isoDate,
  /** A smart album's search: its photos are those the search finds now. Null: a manual one. */
  query: z.string().nullable(),
});

const orderSchema = z.enum(['asc', 'desc']);

/** How a listing or a search is paged: its order, where a page starts, how long it is. */
const pagingFields = {
  order: orderSchema.optional(),
  /** Sorted by capture time only, instead of a cursor: start at the first photo of this day. */
  fromDay: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD')
    .optional(),
  limit: z.number().int().min(1).max(1000).optional(),
};

/** Photo counts per capture day, in listing order: the skeleton of a timeline. */
const TimelineDaysSchema = z.array(z.object({ day: z.string(), count: z.number().int() }));

/** A search query as typed (the language of common/search/parse-query.ts). */
export const SearchQuerySchema = z
  .string()
  .max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters`);

/** A smart album's query: a search that does not find everything. */
const SmartQuerySchema = SearchQuerySchema.refine((query) => query.trim() !== '', {
  message: 'A smart album needs a search',
});

const facet = <T extends z.ZodType>(value: T) =>
  z.array(z.object({ value, count: z.number().int() }));

/** How many of a search's photos have each value: what the filter bar shows beside a choice. */
export const SearchFacetsSchema = z.object({
  rating: facet(z.number().int()),
  flag: facet(z.enum(['pick', 'reject', 'none'])),
  label: facet(z.string()),
  type: facet(z.string()),
  year: facet(z.string()),
  camera: facet(z.string()),
  lens: facet(z.string()),
  keyword: facet(z.string()),
});

/** A name users type for an album: trimmed, not empty, no control characters. */
export const AlbumNameSchema = z
  .string()
  .trim()
  .min(1, 'An album needs a name')
  .max(200, 'Album names are at most 200 characters')
  // Control characters break file names in exports and are never typed on purpose.
  .refine(
    (name) => ![...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f),
    'Album names cannot hold control characters',
  );

/** What to import: paths on this machine, or files a browser uploaded to `shoebox serve`. */
export const ImportSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paths'), paths: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal('uploads'), uploadIds: z.array(z.string().min(1)).min(1) }),
]);

/** Counters of an import in progress or finished. */
export const ImportTotalsSchema = z.object({
  files: z.number().int(),
  bytes: z.number().int(),
  processed: z.number().int(),
  processedBytes: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});

/** The counters of an import that has counted nothing yet: a start to spread counts over. */
export const NO_IMPORT_TOTALS: Readonly<z.output<typeof ImportTotalsSchema>> = Object.freeze({
  files: 0,
  bytes: 0,
  processed: 0,
  processedBytes: 0,
  imported: 0,
  duplicates: 0,
  skipped: 0,
  failed: 0,
});

/**
 * What happened to one file of an import. An imported photo comes as a listing would send it:
 * events go to every window and browser, which have no use for the library's paths.
 */
export const FileOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('imported'), path: z.string(), photo: PhotoSummarySchema }),
  z.object({ status: z.literal('duplicate'), path: z.string(), photoId: id }),
  z.object({ status: z.literal('skipped'), path: z.string(), reason: z.string() }),
  z.object({ status: z.literal('failed'), path: z.string(), error: z.string() }),
]);

/** Import progress, as events: queued files, one outcome per file, then the end. */
export const ImportProgressSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('queued'),
    importId: z.string(),
    files: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
    totals: ImportTotalsSchema,
  }),
  z.object({
    type: z.literal('file'),
    importId: z.string(),
    outcome: FileOutcomeSchema,
    totals: ImportTotalsSchema,
  }),
  z.object({
    type: z.literal('finished'),
    importId: z.string(),
    totals: ImportTotalsSchema,
    cancelled: z.boolean(),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  }),
]);

/** Where an export goes: a folder, a zip file, or (under `shoebox serve`) a zip to download. */
export const ExportDestinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.object({ kind: z.literal('zip'), path: z.string().min(1) }),
  z.object({ kind: z.literal('download') }),
]);

/** Export progress, as events. */
export const ExportProgressSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    exportId: z.string(),
    /** Photos whose every file is in place. */
    done: z.number().int(),
    total: z.number().int(),
    /**
     * The share of the work done, 0..1, for a progress bar: it moves within a photo whose
     * files take long to make (a video's web copy), where `done` stands still.
     */
    fraction: z.number().min(0).max(1),
  }),
  z.object({
    type: z.literal('finished'),
    exportId: z.string(),
    cancelled: z.boolean(),
    /** Where the result is: a folder or zip path, or a URL path to download it from. */
    location: z.string().nullable(),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
    /**
     * The items of a finished export whose files could not all be made, each with why: a
     * video whose web copy failed is in the gallery as its poster only.
     */
    failed: z.array(z.object({ name: z.string(), reason: z.string() })),
  }),
]);

/** A page of photos in keyset order; `nextCursor` is null on the last page. */
export const PhotoPageSchema = z.object({
  photos: z.array(PhotoSummarySchema),
  nextCursor: z.string().nullable(),
  /** How many photos the whole listing has; only on the first page (no cursor). */
  total: z.number().int().nullable(),
});

/** Another Shoebox process working on this library now: the CLI, a server, another app. */
export const OtherProcessSchema = z.object({
  /** What it is: `shoebox import`, `shoebox serve`, `Shoebox app`. */
  program: z.string(),
  pid: z.number().int(),
  host: z.string(),
  /** What it is doing (`importing`, `repairing`), or null while it is idle. */
  activity: z.string().nullable(),
  startedAt: z.string(),
});

const empty = z.object({}).strict();
const ok = z.object({ count: z.number().int() });

// ---------- the contract ----------

/** Every operation the UI can ask of the core. */
export const contract = {
  /** Where the library is and how big it is. */
  getLibraryInfo: {
    input: empty,
    output: z.object({
      path: z.string(),
      photoCount: z.number().int(),
      albumCount: z.number().int(),
      trashCount: z.number().int(),
      originalsBytes: z.number().int(),
      derivativesBytes: z.number().int(),
      /** The other processes on this library; `libraryChanged` 'activity' says when it moves. */
      otherProcesses: z.array(OtherProcessSchema),
      /**
       * The disk the library is on: on a network share (`network`) its database is not safe,
       * which the UI says. `fileSystem` is the OS's name for it (`ext4`, `nfs4`; '' unknown).
       */
      /**
       * The disk of the library folder; `databaseLocal` when its database is kept on this
       * computer's disk while the library is on a share (which makes the share safe).
       */
      storage: z.object({
        network: z.boolean(),
        fileSystem: z.string(),
        databaseLocal: z.boolean(),
      }),
    }),
  },
  /** All albums, in the user's order. */
  listAlbums: { input: empty, output: z.array(AlbumSchema) },
  /** The album with this name, in any case (names are unique regardless of case), or null. */
  findAlbum: { input: z.object({ name: z.string().max(1000) }), output: AlbumSchema.nullable() },
  /**
   * Creates an album, or with `query` a smart album (its photos are those the search finds);
   * CONFLICT when the name exists (case-insensitive), INVALID_INPUT for a query that does not
   * parse.
   */
  createAlbum: {
    input: z.object({ name: AlbumNameSchema, query: SmartQuerySchema.optional() }),
    output: AlbumSchema,
  },
  /** Changes a smart album's search; CONFLICT for a manual album. */
  setAlbumQuery: { input: z.object({ albumId: id, query: SmartQuerySchema }), output: AlbumSchema },
  /** Renames an album; CONFLICT when the new name exists. */
  renameAlbum: { input: z.object({ albumId: id, name: AlbumNameSchema }), output: AlbumSchema },
  /** Deletes an album; its photos stay in the library. */
  deleteAlbum: { input: z.object({ albumId: id }), output: ok },
  /** Puts the albums in this order (every album id, each once). */
  reorderAlbums: { input: z.object({ albumIds: z.array(id) }), output: ok },
  /**
   * A page of photos: all (by capture time) or one album's (in album order), or the trash. Each
   * is a summary; `getPhoto` has the rest.
   */
  listPhotos: {
    input: z.object({
      albumId: id.optional(),
      trashed: z.boolean().optional(),
      ...pagingFields,
      cursor: z.string().max(200).nullable().optional(),
    }),
    output: PhotoPageSchema,
  },
  /** How many photos each capture day has, in listing order: the skeleton of the timeline. */
  getTimeline: {
    input: z.object({ order: orderSchema.optional() }),
    output: TimelineDaysSchema,
  },
  /**
   * A page of the photos a search finds (the trash never included), sorted and keyset-paged
   * as `listPhotos` pages; `total` on the first page. INVALID_INPUT, naming where, for a query
   * that does not parse. `fromDay` starts a capture-time page at a day (sort `taken` only).
   */
  search: {
    input: z.object({
      query: SearchQuerySchema,
      sort: z.enum(SEARCH_SORTS).optional(),
      ...pagingFields,
      // A search's cursor holds its sort keys, a file name's natural key among them.
      cursor: z.string().max(2000).nullable().optional(),
    }),
    output: PhotoPageSchema,
  },
  /** How many photos a search finds on each capture day: the skeleton of its timeline. */
  searchTimeline: {
    input: z.object({ query: SearchQuerySchema, order: orderSchema.optional() }),
    output: TimelineDaysSchema,
  },
  /** The filter bar's counts: per stars, flag, label, type, year, camera, lens and keyword. */
  searchFacets: { input: z.object({ query: SearchQuerySchema }), output: SearchFacetsSchema },
  /** One photo with its details; NOT_FOUND for an unknown id. */
  getPhoto: { input: z.object({ photoId: id }), output: PhotoDetailsSchema },
  /**
   * Adds photos to the end of an album; photos already there are left where they are. Answers
   * the ones it added (how many, and which: undo takes out only those).
   */
  addPhotosToAlbum: {
    input: z.object({ albumId: id, photoIds: z.array(id).min(1) }),
    output: ok.extend({ addedPhotoIds: z.array(id) }),
  },
  /** Removes photos from an album (they stay in the library). */
  removePhotosFromAlbum: {
    input: z.object({ albumId: id, photoIds: z.array(id).min(1) }),
    output: ok,
  },
  /** Moves photos within an album to just before another photo (null: to the end). */
  movePhotosInAlbum: {
    input: z.object({ albumId: id, photoIds: z.array(id).min(1), beforePhotoId: id.nullable() }),
    output: ok,
  },
  /** Moves photos to the library's trash (restorable; originals are kept). */
  trashPhotos: { input: z.object({ photoIds: z.array(id).min(1) }), output: ok },
  /** Brings photos back from the trash. */
  restorePhotos: { input: z.object({ photoIds: z.array(id).min(1) }), output: ok },
  /** Deletes photos in the trash for good: their originals and derivatives leave the disk. */
  deleteFromTrash: { input: z.object({ photoIds: z.array(id).min(1) }), output: ok },
  /** Deletes every photo in the trash for good. */
  emptyTrash: { input: empty, output: ok },
  /**
   * Changes the description (stars, flag, label, title, caption, keywords) and capture time of
   * every photo given, in one transaction; NOT_FOUND, and nothing changed, when an id does not
   * exist. Answers each photo's state before, for undo (`restoreDescriptions`).
   */
  updatePhotos: {
    input: z.object({ photoIds: z.array(id).min(1).max(200_000), changes: PhotoChangesSchema }),
    output: z.object({ count: z.number().int(), previous: z.array(DescriptionSnapshotSchema) }),
  },
  /** Puts descriptions and capture times back as a snapshot had them (undo, redo). */
  restoreDescriptions: {
    input: z.object({ snapshots: z.array(DescriptionSnapshotSchema).min(1).max(200_000) }),
    output: ok,
  },
  /**
   * Turns photos a quarter (or half) turn in the library: their derivatives are made again,
   * width and height swap; the original file is never changed. NOT_FOUND for an unknown id.
   */
  rotatePhotos: {
    input: z.object({
      photoIds: z.array(id).min(1).max(10_000),
      direction: z.enum(ROTATE_DIRECTIONS),
    }),
    output: ok,
  },
  /** The keyword tree with photo counts (photos in the trash not counted). */
  listKeywords: { input: empty, output: z.array(KeywordNodeSchema) },
  /**
   * Starts an import under the id the caller minted, which it answers; progress arrives as
   * `importProgress` events with that id. The caller knows the id before the first event, which
   * may come before the answer. CONFLICT while an import with that id is running.
   */
  startImport: {
    input: z.object({ importId: z.uuid(), source: ImportSourceSchema, albumId: id.optional() }),
    output: z.object({ importId: z.string() }),
  },
  /** Cancels an import; files already imported stay. */
  cancelImport: { input: z.object({ importId: z.string() }), output: ok },
  /** Starts exporting an album as a web gallery; progress arrives as `exportProgress` events. */
  startExport: {
    input: z.object({
      albumId: id,
      destination: ExportDestinationSchema,
      title: z.string().max(500).optional(),
      keepGps: z.boolean().optional(),
      captionFileNames: z.boolean().optional(),
    }),
    output: z.object({ exportId: z.string() }),
  },
  /** Cancels an export; nothing half-written is left under its final name. */
  cancelExport: { input: z.object({ exportId: z.string() }), output: ok },
  /**
   * The camera cards mounted on the machine the core runs on, each with what is on it and
   * what of it is new; `cardsChanged` says when cards come or go.
   */
  listCards: { input: empty, output: z.array(CameraCardSchema) },
  /**
   * Ejects a camera card listed by `listCards` through the system's own tool; NOT_FOUND for a
   * path that is no mounted card, IO_ERROR with the system's words when it refuses.
   */
  ejectCard: { input: z.object({ path: z.string().min(1).max(4096) }), output: ok },
  /** The folders added in place, in the order they were added. */
  listFolders: { input: empty, output: z.array(FolderEntrySchema) },
  /**
   * Adds a folder in place: indexes it (answered once done), then imports its photos where
   * they are in the background with `importProgress` events under `importId`, as `startImport`
   * does. CONFLICT when it (or a folder in or around it) is added already, INVALID_INPUT when
   * it is no readable folder or lies inside the library. Its files are never written.
   */
  addFolder: {
    input: z
      .object({
        path: FolderPathSchema,
        importId: z.uuid(),
        watch: z.boolean().optional(),
        writeXmp: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ folder: FolderEntrySchema, importId: z.string() }),
  },
  /**
   * Rescans one added folder, or all: new files imported, changed ones made anew, moved and
   * renamed ones kept with their photos, gone ones marked missing, a folder whose drive is not
   * there offline. Answered when done.
   */
  rescanFolders: {
    input: z.object({ folderId: id.optional() }).strict(),
    output: RescanCountsSchema,
  },
  /**
   * Points an added folder that moved (or whose drive came back elsewhere) at its new place,
   * then rescans it: its photos keep everything. NOT_FOUND for an unknown folder.
   */
  locateFolder: {
    input: z.object({ folderId: id, path: FolderPathSchema }).strict(),
    output: FolderEntrySchema,
  },
  /**
   * Points a photo whose file is missing from its added folder at the file where it is now
   * (inside an added folder, the same content); the photo keeps everything. INVALID_INPUT for
   * a photo of the library, a file outside the added folders, or another picture.
   */
  locateFile: { input: z.object({ photoId: id, path: FolderPathSchema }).strict(), output: ok },
  /** Forgets an added folder and its photos; the files on disk stay as they are. */
  removeFolder: { input: z.object({ folderId: id }).strict(), output: ok },
  /**
   * Deletes photos left in added folders from the disk (their original and the files beside it
   * that are theirs), and from the library: the one action that removes a user's file, which
   * the UI confirms first. Photos of the library itself are refused (INVALID_INPUT): they go
   * through the trash. Answers how many photos were deleted.
   */
  deleteFromDisk: {
    input: z.object({ photoIds: z.array(id).min(1).max(10_000) }).strict(),
    output: ok,
  },
  /**
   * Asks the user for files (or, with `folders`, folders such as a camera card) to import;
   * desktop only, UNSUPPORTED elsewhere. Empty when cancelled.
   */
  pickImportPaths: {
    input: z.object({ folders: z.boolean().optional() }).strict(),
    output: z.array(z.string()),
  },
  /** Asks the user for an export folder (desktop only; UNSUPPORTED elsewhere); null if cancelled. */
  pickExportFolder: { input: empty, output: z.string().nullable() },
} as const;

/**
 * Why `libraryChanged` was sent; the UI refetches by it:
 * - `albums`: this process changed albums (names, order, membership), which no listing but an
 *   album's shows;
 * - `photos`: this process changed photos' descriptions, capture times or rotation;
 * - `trash`: this process moved photos into, out of or away from the trash;
 * - `external`: another process (the CLI, another window's server) changed photos or albums;
 * - `activity`: only what other processes are doing changed (`otherProcesses`);
 * - `reconnected`: never from the core; the HTTP client says it when its event stream comes
 *   back, because events sent while it was away are lost.
 */
export const LIBRARY_CHANGE_REASONS = [
  'albums',
  'photos',
  'trash',
  'external',
  'activity',
  'reconnected',
] as const;

/** Commands of the desktop app's menu that the UI carries out itself. */
export const MENU_COMMANDS = ['new-album', 'undo', 'redo'] as const;

/** Events the core (or, for `menuCommand`, the desktop shell) pushes to the UI. */
export const events = {
  importProgress: ImportProgressSchema,
  exportProgress: ExportProgressSchema,
  /** Something changed outside the caller's own request (another window, the CLI): refetch. */
  libraryChanged: z.object({ reason: z.enum(LIBRARY_CHANGE_REASONS) }),
  /** Camera cards came or went: all the cards mounted now, as `listCards` answers. */
  cardsChanged: z.array(CameraCardSchema),
  /**
   * The user chose a menu command the UI carries out (New Album opens the naming field). Only
   * the Electron shell sends it; `shoebox serve` has no menu and never does.
   */
  menuCommand: z.object({ command: z.enum(MENU_COMMANDS) }),
} as const;

// ---------- derived types ----------

/** A contract method's name. */
export type MethodName = keyof typeof contract;
/** A contract event's name. */
export type EventName = keyof typeof events;
/** What a method takes (before defaults). */
export type MethodInput<M extends MethodName> = z.input<(typeof contract)[M]['input']>;
/** What a method takes after validation. */
export type ParsedInput<M extends MethodName> = z.output<(typeof contract)[M]['input']>;
/** What a method answers. */
export type MethodOutput<M extends MethodName> = z.output<(typeof contract)[M]['output']>;
/** An event's payload. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
/** One event as it crosses every transport: its name, and its payload. */
export type EventEnvelope = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** The interface the renderer programs against: one async function per contract method. */
export type ShoeboxApi = {
  [M in MethodName]: Record<string, never> extends MethodInput<M>
    ? (input?: MethodInput<M>) => Promise<MethodOutput<M>>
    : (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

/** The core's side: one handler per method, given input already validated. */
export type ShoeboxHandlers = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>>;
};

export type Photo = z.output<typeof PhotoSchema>;
export type PhotoSummary = z.output<typeof PhotoSummarySchema>;
export type PhotoDetails = z.output<typeof PhotoDetailsSchema>;
export type Album = z.output<typeof AlbumSchema>;
export type Gps = z.output<typeof GpsSchema>;
export type PhotoFile = z.output<typeof PhotoFileSchema>;
export type ImportSource = z.output<typeof ImportSourceSchema>;
export type ImportTotals = z.output<typeof ImportTotalsSchema>;
export type FileOutcome = z.output<typeof FileOutcomeSchema>;
export type ImportProgress = z.output<typeof ImportProgressSchema>;
export type ExportProgress = z.output<typeof ExportProgressSchema>;
export type ExportDestination = z.output<typeof ExportDestinationSchema>;
export type PhotoPage = z.output<typeof PhotoPageSchema>;
export type SearchFacets = z.output<typeof SearchFacetsSchema>;
export type CameraCard = z.output<typeof CameraCardSchema>;
export type CardDay = z.output<typeof CardDaySchema>;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export type LibraryChangeReason = (typeof LIBRARY_CHANGE_REASONS)[number];
