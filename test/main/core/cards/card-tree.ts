/** A camera card's files as a Nikon and a phone leave them, for the card tests. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { nefLike, nefParts } from '../raw/raw-containers';

/**
 * A card as a Nikon and a phone leave it: a NEF+JPEG pair (May 1st), two JPEGs (May 2nd), one
 * with an iPhone's .AAE, and MISC/ with a print order and a JPEG that is no shot of the user's.
 */
export async function writeCard(card: string): Promise<Record<string, string>> {
  const dcim = path.join(card, 'DCIM', '100NIKON');
  await mkdir(dcim, { recursive: true });
  const nef = path.join(dcim, 'DSC_0001.NEF');
  await writeFile(nef, nefLike(await nefParts()));
  const pair = await writeSamplePhoto(path.join(dcim, 'DSC_0001.JPG'), {
    seed: 4,
    takenAt: '2024:05:01 10:00:00',
    make: 'NIKON CORPORATION',
    model: 'NIKON D850',
  });
  const second = await writeSamplePhoto(path.join(dcim, 'DSC_0002.JPG'), {
    seed: 5,
    takenAt: '2024:05:02 08:15:00',
  });
  const third = await writeSamplePhoto(path.join(dcim, 'DSC_0003.JPG'), {
    seed: 6,
    takenAt: '2024:05:02 18:40:00',
  });
  const aae = path.join(dcim, 'DSC_0003.AAE');
  await writeFile(aae, '<?xml version="1.0"?><plist version="1.0"><dict/></plist>\n');
  await writeSamplePhoto(path.join(card, 'MISC', 'IMG_9999.JPG'), { seed: 9 });
  await writeFile(path.join(card, 'MISC', 'AUTPRINT.MRK'), '[HDR]\nGEN REV = 01.00\n');
  return { nef, pair, second, third, aae };
}

/** The bytes of these files together. */
export async function sizes(...files: string[]): Promise<number> {
  const stats = await Promise.all(files.map((file) => stat(file)));
  return stats.reduce((total, { size }) => total + size, 0);
}
