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
 * Written by a small serializer of our own rather than exiftool: a sidecar is plain XML, it is
 * rewritten after every change (thousands at once after rating a shoot: microseconds here
 * against a process round trip per file), and the app then needs no Perl at run time. A
 * sidecar that already holds other apps' fields (one that came with the photo, or that an app
 * wrote since) is rewritten read-modify-write (merge-packet.ts): only the properties below are
 * replaced. The tests read every field back with Debian's exiftool.
 */
import type { ColorLabel, PhotoFlag, Rotation } from '../../../common/description';
import { KEYWORD_SEPARATOR } from '../../../common/description';
import { mergePacket, type OwnedProperty } from './merge-packet';

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

const NAMESPACES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  digiKam: 'http://www.digikam.org/ns/1.0/',
  tiff: 'http://ns.adobe.com/tiff/1.0/',
  exif: 'http://ns.adobe.com/exif/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
};

/**
 * The properties a Shoebox sidecar owns: those it writes, and the other apps' own fields for
 * the same things (read on import, read-description.ts), which would otherwise keep saying
 * what the photographer has changed since (a label darktable would show, a keyword digiKam
 * would bring back).
 */
const OWNED_PROPERTIES: readonly OwnedProperty[] = [
  [NAMESPACES.xmp, 'Rating'],
  [NAMESPACES.xmp, 'Label'],
  [NAMESPACES.dc, 'title'],
  [NAMESPACES.dc, 'description'],
  [NAMESPACES.dc, 'subject'],
  [NAMESPACES.lr, 'hierarchicalSubject'],
  [NAMESPACES.digiKam, 'TagsList'],
  [NAMESPACES.digiKam, 'PickLabel'],
  [NAMESPACES.digiKam, 'ColorLabel'],
  [NAMESPACES.tiff, 'Orientation'],
  [NAMESPACES.exif, 'DateTimeOriginal'],
  [NAMESPACES.photoshop, 'DateCreated'],
  [NAMESPACES.xmpMM, 'PreservedFileName'],
  ['http://darktable.sf.net/', 'colorlabels'],
  ['http://ns.iview-multimedia.com/mediapro/1.0/', 'CatalogSets'],
  ['http://ns.microsoft.com/photo/1.0/', 'LastKeywordXMP'],
];

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

/**
 * A photo's sidecar: a complete XMP packet, or, given the `existing` sidecar's text, that
 * packet with Shoebox's properties replaced and every other app's kept.
 */
export function renderSidecar(fields: SidecarFields, existing?: string | null): string {
  const description = renderDescription(fields);
  const merged = existing ? mergePacket(existing, description, OWNED_PROPERTIES) : null;
  return (
    merged ??
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Shoebox">
 <rdf:RDF xmlns:rdf="${NAMESPACES.rdf}">
${description}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`
  );
}

/** Shoebox's `rdf:Description`, declaring every namespace it uses. */
function renderDescription(fields: SidecarFields): string {
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
  const namespaces = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `\n   xmlns:${prefix}="${uri}"`)
    .join('');
  return `  <rdf:Description rdf:about=""${namespaces}${attributeText}>
${elements.join('\n')}
  </rdf:Description>`;
}

/** Where a stored original's sidecar lies: beside it, its file name plus `.xmp`. */
export function sidecarPathOf(originalPath: string): string {
  return `${originalPath}.xmp`;
}
