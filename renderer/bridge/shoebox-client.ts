import { MAX_MEDIA_VERSION } from '../../common/bridge';
import type {
  EventName,
  EventPayload,
  ImportSource,
  PhotoSummary,
  ShoeboxApi,
} from '../../common/contract';
import type { DerivativeSize } from '../../common/derivative-sizes';

/** How far the upload of dropped files has come (browser only; Electron passes paths). */
export interface UploadProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
}

/** A file the transport could not stage for import, with the reason to show the user. */
export interface RejectedFile {
  name: string;
  error: string;
}

/** What `stageFiles` made of the files: an import source (if any file made it) and the rest. */
export interface StagedFiles {
  source: ImportSource | null;
  rejected: RejectedFile[];
}

/** Options for staging files: upload progress and a way to stop. */
export interface StageOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** What the host can do beyond the contract. */
export interface ClientCapabilities {
  /** Native open/save dialogs exist (`pickImportPaths`, `pickExportFolder`). */
  nativeDialogs: boolean;
  /** Exports can be downloaded as a zip (`{ kind: 'download' }`, then `downloadExport`). */
  zipDownload: boolean;
  /** A dropped File maps to a path on disk, so dropped folders need not be expanded here. */
  filePaths: boolean;
}

/**
 * What a media URL ends with for `version` (see `ShoeboxClient.mediaUrl`): nothing without
 * one; the servers ignore it.
 */
export function mediaVersionQuery(version = 0): string {
  return version === 0 ? '' : `?r=${version}`;
}

/**
 * The version a photo's media URLs carry: its `mediaVersion`, moved by its rotation, which the
 * UI changes in place the moment a turn is answered, before a listing brings the new version.
 */
export function mediaVersionOf(photo: Pick<PhotoSummary, 'mediaVersion' | 'rotation'>): number {
  return ((photo.mediaVersion + photo.rotation) % MAX_MEDIA_VERSION) + 1;
}

/** A size `mediaUrl` names: a derivative, or the original, a video, a Live Photo's movie. */
export type MediaUrlSize = DerivativeSize | 'original' | 'video' | 'motion';

/** Everything the UI uses: the contract, its events, media URLs, file staging and downloads. */
export type ShoeboxClient = ShoeboxApi & {
  /** Calls `listener` on every `event`; returns the function that unsubscribes it. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * The URL of one derivative of a photo, for an <img src>; `'original'` is what its 1:1 shows
   * (the file, or a full-size JPEG of a HEIC, TIFF or RAW); `'video'` what plays of a video and
   * `'motion'` a Live Photo's movie, for a <video src> (the file, or a web copy the server
   * makes before answering). `version` is the photo's `mediaVersion`: media are cached for
   * good by URL, and a turned or joined photo's files are new.
   */
  mediaUrl(photoId: number, size: MediaUrlSize, version?: number): string;
  /** Turns dropped or chosen files into something `startImport` accepts. */
  stageFiles(files: File[], options?: StageOptions): Promise<StagedFiles>;
  /**
   * Saves a finished zip export, from the URL its `location` gives, as a download (only where
   * `capabilities.zipDownload` says exports can be downloaded).
   */
  downloadExport(location: string): void;
  capabilities: ClientCapabilities;
};
