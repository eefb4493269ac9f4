// C0 controls, DEL and C1 controls (ESC, CR, LF, CSI…), and the Unicode bidi embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` (a file name, an EXIF field, a message that quotes them) made safe to print to a
 * terminal: every control character becomes a visible escape such as `\x1b`, and every bidi
 * override or isolate one such as `\u202e`, so a name cannot move the cursor, rewrite or split
 * the line, or disguise itself. Backslashes stay as they are: Windows paths must stay readable.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
