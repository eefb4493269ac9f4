import type { StateCreator } from 'zustand';
import type { KeywordNode } from '../../common/contract';
import type { ShoeboxState } from './store';

/** The library's keyword tree, for completion in the keyword fields. */
export interface KeywordSlice {
  /** The tree as `listKeywords` last answered, or null before the first answer. */
  keywordTree: KeywordNode[] | null;
  /** Whether keywords may have changed since: the next completion loads the tree again. */
  keywordTreeStale: boolean;
  /** Moves on each stale mark: an answer to a request made before a mark is stale at once. */
  keywordTreeMarks: number;
  /** The tree as answered to a request made at `marks`. */
  setKeywordTree: (keywordTree: KeywordNode[], marks: number) => void;
  markKeywordTreeStale: () => void;
}

/** The keyword part of the store. */
export const createKeywordSlice: StateCreator<ShoeboxState, [], [], KeywordSlice> = (set, get) => ({
  keywordTree: null,
  keywordTreeStale: true,
  keywordTreeMarks: 0,
  setKeywordTree: (keywordTree, marks) =>
    set({ keywordTree, keywordTreeStale: marks !== get().keywordTreeMarks }),
  markKeywordTreeStale: () =>
    set({ keywordTreeStale: true, keywordTreeMarks: get().keywordTreeMarks + 1 }),
});
