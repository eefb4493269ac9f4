import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  contentIdentifierOf,
  readAppleContentIdentifier,
} from '../../../../main/core/metadata/apple-content-identifier';
import { APP1, withSegment } from '../../../helpers/exif-jpeg';
import { HEIC_FIXTURES } from '../../../helpers/heic-fixtures';
import { makeTempDir } from '../../../helpers/temp-dir';
import { TiffBuilder } from '../raw/raw-containers';
import { appleMakerNote } from '../import/live-photo-files';

const IDENTIFIER = '6F0A9C8E-1B2D-4C3E-9F40-5A6B7C8D9E0F';

/** An iPhone-like EXIF block (little-endian, as iPhones write it) holding a maker note. */
function exifWith(makerNote: Buffer): Buffer {
  const tiff = new TiffBuilder(true);
  const exif = tiff.ifd([{ tag: 0x927c, type: 7, bytes: makerNote }]);
  const ifd0 = tiff.ifd([
    { tag: 0x010f, type: 2, text: 'Apple' },
    { tag: 0x8769, type: 4, values: [exif] },
  ]);
  return tiff.finish(ifd0);
}

describe("Apple's ContentIdentifier", () => {
  it('reads the Live Photo key from the maker note of a JPEG still', async () => {
    const dir = await makeTempDir();
    const plain = await sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 20, b: 30 } },
    })
      .jpeg()
      .toBuffer();
    const exif = exifWith(appleMakerNote(IDENTIFIER));
    const file = path.join(dir, 'IMG_0001.JPG');
    await writeFile(
      file,
      withSegment(plain, APP1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exif])),
    );

    expect(await readAppleContentIdentifier(file)).toBe(IDENTIFIER);
  });

  it('answers null for stills without one, and for damaged maker notes', async () => {
    // An iPhone HEIC's EXIF without a maker note.
    expect(await readAppleContentIdentifier(HEIC_FIXTURES.camera)).toBeNull();
    expect(await readAppleContentIdentifier('/nonexistent/IMG.HEIC')).toBeNull();
    // Another tag of Apple's maker note (ImageUniqueID, 0x0015) is not the pairing key.
    expect(contentIdentifierOf(exifWith(appleMakerNote(IDENTIFIER, 0x0015)))).toBeNull();
    // A maker note of another maker.
    const nikon = Buffer.concat([Buffer.from('Nikon\0\x02\x10\0\0', 'latin1'), Buffer.alloc(40)]);
    expect(contentIdentifierOf(exifWith(nikon))).toBeNull();
    // Cut short anywhere: never throws, never reads past the end, never half a key.
    const whole = exifWith(appleMakerNote(IDENTIFIER));
    for (let length = 0; length < whole.length; length += 3) {
      expect([null, IDENTIFIER], `${length} bytes`).toContain(
        contentIdentifierOf(whole.subarray(0, length)),
      );
    }
    // Without the IFD0 table at its end, nothing can be found.
    expect(contentIdentifierOf(whole.subarray(0, whole.length - 30))).toBeNull();
  });
});
