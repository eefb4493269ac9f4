/**
 * Read-modify-write of an XMP packet another app wrote (darktable's history, Lightroom's
 * develop settings, digiKam's face regions…): the properties Shoebox owns are taken out of
 * every `rdf:Description`, wherever and in whichever form they are (attribute or element), and
 * Shoebox's own `rdf:Description` is put beside the rest. Everything else stays byte for byte,
 * as ExifTool does and as ../shared/research/organise.md, A2.3 asks ("never regenerate the whole
 * packet"). Works on the text with a small scanner of XML's lexical forms; a packet it cannot
 * follow is answered with null, and the caller writes a fresh one.
 */

const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** A property, by namespace URI and local name (prefixes vary between apps). */
export type OwnedProperty = readonly [namespace: string, localName: string];

/** One tag of the packet: where it starts and ends, what kind it is, its qualified name. */
interface Tag {
  start: number;
  end: number;
  kind: 'open' | 'close' | 'empty' | 'other';
  name: string;
}

/** One attribute of a start tag, with the span it takes (leading whitespace included). */
interface Attribute {
  name: string;
  value: string;
  start: number;
  end: number;
}

/**
 * `existing` with the `owned` properties taken out and `description` (a complete
 * `rdf:Description` element, with its namespace declarations) put in before `</rdf:RDF>`; an
 * `rdf:Description` left with nothing (Shoebox's own, from the last time) goes. Null when
 * `existing` holds no `rdf:RDF` element this scanner can follow.
 */
export function mergePacket(
  existing: string,
  description: string,
  owned: readonly OwnedProperty[],
): string | null {
  const tags = scanTags(existing);
  if (!tags) return null;
  const ownedKeys = new Set(owned.map(([namespace, name]) => `${namespace} ${name}`));
  // Namespace declarations in scope, innermost last.
  const scopes: Map<string, string>[] = [];
  let rdf = 0;
  for (; rdf < tags.length; rdf += 1) {
    const tag = tags[rdf]!;
    if (tag.kind === 'other') continue;
    if (tag.kind === 'close') {
      scopes.pop();
      continue;
    }
    const attributes = attributesOf(existing, tag);
    if (!attributes) return null;
    scopes.push(declarations(attributes));
    if (tag.kind === 'open' && isRdf(tag.name, 'RDF', scopes)) break;
    if (tag.kind === 'empty') scopes.pop();
  }
  const rdfEnd = rdf < tags.length ? closingIndex(tags, rdf) : -1;
  if (rdfEnd < 0) return null;

  const removals: [number, number][] = [];
  let about: string | null = null;
  for (let child = rdf + 1; child < rdfEnd; child += 1) {
    const element = elementAt(existing, tags, child, scopes);
    if (element === 'skip') continue;
    if (!element) return null;
    if (isRdf(tags[child]!.name, 'Description', scopes)) {
      const cleaned = cleanDescription(existing, tags, child, element, scopes, ownedKeys);
      if (!cleaned) return null;
      about ??= cleaned.about;
      removals.push(...cleaned.removals);
    }
    scopes.pop();
    child = element.end;
  }

  // The value as written (escaped already), quoted anew: it may have come in single quotes.
  const subject = (about ?? '').replace(/"/g, '&quot;');
  const ours = description.replace('rdf:about=""', () => `rdf:about="${subject}"`);
  const at = leadingSpace(existing, tags[rdfEnd]!.start);
  let merged = `${existing.slice(0, at)}\n${ours}${existing.slice(at)}`;
  // Taken out from the end first, so the earlier spans keep their offsets (all lie before the
  // insertion point).
  for (const [start, end] of removals.sort((a, b) => b[0] - a[0])) {
    merged = merged.slice(0, start) + merged.slice(end);
  }
  return merged;
}

/** An element's start tag at `index`: its attributes and the index of its last tag. */
interface Element {
  attributes: Attribute[];
  end: number;
}

/**
 * The element starting at tag `index`, its namespace declarations pushed onto `scopes` (the
 * caller pops them); `skip` for a closing tag, a comment or the like; null when malformed.
 */
function elementAt(
  text: string,
  tags: Tag[],
  index: number,
  scopes: Map<string, string>[],
): Element | 'skip' | null {
  const tag = tags[index]!;
  if (tag.kind === 'other' || tag.kind === 'close') return 'skip';
  const attributes = attributesOf(text, tag);
  const end = tag.kind === 'empty' ? index : closingIndex(tags, index);
  if (!attributes || end < 0) return null;
  scopes.push(declarations(attributes));
  return { attributes, end };
}

/**
 * The spans to take out of the `rdf:Description` at tag `open`: its owned properties, or the
 * whole element when nothing else is left in it.
 */
function cleanDescription(
  text: string,
  tags: Tag[],
  open: number,
  element: Element,
  scopes: Map<string, string>[],
  ownedKeys: Set<string>,
): { about: string | null; removals: [number, number][] } | null {
  const removals: [number, number][] = [];
  let about: string | null = null;
  let kept = 0;
  for (const attribute of element.attributes) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) continue;
    if (isRdf(attribute.name, 'about', scopes)) about = attribute.value;
    else if (ownedKeys.has(expandedName(attribute.name, scopes))) {
      removals.push([attribute.start, attribute.end]);
    } else kept += 1;
  }
  for (let child = open + 1; child < element.end; child += 1) {
    const property = elementAt(text, tags, child, scopes);
    if (property === 'skip') continue;
    if (!property) return null;
    if (ownedKeys.has(expandedName(tags[child]!.name, scopes))) {
      removals.push([leadingSpace(text, tags[child]!.start), tags[property.end]!.end]);
    } else kept += 1;
    scopes.pop();
    child = property.end;
  }
  if (kept > 0) return { about, removals };
  return {
    about,
    removals: [[leadingSpace(text, tags[open]!.start), tags[element.end]!.end]],
  };
}

/** Every tag of `text` in order, or null when one is never closed. */
function scanTags(text: string): Tag[] | null {
  const tags: Tag[] = [];
  let position = text.indexOf('<');
  while (position >= 0) {
    const other = (terminator: string): Tag | null => {
      const end = text.indexOf(terminator, position);
      return end < 0
        ? null
        : { start: position, end: end + terminator.length, kind: 'other', name: '' };
    };
    let tag: Tag | null;
    if (text.startsWith('<!--', position)) tag = other('-->');
    else if (text.startsWith('<![CDATA[', position)) tag = other(']]>');
    else if (text.startsWith('<?', position)) tag = other('?>');
    else if (text.startsWith('<!', position)) tag = other('>');
    else tag = elementTag(text, position);
    if (!tag) return null;
    tags.push(tag);
    position = text.indexOf('<', tag.end);
  }
  return tags;
}

/** The start, end or empty-element tag at `start`, quoted `>` allowed in its attributes. */
function elementTag(text: string, start: number): Tag | null {
  let quote: string | null = null;
  for (let position = start + 1; position < text.length; position += 1) {
    const char = text[position]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      const closing = text[start + 1] === '/';
      const name = /^\/?([^\s/>]+)/.exec(text.slice(start + 1, position))?.[1] ?? '';
      const kind = closing ? 'close' : text[position - 1] === '/' ? 'empty' : 'open';
      return { start, end: position + 1, kind, name };
    }
  }
  return null;
}

const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** The attributes of a start tag, or null when it is not well formed. */
function attributesOf(text: string, tag: Tag): Attribute[] | null {
  const inner = tag.start + 1 + tag.name.length;
  const stop = tag.end - (tag.kind === 'empty' ? 2 : 1);
  const attributes: Attribute[] = [];
  ATTRIBUTE.lastIndex = inner;
  let position = inner;
  for (;;) {
    const match = ATTRIBUTE.exec(text);
    if (!match || match.index >= stop) break;
    attributes.push({
      name: match[1]!,
      value: match[2] ?? match[3] ?? '',
      start: match.index,
      end: ATTRIBUTE.lastIndex,
    });
    position = ATTRIBUTE.lastIndex;
  }
  return text.slice(position, stop).trim() === '' ? attributes : null;
}

function declarations(attributes: Attribute[]): Map<string, string> {
  const declared = new Map<string, string>();
  for (const { name, value } of attributes) {
    if (name === 'xmlns') declared.set('', value);
    else if (name.startsWith('xmlns:')) declared.set(name.slice('xmlns:'.length), value);
  }
  return declared;
}

/** `prefix:local` as `namespace local`, the prefix looked up in the scopes, innermost first. */
function expandedName(name: string, scopes: Map<string, string>[]): string {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const local = name.slice(colon + 1);
  for (let depth = scopes.length - 1; depth >= 0; depth -= 1) {
    const namespace = scopes[depth]!.get(prefix);
    if (namespace !== undefined) return `${namespace} ${local}`;
  }
  return ` ${local}`;
}

function isRdf(name: string, local: string, scopes: Map<string, string>[]): boolean {
  return expandedName(name, scopes) === `${RDF_NAMESPACE} ${local}`;
}

/** The index of the tag that closes the element opened at `open`; -1 when none does. */
function closingIndex(tags: Tag[], open: number): number {
  let depth = 0;
  for (let index = open; index < tags.length; index += 1) {
    const { kind } = tags[index]!;
    if (kind === 'open') depth += 1;
    else if (kind === 'close' && --depth === 0) return index;
  }
  return -1;
}

/**
 * Where the indentation before `position` starts, its line break included (so taking a line out
 * leaves no blank line), when only spaces stand between them; else `position`.
 */
function leadingSpace(text: string, position: number): number {
  let start = position;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start -= 1;
  if (text[start - 1] === '\n') start -= 1;
  if (text[start - 1] === '\r') start -= 1;
  return start < position && /^[\r\n]/.test(text.slice(start, position)) ? start : position;
}
