import type { Command } from 'commander';
import type { Photo } from '../../common/contract';
import { printable } from './printable';
import type { ShoeboxCore } from '../core/shoebox-core';
import { getAlbumByName } from './album-names';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

interface PhotosFlags extends LibraryFlags {
  album?: string;
  trash?: boolean;
  json?: boolean;
}

// The contract pages listings; the CLI prints all of them, a thousand rows per call.
const PAGE_SIZE = 1000;

/** Adds `shoebox photos`: the library's photos, one album's, or the trash's. */
export function registerPhotosCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('photos'))
    .description('list the photos of the library or of one album')
    .option('--album <name>', 'only this album, in album order')
    .option('--trash', 'the photos in the trash')
    .option('--json', 'print JSON')
    .action(async (flags: PhotosFlags) => {
      await context.withCore(flags, async (core) => {
        const albumId = flags.album ? (await getAlbumByName(core, flags.album)).id : undefined;
        const photos = await allPhotos(core, { albumId, trashed: flags.trash });
        context.io.stdout(
          flags.json ? `${JSON.stringify(photos, null, 2)}\n` : formatPhotos(photos),
        );
      });
    });
}

/**
 * Every photo of the listing with its full record (`--json` prints paths and hashes), following
 * the listing's cursors to the last page.
 */
async function allPhotos(
  core: ShoeboxCore,
  listing: { albumId?: number; trashed?: boolean },
): Promise<Photo[]> {
  const photos: Photo[] = [];
  let cursor: string | null = null;
  do {
    const page = await core.listPhotoRecords({ ...listing, cursor, limit: PAGE_SIZE });
    photos.push(...page.photos);
    cursor = page.nextCursor;
  } while (cursor);
  return photos;
}

/**
 * One aligned line per photo (id, time, size, camera, name, and for a photo left in a folder
 * that cannot be read now, `(missing)` or `(offline)`), then the count.
 */
export function formatPhotos(photos: Photo[]): string {
  if (photos.length === 0) return 'No photos.\n';
  const lines = photos.map((photo) =>
    [
      String(photo.id).padStart(6),
      photo.takenAt.slice(0, 19).replace('T', ' '),
      `${photo.width}x${photo.height}`.padEnd(11),
      // Escaped before padding, so the columns line up with what the terminal shows.
      printable([photo.cameraMake, photo.cameraModel].filter(Boolean).join(' ')).padEnd(24),
      printable(photo.originalName) + (photo.status === 'ok' ? '' : `  (${photo.status})`),
    ].join('  '),
  );
  return `${lines.join('\n')}\n${photos.length} photo${photos.length === 1 ? '' : 's'}.\n`;
}
