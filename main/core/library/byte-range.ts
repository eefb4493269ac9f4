/**
 * HTTP byte ranges (RFC 9110 §14) of a media file, for both transports (`shoebox serve` and the
 * desktop's `shoebox-media://`): a `<video>` asks for `bytes=0-` first and then for the part
 * it seeks to, and plays nothing seekable without them.
 */

/** What a request's Range header asks of a file of a known size. */
export type RangeAnswer =
  /** No usable Range (absent, not bytes, several ranges): the whole file, 200. */
  | { kind: 'whole' }
  /** One satisfiable range, both ends inclusive and inside the file: 206. */
  | { kind: 'part'; start: number; end: number }
  /** A well-formed range that lies outside the file: 416. */
  | { kind: 'unsatisfiable' };

// One range of bytes: `first-last`, `first-` or a suffix `-length`, digits only. Sixteen digits
// at most keeps every number a safe integer (files are far smaller than 10^16 bytes).
const ONE_RANGE = /^bytes=[ \t]*(\d{0,16})-(\d{0,16})[ \t]*$/i;

/**
 * What `header` asks of a file of `size` bytes. A header that is not one byte range is
 * ignored (the whole file), as RFC 9110 lets a server do: browsers ask media for one range,
 * and answering several as multipart/byteranges would serve no player. Never throws.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const match = ONE_RANGE.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last `length` bytes (all of a shorter file); none of an empty one.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  // A range backwards is not a range (ignored); one forwards from past the end is unsatisfiable.
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Number(last);
  // A last byte past the end means "to the end".
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

/** The Content-Range of a part of a file of `size` bytes: `bytes 0-99/1000`. */
export function contentRange(part: { start: number; end: number }, size: number): string {
  return `bytes ${part.start}-${part.end}/${size}`;
}

/** The Content-Range of a 416: `bytes *\/1000`, telling the client the file's size. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
