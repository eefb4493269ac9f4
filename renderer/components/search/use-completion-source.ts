import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SearchFacets } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { keywordPaths, loadKeywordTree, watchKeywordChanges } from '../../store/keyword-actions';
import { useShoeboxStore } from '../../store/store';
import type { CompletionSource } from './query-completion';

/**
 * What the search box completes from: the keyword tree (the keyword slice's loader), the
 * cameras and lenses of the whole library (its facets, asked for apart from the filter bar's,
 * which count the current result) and the album names. `load` asks for what may be stale; a
 * failure only leaves completion without those values, so it is no toast.
 */
export function useCompletionSource(): { source: CompletionSource; load: () => void } {
  const client = useClient();
  const tree = useShoeboxStore((state) => state.keywordTree);
  const albums = useShoeboxStore((state) => state.albums);
  const [library, setLibrary] = useState<SearchFacets | null>(null);
  useEffect(() => watchKeywordChanges(client), [client]);
  const load = useCallback(() => {
    void loadKeywordTree(client);
    client.searchFacets({ query: '' }).then(setLibrary, () => undefined);
  }, [client]);
  const source = useMemo(
    () => ({
      keywords: tree === null ? [] : keywordPaths(tree),
      cameras: library?.camera.map((facet) => facet.value) ?? [],
      lenses: library?.lens.map((facet) => facet.value) ?? [],
      albums: albums.map((album) => album.name),
    }),
    [tree, library, albums],
  );
  return { source, load };
}
