import { describe, expect, it } from 'vitest';
import { mergePacket, type OwnedProperty } from '../../../../main/core/sidecars/merge-packet';

const XMP = 'http://ns.adobe.com/xap/1.0/';
const DC = 'http://purl.org/dc/elements/1.1/';
const OWNED: OwnedProperty[] = [
  [XMP, 'Rating'],
  [XMP, 'Label'],
  [DC, 'subject'],
];
const OURS = `  <rdf:Description rdf:about=""
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:xmp="${XMP}"
   xmp:Rating="5"/>`;

function packet(body: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
${body}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

describe('mergePacket', () => {
  it("replaces the owned properties, in either form, and keeps the other apps' byte for byte", () => {
    const existing = packet(`  <rdf:Description rdf:about=""
    xmlns:xmp="${XMP}"
    xmlns:dc="${DC}"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="3"
   darktable:xmp_version="5">
   <!-- a comment with <dc:subject> in it -->
   <dc:subject>
    <rdf:Bag><rdf:li>Old</rdf:li></rdf:Bag>
   </dc:subject>
   <darktable:history>
    <rdf:Seq><rdf:li darktable:operation="exposure" darktable:params="a>b"/></rdf:Seq>
   </darktable:history>
  </rdf:Description>`);
    expect(mergePacket(existing, OURS, OWNED)).toBe(
      packet(`  <rdf:Description rdf:about=""
    xmlns:xmp="${XMP}"
    xmlns:dc="${DC}"
    xmlns:darktable="http://darktable.sf.net/"
   darktable:xmp_version="5">
   <!-- a comment with <dc:subject> in it -->
   <darktable:history>
    <rdf:Seq><rdf:li darktable:operation="exposure" darktable:params="a>b"/></rdf:Seq>
   </darktable:history>
  </rdf:Description>
${OURS}`),
    );
  });

  it('knows a property by its namespace, whatever prefix the app gave it', () => {
    const existing = packet(
      `  <rdf:Description rdf:about="" xmlns:xap="${XMP}" xap:Label="Red" xap:CreatorTool="Old app"/>`,
    );
    const merged = mergePacket(existing, OURS, OWNED)!;
    expect(merged).not.toContain('xap:Label');
    expect(merged).toContain('xap:CreatorTool="Old app"');
    // A prefix bound to another namespace is not ours.
    const foreign = packet(
      `  <rdf:Description rdf:about="" xmlns:xmp="urn:other" xmp:Rating="1"/>`,
    );
    expect(mergePacket(foreign, OURS, OWNED)).toContain('xmlns:xmp="urn:other" xmp:Rating="1"');
  });

  it('drops a description left empty, so rewriting its own output never grows the packet', () => {
    const once = mergePacket(packet(''), OURS, OWNED)!;
    const twice = mergePacket(once, OURS, OWNED)!;
    expect(twice).toBe(once);
    expect(once.match(/<rdf:Description/g)).toHaveLength(1);
    // One per namespace, as exiftool writes them: the emptied ones go, the rest stay.
    const exiftool = packet(`
 <rdf:Description rdf:about=''
  xmlns:xmp='${XMP}'>
  <xmp:Rating>2</xmp:Rating>
 </rdf:Description>

 <rdf:Description rdf:about=''
  xmlns:tiff='http://ns.adobe.com/tiff/1.0/'>
  <tiff:Make>Canon</tiff:Make>
 </rdf:Description>`);
    const merged = mergePacket(exiftool, OURS, OWNED)!;
    expect(merged.match(/<rdf:Description/g)).toHaveLength(2);
    expect(merged).toContain('<tiff:Make>Canon</tiff:Make>');
    expect(merged).not.toContain('<xmp:Rating>2');
  });

  it("keeps the packet's subject (rdf:about) for its new description", () => {
    const existing = packet(
      `  <rdf:Description rdf:about="uuid:1234" xmlns:dc="${DC}"><dc:rights>Me</dc:rights></rdf:Description>`,
    );
    expect(mergePacket(existing, OURS, OWNED)).toContain(
      '<rdf:Description rdf:about="uuid:1234"\n',
    );
    const quoted = packet(
      `  <rdf:Description rdf:about='say "$&"' xmlns:dc="${DC}"><dc:rights>Me</dc:rights></rdf:Description>`,
    );
    expect(mergePacket(quoted, OURS, OWNED)).toContain('rdf:about="say &quot;$&&quot;"\n');
  });

  it('answers null for what it cannot follow, so a fresh packet is written', () => {
    expect(mergePacket('not xml at all', OURS, OWNED)).toBeNull();
    expect(mergePacket('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', OURS, OWNED)).toBeNull();
    expect(
      mergePacket(packet('  <rdf:Description rdf:about="" xmp:Rating="3"'), OURS, OWNED),
    ).toBeNull();
    expect(
      mergePacket(packet('  <rdf:Description rdf:about=""><dc:subject>'), OURS, OWNED),
    ).toBeNull();
  });
});
