import { useEffect, useState } from 'react';
import type { PhotoDetails } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { reportError } from '../../store/feedback';

interface Fetched {
  key: string;
  details: PhotoDetails[];
}

/**
 * The photos in full (`getPhoto` each) for the describe fields, fetched again after a change
 * (`refresh`, or `libraryChanged` for descriptions: an undo, another process). `given` is a
 * first fetch the caller made itself (the viewer's): then only the fetches after a change are
 * made here. Null while the first answer is out, or when `enabled` is false.
 */
export function useDescribedPhotos(
  photoIds: readonly number[],
  { enabled = true, given }: { enabled?: boolean; given?: PhotoDetails[] | null } = {},
): { details: PhotoDetails[] | null; refresh: () => void } {
  const client = useClient();
  const key = photoIds.join(',');
  // Changes since these photos were shown: a new set of photos starts again from 0.
  const [changes, setChanges] = useState({ key, count: 0 });
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const changeCount = changes.key === key ? changes.count : 0;
  const refresh = () =>
    setChanges((now) => ({ key, count: (now.key === key ? now.count : 0) + 1 }));

  useEffect(
    () =>
      client.on('libraryChanged', ({ reason }) => {
        if (reason !== 'albums' && reason !== 'activity') {
          setChanges((now) => ({ key, count: (now.key === key ? now.count : 0) + 1 }));
        }
      }),
    [client, key],
  );
  const wanted = enabled && key !== '' && (given === undefined || changeCount > 0);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    const ids = key.split(',').map(Number);
    Promise.all(ids.map((photoId) => client.getPhoto({ photoId }))).then(
      (details) => {
        if (current) setFetched({ key, details });
      },
      (error: unknown) => {
        if (current) reportError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [client, key, wanted, changeCount]);

  if (!enabled) return { details: null, refresh };
  const own = fetched?.key === key ? fetched.details : null;
  return { details: own ?? given ?? null, refresh };
}
