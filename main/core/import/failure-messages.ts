import { errorMessage, ShoeboxError } from '../../../common/errors';

/** One clear line for a file that failed. */
export function describeFailure(error: unknown): string {
  if (error instanceof ShoeboxError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the file disappeared during import';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return "the library's disk is full";
    case 'EROFS':
    case 'SQLITE_READONLY':
      return 'the library is read-only';
    case 'EIO':
      return 'the file could not be read (I/O error: is the card still inserted?)';
    default:
      // Any other code, or none: the error's own message, below.
      break;
  }
  const message = errorMessage(error);
  // libvips and other native code report a full disk only in their message.
  if (/no space left on device|disk is full/i.test(message)) return "the library's disk is full";
  return message;
}
