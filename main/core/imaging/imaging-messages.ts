/** The text of libvips' and libheif's errors, as the imaging errors quote it. */
import { errorMessage } from '../../../common/errors';

/**
 * Why a header could not be read. For HEIF, the line libheif wrote ("Unexpected end of file:
 * …"), without its error code: libvips' own first line only says where it stopped reading.
 */
export function headerErrorOf(error: unknown): string {
  const message = errorMessage(error);
  const libheif = /^heif: (.*?)(?: \(\d+\.\d+\))?$/m.exec(message);
  return libheif ? libheif[1] : messageOf(error);
}

/** The first line of an error's message: libvips appends every warning it met on more lines. */
export function messageOf(error: unknown): string {
  const message = errorMessage(error);
  // libvips ends some messages with a colon and nothing after it ("corrupt header:").
  return message.split('\n', 1)[0]!.replace(/[:\s]+$/, '');
}
