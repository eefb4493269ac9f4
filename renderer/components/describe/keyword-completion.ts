/** Which keywords of the tree a typed text suggests, and how a keyword path is shown. */
import { KEYWORD_SEPARATOR, keywordKey } from '../../../common/description';

// A short list reads at a glance; typing more narrows it.
const MAX_SUGGESTIONS = 8;

/** Text as compared for completion: no case, no accents ("Zürich" ~ "zurich"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** "Places › France › Paris" for `Places/France/Paris`. */
export function displayKeyword(path: string): string {
  return path.split(KEYWORD_SEPARATOR).join(' › ');
}

/**
 * The paths `typed` suggests, best first: those whose last level starts with it, then any
 * other level, then any that hold it anywhere (`France/Pa` finds `Places/France/Paris`).
 * Paths in `exclude` (already assigned) are left out.
 */
export function suggestKeywords(
  paths: readonly string[],
  typed: string,
  exclude: readonly string[] = [],
): string[] {
  const query = fold(typed.trim());
  if (query === '') return [];
  const excluded = new Set(exclude.map(keywordKey));
  const ranked: Array<{ path: string; rank: number }> = [];
  for (const path of paths) {
    if (excluded.has(keywordKey(path))) continue;
    const levels = fold(path).split(KEYWORD_SEPARATOR);
    const rank = levels.at(-1)?.startsWith(query)
      ? 0
      : levels.some((level) => level.startsWith(query))
        ? 1
        : fold(path).includes(query)
          ? 2
          : -1;
    if (rank >= 0) ranked.push({ path, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.path.localeCompare(b.path, 'und', { sensitivity: 'base' }))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ path }) => path);
}
