/**
 * Culling from the keyboard, as in Lightroom Classic: a key rates, flags or labels the photos
 * it is meant for (the viewer's photo, else the grid's selection, else the tile under the
 * keyboard cursor) and, with Auto Advance or Shift, moves on to the next photo.
 */
import type { PhotoChanges } from '../../common/contract';
import type { ColorLabel, RotateDirection } from '../../common/description';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { describePhotos, rotatePhotos } from './describe-actions';
import { ensureLoaded } from './paging';
import { useShoeboxStore as store, type ShoeboxState } from './store';

/** The photos a culling key acts on now, by id. */
export function cullingTargets(state: ShoeboxState): number[] {
  if (state.viewerIndex !== null) {
    const shown = state.loaded[state.viewerIndex];
    return shown === undefined ? [] : [shown.id];
  }
  if (state.selectedIds.size > 0) return [...state.selectedIds];
  const focused = state.loaded[state.focusIndex];
  return focused === undefined ? [] : [focused.id];
}

/**
 * A colour label key: sets the label, or takes it off when every target already has it (the
 * same key twice clears it, as in Lightroom Classic).
 */
export function labelChange(state: ShoeboxState, label: ColorLabel): PhotoChanges {
  const targets = new Set(cullingTargets(state));
  const all = state.loaded.filter((photo) => photo !== undefined && targets.has(photo.id));
  const already = all.length > 0 && all.every((photo) => photo?.label === label);
  return { label: already ? null : label };
}

/** Moves on to the next photo: the viewer steps, the grid selects the next tile. */
async function advance(client: ShoeboxClient): Promise<void> {
  const state = store.getState();
  if (state.viewerIndex !== null) {
    const next = state.viewerIndex + 1;
    if (next >= state.total) return;
    await ensureLoaded(client, next, next + 1);
    store.getState().openViewer(next);
    return;
  }
  // A multi-photo selection was rated as a whole: there is no "next" of it.
  if (state.selectedIds.size > 1) return;
  const next = state.focusIndex + 1;
  if (next >= state.total) return;
  await ensureLoaded(client, next, next + 1);
  store.getState().selectOnly(next);
}

/**
 * Applies a culling change to the photos it is meant for; then advances if asked (Shift) or
 * if Auto Advance is on.
 */
export async function cull(
  client: ShoeboxClient,
  changes: PhotoChanges,
  options: { advance: boolean },
): Promise<void> {
  const state = store.getState();
  const targets = cullingTargets(state);
  if (targets.length === 0) return;
  const moveOn = options.advance || state.autoAdvance;
  // Advance at once: the next photo shows while the core stores this one's stars.
  const done = describePhotos(client, targets, changes);
  if (moveOn) await advance(client);
  await done;
}

/** Rotates the photos a culling key is meant for. */
export async function rotateTargets(
  client: ShoeboxClient,
  direction: RotateDirection,
): Promise<void> {
  await rotatePhotos(client, cullingTargets(store.getState()), direction);
}
