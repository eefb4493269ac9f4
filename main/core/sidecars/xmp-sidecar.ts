/**
 * The XMP sidecar Shoebox keeps beside each original in the library (`<file name>.xmp`), so
 * the library describes itself and other apps read what was said about a photo. The fields
 * and their forms follow what Lightroom Classic, darktable, digiKam and exiftool read
 * (../shared/research/organise.md, A2.1): xmp:Rating and xmp:Label, keywords three ways
 * (dc:subject leaves, lr:hierarchicalSubject with `|`, digiKam:TagsList with `/`), dc:title and
 * dc:description as language alternatives, digiKam:PickLabel for the pick/reject flag (XMP has
 * no standard one), tiff:Orientation with the library's rotation composed in, the capture
 * time with its offset, and the name the file had before import.
 *
 * Written by a small serializer of our own rather than exiftool: a sidecar in the library is
 * plain XML whose every field is ours, it is rewritten after every change (thousands at once
 * after rating a shoot: microseconds here against a process round trip per file), and the app
 * then needs no Perl at run time. The tests read every field back with Debian's exiftool.
 */
import type { ColorLabel, PhotoFlag, Rotation } from '../../../common/description';
import { KEYWORD_SEPARATOR } from '../../../common/description';

/** What a sidecar says about one photo. */
export interface SidecarFields {
  rating: number;
  flag: PhotoFlag | null;
  label: ColorLabel | null;
  title: string | null;
  caption: string | null;
  keywords: string[];
  /** The file's own EXIF orientation (1-8). */
  orientation: number;
  rotation: Rotation;
  /** ISO 8601, with its offset when known. */
  takenAt: string;
  /** The file's name where it came from. */
  originalName: string;
}

// digiKam's PickLabel values: 0 none, 1 rejected, 2 pending, 3 accepted.
const PICK_LABEL: Record<PhotoFlag, number> = { reject: 1, pick: 3 };

// EXIF orientation of a stored image shown turned `degrees` clockwise, without and with a
// horizontal mirror first (EXIF 2.32, Orientation tag): turning on top of a mirrored photo
// stays mirrored.
const ORIENTATION_BY_TURN: Record<'plain' | 'mirrored', Record<Rotation, number>> = {
  plain: { 0: 1, 90: 6, 180: 3, 270: 8 },
  mirrored: { 0: 2, 90: 7, 180: 4, 270: 5 },
};

/** The EXIF orientation that shows the file as the library does (its own, then `rotation`). */
export function composedOrientation(orientation: number, rotation: Rotation): number {
  for (const kind of ['plain', 'mirrored'] as const) {
    const turns = ORIENTATION_BY_TURN[kind];
    const found = (Object.keys(turns) as unknown as Rotation[]).find(
      (degrees) => turns[degrees] === orientation,
    );
    if (found !== undefined) {
      return turns[((Number(found) + rotation) % 360) as Rotation];
    }
  }
  return ORIENTATION_BY_TURN.plain[rotation];
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function languageAlternative(name: string, text: string): string {
  return `   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt></${name}>`;
}

function list(name: string, kind: 'Bag' | 'Seq', items: string[]): string {
  const entries = items.map((item) => `<rdf:li>${escapeXml(item)}</rdf:li>`).join('');
  return `   <${name}><rdf:${kind}>${entries}</rdf:${kind}></${name}>`;
}

/** A complete XMP packet for a photo's sidecar. */
export function renderSidecar(fields: SidecarFields): string {
  const attributes: [string, string][] = [['xmp:Rating', String(fields.rating)]];
  if (fields.label) {
    attributes.push(['xmp:Label', fields.label[0]!.toUpperCase() + fields.label.slice(1)]);
  }
  attributes.push(['digiKam:PickLabel', String(fields.flag ? PICK_LABEL[fields.flag] : 0)]);
  attributes.push([
    'tiff:Orientation',
    String(composedOrientation(fields.orientation, fields.rotation)),
  ]);
  attributes.push(['exif:DateTimeOriginal', fields.takenAt]);
  attributes.push(['photoshop:DateCreated', fields.takenAt]);
  attributes.push(['xmpMM:PreservedFileName', fields.originalName]);

  const elements: string[] = [];
  if (fields.title) elements.push(languageAlternative('dc:title', fields.title));
  if (fields.caption) elements.push(languageAlternative('dc:description', fields.caption));
  if (fields.keywords.length > 0) {
    const leaves = [
      ...new Set(fields.keywords.map((path) => path.split(KEYWORD_SEPARATOR).at(-1)!)),
    ];
    elements.push(list('dc:subject', 'Bag', leaves));
    elements.push(
      list(
        'lr:hierarchicalSubject',
        'Bag',
        fields.keywords.map((path) => path.split(KEYWORD_SEPARATOR).join('|')),
      ),
    );
    elements.push(list('digiKam:TagsList', 'Seq', fields.keywords));
  }

  const attributeText = attributes
    .map(([name, value]) => `\n   ${name}="${escapeXml(value)}"`)
    .join('');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Shoebox">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
   xmlns:xmp="http://ns.adobe.com/xap/1.0/"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   xmlns:digiKam="http://www.digikam.org/ns/1.0/"
   xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
   xmlns:exif="http://ns.adobe.com/exif/1.0/"
   xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
   xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"${attributeText}>
${elements.join('\n')}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
}

/** Where a stored original's sidecar lies: beside it, its file name plus `.xmp`. */
export function sidecarPathOf(originalPath: string): string {
  return `${originalPath}.xmp`;
}
