/**
 * The marker file that identifies an added folder on a file system with no UUID the OS gives
 * (tmpfs, many network shares, some FAT cards): `.shoebox-volume` at the folder's root, holding
 * one UUID. Written only when the user allowed Shoebox to write in that folder; read always
 * (a folder marked before keeps its identity). Hidden, so no walk indexes it.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The marker's file name, at the root of the added folder. */
export const MARKER_FILE_NAME = '.shoebox-volume';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The UUID of the marker in `folder`, or null when there is none (or it is not ours). */
export async function readVolumeMarker(folder: string): Promise<string | null> {
  try {
    const id = (await readFile(path.join(folder, MARKER_FILE_NAME), 'utf8')).trim();
    return UUID_PATTERN.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * The marker's UUID in `folder`, writing a new marker when there is none. Never replaces a
 * file of that name it cannot read as a marker (`wx`): it throws then, as for a folder it
 * cannot write to, with the reason in the message.
 */
export async function ensureVolumeMarker(folder: string): Promise<string> {
  const existing = await readVolumeMarker(folder);
  if (existing) return existing;
  const id = randomUUID();
  const file = path.join(folder, MARKER_FILE_NAME);
  try {
    await writeFile(file, `${id}\n`, { flag: 'wx' });
  } catch (error) {
    throw new Error(`Cannot write the volume marker ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return id;
}
