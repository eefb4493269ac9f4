import type { KeywordNode } from './contract';
import { KEYWORD_SEPARATOR, keywordKey } from './description';

/** One assigned keyword and the photos that have it. */
export interface AssignedKeyword {
  path: string;
  photoIds: number[];
}

/**
 * The keyword tree of assigned keywords: every keyword and its ancestors, each level sorted by
 * name; `count` is the photos with exactly that keyword, `total` those with it or any below
 * (each photo once). Levels match whatever their case, keeping the first spelling met.
 */
export function buildKeywordTree(assigned: AssignedKeyword[]): KeywordNode[] {
  interface Building {
    name: string;
    path: string;
    count: number;
    photoIds: Set<number>;
    children: Map<string, Building>;
  }
  const roots = new Map<string, Building>();
  for (const { path, photoIds } of assigned) {
    const levels = path.split(KEYWORD_SEPARATOR);
    let siblings = roots;
    levels.forEach((name, depth) => {
      const key = keywordKey(name);
      let node = siblings.get(key);
      if (!node) {
        const nodePath = levels.slice(0, depth + 1).join(KEYWORD_SEPARATOR);
        node = { name, path: nodePath, count: 0, photoIds: new Set(), children: new Map() };
        siblings.set(key, node);
      }
      for (const photoId of photoIds) node.photoIds.add(photoId);
      if (depth === levels.length - 1) node.count += photoIds.length;
      siblings = node.children;
    });
  }
  const finish = (nodes: Map<string, Building>): KeywordNode[] =>
    [...nodes.values()]
      .sort((a, b) => a.name.localeCompare(b.name, 'und', { sensitivity: 'base' }))
      .map((node) => ({
        name: node.name,
        path: node.path,
        count: node.count,
        total: node.photoIds.size,
        children: finish(node.children),
      }));
  return finish(roots);
}
