import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const run = promisify(execFile);

/** Runs Debian's exiftool, as Lightroom, digiKam or a photographer's script would have written. */
async function exiftool(...args: string[]): Promise<string> {
  const { stdout } = await run('exiftool', ['-q', ...args]).catch((error: unknown) => {
    throw new Error(
      `exiftool must be installed for this test (apt-get install libimage-exiftool-perl): ${String(error)}`,
    );
  });
  return stdout;
}

/** What exiftool reads from a file's XMP, numbers as numbers. */
async function exiftoolRead(file: string): Promise<Record<string, unknown>> {
  return (
    JSON.parse(await exiftool('-j', '-n', '-struct', '-XMP:all', file)) as Record<string, unknown>[]
  )[0]!;
}

/** A darktable sidecar as darktable 4 writes it (exiftool has no tag for its colour labels). */
function darktableSidecar(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:darktable="http://darktable.sf.net/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   xmp:Rating="3"
   xmpMM:DerivedFrom="IMG_0003.JPG"
   darktable:import_timestamp="63851234567000000"
   darktable:xmp_version="5"
   darktable:history_end="1">
   <darktable:colorlabels>
    <rdf:Seq>
     <rdf:li>2</rdf:li>
    </rdf:Seq>
   </darktable:colorlabels>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>Rome</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Places|Italy|Rome</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
   <darktable:history>
    <rdf:Seq>
     <rdf:li
      darktable:num="0"
      darktable:operation="exposure"
      darktable:enabled="1"
      darktable:modversion="6"
      darktable:params="0000000000000000"
      darktable:multi_name=""
      darktable:multi_priority="0"/>
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;
}

/** Sets a file's modification time, seconds after 2024-01-01. */
async function age(file: string, seconds: number): Promise<void> {
  const when = new Date(Date.UTC(2024, 0, 1) + seconds * 1000);
  await utimes(file, when, when);
}

/**
 * A card as the other apps leave it: each photo a small JPEG with camera EXIF, then described
 * the way its app writes (embedded, `IMG.xmp`, `IMG.JPG.xmp`).
 */
async function writeDescribedCard(card: string): Promise<void> {
  const photo = (name: string, seed: number) =>
    writeSamplePhoto(path.join(card, name), { seed, takenAt: '2024:05:01 10:00:00' });

  // Lightroom Classic: a JPEG gets its XMP embedded.
  await exiftool(
    '-overwrite_original',
    '-XMP-xmp:Rating=4',
    '-XMP-xmp:Label=Yellow',
    '-XMP-lr:HierarchicalSubject=Places|France|Paris',
    '-XMP-lr:HierarchicalSubject=People|Anna',
    ...['Paris', 'France', 'Places', 'Anna', 'People'].map((tag) => `-XMP-dc:Subject=${tag}`),
    '-XMP-dc:Title=Tour Eiffel, été',
    '-XMP-dc:Title-fr=La tour',
    '-XMP-dc:Description=From the Trocadéro',
    await photo('IMG_0001.JPG', 1),
  );

  // Lightroom (or Capture One, Photo Mechanic) sidecar: IMG.xmp, with develop settings.
  await photo('IMG_0002.JPG', 2);
  await exiftool(
    '-XMP-xmp:Rating=2',
    '-XMP-xmp:Label=Blue',
    '-XMP-lr:HierarchicalSubject=Trips|Japan|Tokyo',
    '-XMP-dc:Subject=Tokyo',
    '-XMP-dc:Subject=Japan',
    '-XMP-dc:Description=Shibuya crossing',
    '-XMP-crs:Exposure2012=+0.50',
    path.join(card, 'IMG_0002.xmp'),
  );

  // darktable: IMG.JPG.xmp.
  await photo('IMG_0003.JPG', 3);
  await writeFile(path.join(card, 'IMG_0003.JPG.xmp'), darktableSidecar());

  // digiKam, writing into the file: TagsList, PickLabel accepted, ColorLabel 5 (blue).
  await exiftool(
    '-overwrite_original',
    '-XMP-xmp:Rating=5',
    '-XMP-digiKam:TagsList=Events/Wedding/Ceremony',
    '-XMP-digiKam:TagsList=People/Bride',
    '-XMP-digiKam:PickLabel=3',
    '-XMP-digiKam:ColorLabel=5',
    '-XMP-dc:Subject=Ceremony',
    await photo('IMG_0004.JPG', 4),
  );

  // Bridge or darktable's reject: xmp:Rating -1.
  await exiftool('-overwrite_original', '-XMP-xmp:Rating=-1', await photo('IMG_0005.JPG', 5));

  // An older tool's IPTC only, in UTF-8.
  await exiftool(
    '-overwrite_original',
    '-IPTC:CodedCharacterSet=UTF8',
    '-IPTC:Keywords=Plage',
    '-IPTC:Keywords=Été',
    '-IPTC:ObjectName=Côte sauvage',
    '-IPTC:Caption-Abstract=Sable fin, marée basse',
    await photo('IMG_0006.JPG', 6),
  );

  // Both names beside one photo: the newer one wins.
  await photo('IMG_0007.JPG', 7);
  const older = path.join(card, 'IMG_0007.xmp');
  const newer = path.join(card, 'IMG_0007.JPG.XMP');
  await exiftool('-XMP-xmp:Rating=1', '-XMP-dc:Title=Older', older);
  await exiftool('-XMP-xmp:Rating=5', newer);
  await age(older, 10);
  await age(newer, 20);
}

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// The card is made once (exiftool is a Perl start per call) and copied for each test.
let madeCard: Promise<string> | null = null;
afterAll(async () => {
  if (madeCard) await rm(path.dirname(await madeCard), { recursive: true, force: true });
});
function describedCard(): Promise<string> {
  madeCard ??= (async () => {
    const card = path.join(await mkdtemp(path.join(tmpdir(), 'shoebox-card-')), 'card');
    await mkdir(card);
    await writeDescribedCard(card);
    return card;
  })();
  return madeCard;
}

async function importCard(): Promise<{ root: string; photos: Map<string, Photo> }> {
  const base = await makeTempDir();
  const card = path.join(base, 'card');
  // Copied with their modification times, which tell the two sidecars of IMG_0007 apart.
  await cp(await describedCard(), card, { recursive: true, preserveTimestamps: true });
  const root = path.join(base, 'library');
  core = await openCore({ libraryRoot: root, imagingThreads: 1 });
  const summary = await core.importFiles([{ path: card }]);
  expect(summary.failed).toEqual([]);
  // The sidecars came with their photos: none is a file left out.
  expect(summary.skipped).toEqual([]);
  expect(summary.totals).toMatchObject({ files: 7, imported: 7, skipped: 0, failed: 0 });
  const photos = new Map(summary.imported.map((photo) => [photo.originalName, photo]));
  return { root, photos };
}

const sorted = (keywords: string[]) => [...keywords].sort();

describe('importing what Lightroom, darktable and digiKam wrote', () => {
  it('reads every field, from the file, its sidecars and IPTC', async () => {
    const { photos } = await importCard();
    const described = (name: string) => {
      const { rating, flag, label, title, caption, keywords } = photos.get(name)!;
      return { rating, flag, label, title, caption, keywords: sorted(keywords) };
    };
    expect(described('IMG_0001.JPG')).toEqual({
      rating: 4,
      flag: null,
      label: 'yellow',
      title: 'Tour Eiffel, été',
      caption: 'From the Trocadéro',
      keywords: ['People/Anna', 'Places/France/Paris'],
    });
    expect(described('IMG_0002.JPG')).toEqual({
      rating: 2,
      flag: null,
      label: 'blue',
      title: null,
      caption: 'Shibuya crossing',
      keywords: ['Trips/Japan/Tokyo'],
    });
    expect(described('IMG_0003.JPG')).toEqual({
      rating: 3,
      flag: null,
      label: 'green',
      title: null,
      caption: null,
      keywords: ['Places/Italy/Rome'],
    });
    expect(described('IMG_0004.JPG')).toEqual({
      rating: 5,
      flag: 'pick',
      label: 'blue',
      title: null,
      caption: null,
      keywords: ['Events/Wedding/Ceremony', 'People/Bride'],
    });
    expect(described('IMG_0005.JPG')).toMatchObject({ rating: 0, flag: 'reject' });
    expect(described('IMG_0006.JPG')).toEqual({
      rating: 0,
      flag: null,
      label: null,
      title: 'Côte sauvage',
      caption: 'Sable fin, marée basse',
      keywords: ['Plage', 'Été'],
    });
    // The newer sidecar's rating wins; the older one's title fills what the newer lacks.
    expect(described('IMG_0007.JPG')).toMatchObject({ rating: 5, title: 'Older' });
    // The keyword tree has them all, with their parents.
    const tree = await core!.handlers.listKeywords({});
    expect(JSON.stringify(tree)).toContain('"Ceremony"');
  });

  it("writes the library's sidecar with both Shoebox's fields and the other apps' own", async () => {
    const { photos } = await importCard();
    await core!.close();
    core = null;

    const darktable = await exiftoolRead(`${photos.get('IMG_0003.JPG')!.path}.xmp`);
    expect(darktable).toMatchObject({
      // Shoebox's fields.
      Rating: 3,
      Label: 'Green',
      PickLabel: 0,
      TagsList: ['Places/Italy/Rome'],
      HierarchicalSubject: ['Places|Italy|Rome'],
      PreservedFileName: 'IMG_0003.JPG',
      // darktable's own, kept.
      Xmp_version: 5,
      DerivedFrom: 'IMG_0003.JPG',
      History_end: 1,
      History: [expect.objectContaining({ Operation: 'exposure', Modversion: 6 })],
    });
    const lightroom = await exiftoolRead(`${photos.get('IMG_0002.JPG')!.path}.xmp`);
    expect(lightroom).toMatchObject({
      Rating: 2,
      Label: 'Blue',
      Description: 'Shibuya crossing',
      TagsList: ['Trips/Japan/Tokyo'],
      Exposure2012: '+0.50',
    });
    // A photo with no sidecar of its own gets Shoebox's, from its embedded description.
    const embedded = await exiftoolRead(`${photos.get('IMG_0004.JPG')!.path}.xmp`);
    expect(embedded).toMatchObject({ Rating: 5, PickLabel: 3, Label: 'Blue' });
  });

  it("keeps darktable's fields when Shoebox rewrites the sidecar after a change", async () => {
    const { photos } = await importCard();
    const photo = photos.get('IMG_0003.JPG')!;
    await core!.handlers.updatePhotos({
      photoIds: [photo.id],
      changes: { rating: 1, label: null, flag: 'pick', addKeywords: ['Trips/2024'] },
    });
    await core!.close();
    core = null;

    const tags = await exiftoolRead(`${photo.path}.xmp`);
    expect(tags).toMatchObject({
      Rating: 1,
      PickLabel: 3,
      TagsList: ['Places/Italy/Rome', 'Trips/2024'],
      Xmp_version: 5,
      History: [expect.objectContaining({ Operation: 'exposure' })],
    });
    // The label removed in Shoebox is gone from darktable's own field too.
    expect(tags).not.toHaveProperty('Label');
    expect(tags).not.toHaveProperty('Colorlabels');
  });

  it("adds a duplicate's sidecar to the photo already there, keeping what the user said", async () => {
    const base = await makeTempDir();
    const first = await writeSamplePhoto(path.join(base, 'card', 'DSC_0042.JPG'), { seed: 42 });
    core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
    const [photo] = (await core.importFiles([{ path: first }])).imported;
    await core.handlers.updatePhotos({
      photoIds: [photo!.id],
      changes: { rating: 2, title: 'Mine', addKeywords: ['Family'] },
    });

    // The same photo again, later, with the sidecar another app wrote for it meanwhile.
    const again = path.join(base, 'backup', 'DSC_0042.JPG');
    await mkdir(path.dirname(again));
    await copyFile(first, again);
    await exiftool(
      '-XMP-xmp:Rating=5',
      '-XMP-xmp:Label=Red',
      '-XMP-dc:Title=Theirs',
      '-XMP-dc:Description=Their caption',
      '-XMP-lr:HierarchicalSubject=Places|Oslo',
      '-XMP-dc:Subject=family',
      `${again}.xmp`,
    );
    const summary = await core.importFiles([{ path: path.dirname(again) }]);

    expect(summary.duplicates).toEqual([{ path: again, photoId: photo!.id }]);
    expect(summary.skipped).toEqual([]);
    const after = await core.handlers.getPhoto({ photoId: photo!.id });
    expect(after).toMatchObject({
      rating: 2,
      label: 'red',
      title: 'Mine',
      caption: 'Their caption',
    });
    expect(sorted(after.keywords)).toEqual(['Family', 'Places/Oslo']);
  });
});
