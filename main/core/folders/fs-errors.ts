/** File system errors as one line a person can act on. */
import { errorMessage } from '../../../common/errors';

/** A one-line, user-readable description of a file system error. */
export function describeFsError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EIO':
      return 'read error (the disk may be damaged or was unplugged)';
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EBUSY':
      return 'file is busy';
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'ESTALE':
      return 'the network share does not answer';
    default:
      return errorMessage(error).split('\n')[0];
  }
}
