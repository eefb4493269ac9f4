import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fromStoredPath,
  isInside,
  libraryLayout,
  resolveLibraryRoot,
  toStoredPath,
} from '../../../../main/core/library/library-paths';

const layout = libraryLayout('/photos/library');

describe('library paths', () => {
  it('chooses --library, then SHOEBOX_LIBRARY, then ~/Pictures/Shoebox', () => {
    expect(resolveLibraryRoot('/a', { SHOEBOX_LIBRARY: '/b' })).toBe('/a');
    expect(resolveLibraryRoot(undefined, { SHOEBOX_LIBRARY: '/b' })).toBe('/b');
    expect(resolveLibraryRoot(undefined, {})).toMatch(/Pictures[\\/]Shoebox$/);
  });

  it('round-trips stored paths', () => {
    const file = path.join(layout.originals, '2024', '05', 'IMG_0001.jpg');
    expect(toStoredPath(layout, file)).toBe('originals/2024/05/IMG_0001.jpg');
    expect(fromStoredPath(layout, 'originals/2024/05/IMG_0001.jpg')).toBe(file);
    expect(fromStoredPath(layout, 'originals/2024/05/..IMG.jpg')).toBe(
      path.join(layout.originals, '2024', '05', '..IMG.jpg'),
    );
  });

  it('refuses stored paths that would leave the library (the database can be edited)', () => {
    for (const stored of [
      '../outside.jpg',
      'originals/../../etc/passwd',
      '/etc/passwd',
      'a//b',
      'a/./b',
      '',
      'a\\..\\b',
    ]) {
      expect(fromStoredPath(layout, stored), stored).toBeNull();
    }
  });

  it('tells inside from outside', () => {
    expect(isInside('/photos/library', '/photos/library/originals/a.jpg')).toBe(true);
    expect(isInside('/photos/library', '/photos/library')).toBe(false);
    expect(isInside('/photos/library', '/photos/library-other/a.jpg')).toBe(false);
  });
});
