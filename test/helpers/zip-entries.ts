import { readFile } from 'node:fs/promises';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  crc32: number;
  size: number;
}

// Signatures of the end-of-central-directory record and of a central directory entry.
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The entries a zip file lists (read from its central directory; no zip64, no comment). */
export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  const zip = await readFile(file);
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== END_OF_DIRECTORY) throw new Error('not a zip (or has a comment)');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw new Error('bad central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      crc32: zip.readUInt32LE(offset + 16),
      size: zip.readUInt32LE(offset + 24),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
