/**
 * The keyword tree the keyword fields complete from: loaded when a completion first opens, and
 * again once keywords may have changed (a description change, `libraryChanged`).
 */
import type { KeywordNode } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

const loadingOf = perClient<{ current: Promise<void> | null }>(() => ({ current: null }));

/**
 * Loads the keyword tree unless the store holds a fresh one; one request at a time. A failure
 * only leaves completion without suggestions (typing a keyword still works), so it is no toast.
 */
export function loadKeywordTree(client: ShoeboxClient): Promise<void> {
  const loading = loadingOf(client);
  const { keywordTree, keywordTreeStale, keywordTreeMarks } = store.getState();
  if (loading.current !== null) return loading.current;
  if (keywordTree !== null && !keywordTreeStale) return Promise.resolve();
  loading.current = client
    .listKeywords()
    .then(
      (tree) => store.getState().setKeywordTree(tree, keywordTreeMarks),
      () => undefined,
    )
    .finally(() => {
      loading.current = null;
    });
  return loading.current;
}

/** Every keyword path of the tree, parents before their children. */
export function keywordPaths(tree: KeywordNode[]): string[] {
  return tree.flatMap((node) => [node.path, ...keywordPaths(node.children)]);
}

/** Watches `libraryChanged` while a keyword field is shown: any description may have moved. */
export function watchKeywordChanges(client: ShoeboxClient): () => void {
  return client.on('libraryChanged', ({ reason }) => {
    if (reason !== 'albums' && reason !== 'activity') store.getState().markKeywordTreeStale();
  });
}
