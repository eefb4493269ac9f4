/**
 * The fake library's descriptions: changes, undo snapshots, rotation and the keyword tree,
 * applied to in-memory photos as the core applies them to rows (the core's own tests check
 * the real thing; this keeps the UI tests honest about the shapes).
 */
import type { DescriptionSnapshot, KeywordNode, MethodInput, Photo } from '../../common/contract';
import { buildKeywordTree } from '../../common/keyword-tree';
import { keywordKey, normalizeKeywordPath, rotateBy, swapsSides } from '../../common/description';

/** How a photo is now, as `updatePhotos` answers it for undo. */
export function snapshotOf(photo: Photo): DescriptionSnapshot {
  return {
    photoId: photo.id,
    description: {
      rating: photo.rating,
      flag: photo.flag,
      label: photo.label,
      title: photo.title,
      caption: photo.caption,
      keywords: [...photo.keywords],
    },
    takenAt: photo.takenAt,
  };
}

/** Applies `updatePhotos` changes to one photo (time: shift and set only). */
export function applyChanges(photo: Photo, changes: MethodInput<'updatePhotos'>['changes']): void {
  if (changes.rating !== undefined) photo.rating = changes.rating;
  if (changes.flag !== undefined) photo.flag = changes.flag;
  if (changes.label !== undefined) photo.label = changes.label;
  if (changes.title !== undefined) photo.title = changes.title?.trim() ? changes.title : null;
  if (changes.caption !== undefined) {
    photo.caption = changes.caption?.trim() ? changes.caption : null;
  }
  const removed = new Set((changes.removeKeywords ?? []).map((path) => keywordKey(path)));
  photo.keywords = photo.keywords.filter((path) => !removed.has(keywordKey(path)));
  for (const raw of changes.addKeywords ?? []) {
    const path = normalizeKeywordPath(raw);
    if (path && !photo.keywords.some((existing) => keywordKey(existing) === keywordKey(path))) {
      photo.keywords.push(path);
    }
  }
  photo.keywords.sort((a, b) => (keywordKey(a) < keywordKey(b) ? -1 : 1));
  const before = photo.takenAt;
  if (changes.shiftTimeSeconds !== undefined) {
    const wallClock = Date.parse(`${before.slice(0, 19)}Z`) + changes.shiftTimeSeconds * 1000;
    photo.takenAt = new Date(wallClock).toISOString().slice(0, 19) + before.slice(19);
  }
  if (changes.takenAt !== undefined) photo.takenAt = changes.takenAt;
  if (changes.revertTime && photo.takenAtOriginal) photo.takenAt = photo.takenAtOriginal;
  if (photo.takenAt !== before) photo.takenAtOriginal ??= before;
  if (photo.takenAtOriginal === photo.takenAt) photo.takenAtOriginal = null;
}

/** Puts a snapshot back on its photo. */
export function restoreSnapshot(photo: Photo, snapshot: DescriptionSnapshot): void {
  Object.assign(photo, snapshot.description, { takenAt: snapshot.takenAt });
  photo.keywords = [...snapshot.description.keywords];
}

/** Turns a photo as `rotatePhotos` does: rotation, and its sides swapped on a quarter turn. */
export function rotate(photo: Photo, direction: MethodInput<'rotatePhotos'>['direction']): void {
  const rotation = rotateBy(photo.rotation, direction);
  if (swapsSides(rotation) !== swapsSides(photo.rotation)) {
    [photo.width, photo.height] = [photo.height, photo.width];
    for (const derivative of Object.values(photo.derivatives)) {
      [derivative.width, derivative.height] = [derivative.height, derivative.width];
    }
  }
  photo.rotation = rotation;
}

/** The keyword tree of these photos, as `listKeywords` answers it. */
export function keywordTree(photos: Photo[]): KeywordNode[] {
  const byKey = new Map<string, { path: string; photoIds: number[] }>();
  for (const photo of photos) {
    for (const path of photo.keywords) {
      const entry = byKey.get(keywordKey(path)) ?? { path, photoIds: [] };
      entry.photoIds.push(photo.id);
      byKey.set(keywordKey(path), entry);
    }
  }
  return buildKeywordTree([...byKey.values()]);
}
