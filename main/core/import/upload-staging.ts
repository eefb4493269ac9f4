import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import type { LibraryLayout } from '../library/library-paths';
import { sanitizeFileName } from './file-names';
import type { ImportInput } from './import-service';

/** A file a browser is uploading, staged inside the library until it is imported. */
export interface StagedUpload {
  uploadId: string;
  path: string;
}

/** The uploads of one core, from staging to import or discard. */
export interface UploadStaging {
  /** A place inside the library to stream an upload to, and its id for an import. */
  stage(originalName: string): Promise<StagedUpload>;
  /**
   * The import inputs of these uploads, marked as being imported (they no longer expire);
   * NOT_FOUND, with nothing marked, when one of them is not waiting.
   */
  claim(uploadIds: string[]): ImportInput[];
  /** Drops an upload (its file too), imported or not. */
  discard(uploadId: string): Promise<void>;
  /** Drops every upload. */
  close(): Promise<void>;
}

// An hour: far longer than uploading a card's worth of photos takes before it is imported.
const UPLOAD_TTL_MS = 60 * 60 * 1000;

/**
 * Upload staging under `.staging/uploads/`. Uploads a browser sent but never imported (a closed
 * tab) expire after an hour instead of filling the library's disk until the server stops.
 */
export function createUploadStaging(layout: LibraryLayout, leaseId: () => string): UploadStaging {
  const uploads = new Map<
    string,
    { path: string; originalName: string; stagedAt: number; importing: boolean }
  >();

  async function discard(uploadId: string): Promise<void> {
    const upload = uploads.get(uploadId);
    uploads.delete(uploadId);
    if (upload) await rm(upload.path, { force: true });
  }

  return {
    async stage(originalName) {
      const expired = [...uploads].filter(
        ([, upload]) => !upload.importing && Date.now() - upload.stagedAt > UPLOAD_TTL_MS,
      );
      await Promise.all(expired.map(([uploadId]) => discard(uploadId)));
      const uploadId = randomUUID();
      const dir = path.join(layout.staging, 'uploads');
      await mkdir(dir, { recursive: true });
      // The lease id in the name tells `verify --repair` whether the writer still runs; the
      // original extension tells the scanner a camera RAW from the TIFF it looks like.
      const extension = path.extname(sanitizeFileName(originalName)).toLowerCase();
      const file = path.join(dir, `upload-${leaseId()}-${uploadId}${extension}`);
      uploads.set(uploadId, {
        path: file,
        originalName: path.basename(originalName) || 'upload',
        stagedAt: Date.now(),
        importing: false,
      });
      return { uploadId, path: file };
    },
    claim(uploadIds) {
      // Every id is checked before any is marked: a refused import leaves no upload marked as
      // importing, which would then never expire.
      const missing = uploadIds.find((uploadId) => !uploads.has(uploadId));
      if (missing !== undefined) {
        throw new ShoeboxError('NOT_FOUND', `No upload with id ${missing} is waiting.`);
      }
      return uploadIds.map((uploadId) => {
        const upload = uploads.get(uploadId)!;
        upload.importing = true;
        return { path: upload.path, originalName: upload.originalName };
      });
    },
    discard,
    async close() {
      await Promise.all([...uploads.keys()].map((uploadId) => discard(uploadId)));
    },
  };
}
