import type { StateCreator } from 'zustand';
import type { KeywordNode } from '../../common/contract';
import type { ShoeboxState } from './store';

/** The library's keyword tree, for completion in the keyword fields. */
export interface KeywordSlice {
  /** The tree as `listKeywords` last answered, or null before the first answer. */
  keywordTree: KeywordNode[] | null;
  /** Whether keywords may have changed since: the next completion loads the tree again. */
  keywordTreeStale: boolean;
  setKeywordTree: (keywordTree: KeywordNode[]) => void;
  markKeywordTreeStale: () => void;
}

/** The keyword part of the store. */
export const createKeywordSlice: StateCreator<ShoeboxState, [], [], KeywordSlice> = (set) => ({
  keywordTree: null,
  keywordTreeStale: true,
  setKeywordTree: (keywordTree) => set({ keywordTree, keywordTreeStale: false }),
  markKeywordTreeStale: () => set({ keywordTreeStale: true }),
});
