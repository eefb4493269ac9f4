/**
 * Where the video module writes: a temporary name beside the destination (the same folder, so
 * the final rename is atomic and a reader never sees half a file), renamed into place only
 * when the file is whole. Never next to the source: a camera card may be read-only, and an
 * original is never touched.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { VideoError } from './video-error';

/** A temporary path beside `destPath`, ending in `extension` (ffmpeg picks its muxer by it). */
export function temporaryBeside(destPath: string, extension: string): string {
  return path.join(
    path.dirname(destPath),
    `.${path.basename(destPath)}.${randomUUID().slice(0, 8)}.partial${extension}`,
  );
}

/** Whether ffmpeg wrote anything at `file`: it can exit 0 with no frame encoded. */
export async function wroteSomething(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** Moves the finished temporary file over `destPath`; IO when that fails. */
export async function moveIntoPlace(temporary: string, destPath: string): Promise<void> {
  try {
    await rename(temporary, destPath);
  } catch (error) {
    throw new VideoError(
      'IO',
      `could not write ${destPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Removes a temporary file that will not be used (a failed or cancelled run). */
export async function discard(temporary: string): Promise<void> {
  await rm(temporary, { force: true });
}
