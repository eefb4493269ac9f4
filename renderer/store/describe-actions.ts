/**
 * What the user says about photos (stars, flag, label, title, caption, keywords, capture time)
 * and how they are turned. Stars, flags and labels show on the tiles in the next frame, before
 * the core answers; every change is a step of the undo history.
 */
import type { PhotoChanges, PhotoSummary } from '../../common/contract';
import type { RotateDirection } from '../../common/description';
import { rotateBy, swapsSides } from '../../common/description';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { attempt, countPhotos } from './feedback';
import type { HistoryStep } from './history-slice';
import { recordAndInform, recordQuietly } from './history-actions';
import { useShoeboxStore as store } from './store';

type SummaryFields = Partial<Pick<PhotoSummary, 'rating' | 'flag' | 'label'>>;

/** The summary fields a change sets (those a tile shows), or null when it sets none. */
function summaryPatch(changes: PhotoChanges): SummaryFields | null {
  const patch: SummaryFields = {};
  if (changes.rating !== undefined) patch.rating = changes.rating;
  if (changes.flag !== undefined) patch.flag = changes.flag;
  if (changes.label !== undefined) patch.label = changes.label;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** Shows `patch` on every loaded photo of `photoIds`; returns what they showed before. */
function showPatch(photoIds: number[], patch: SummaryFields): Map<number, SummaryFields> {
  const wanted = new Set(photoIds);
  const before = new Map<number, SummaryFields>();
  for (const photo of store.getState().loaded) {
    if (photo === undefined || !wanted.has(photo.id)) continue;
    before.set(photo.id, { rating: photo.rating, flag: photo.flag, label: photo.label });
  }
  store.getState().patchPhotos(new Map([...before.keys()].map((id) => [id, patch])));
  return before;
}

/** "3 stars", "Pick", "Red label", "Title", "+1h"… : what a change does, for messages. */
export function changeLabel(changes: PhotoChanges): string {
  const parts: string[] = [];
  if (changes.rating !== undefined) {
    parts.push(changes.rating === 0 ? 'No stars' : `${changes.rating} ★`);
  }
  if (changes.flag !== undefined) {
    parts.push(changes.flag === null ? 'Unflagged' : changes.flag === 'pick' ? 'Pick' : 'Reject');
  }
  if (changes.label !== undefined) {
    parts.push(changes.label === null ? 'No label' : `${capitalize(changes.label)} label`);
  }
  if (changes.title !== undefined) parts.push(changes.title === null ? 'Title cleared' : 'Title');
  if (changes.caption !== undefined) {
    parts.push(changes.caption === null ? 'Caption cleared' : 'Caption');
  }
  for (const keyword of changes.addKeywords ?? []) parts.push(`Keyword “${keyword}”`);
  for (const keyword of changes.removeKeywords ?? []) parts.push(`Keyword “${keyword}” removed`);
  if (changes.shiftTimeSeconds !== undefined) {
    parts.push(`Time shifted ${formatShift(changes.shiftTimeSeconds)}`);
  }
  if (changes.takenAt !== undefined) parts.push('Capture time set');
  if (changes.timeZone !== undefined) parts.push(`Time zone ${changes.timeZone}`);
  if (changes.revertTime !== undefined) parts.push('Capture time reverted');
  return parts.join(', ');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "+1h 30m", "−2d": a shift in seconds the way a photographer writes it. */
export function formatShift(seconds: number): string {
  const sign = seconds < 0 ? '−' : '+';
  let rest = Math.abs(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return `${sign}${parts.join(' ') || '0s'}`;
}

/** Whether a change is one the user sees on screen at once (so a toast would only be noise). */
function showsByItself(changes: PhotoChanges, count: number): boolean {
  const timeChange =
    changes.shiftTimeSeconds !== undefined ||
    changes.takenAt !== undefined ||
    changes.timeZone !== undefined ||
    changes.revertTime !== undefined;
  return count === 1 && !timeChange;
}

/**
 * Describes photos: sets stars, flag, label, words or capture time on every photo given, as
 * one step of the history. Resolves to whether the core took it; if not, the tiles show what
 * they showed before and the error is a toast.
 */
export async function describePhotos(
  client: ShoeboxClient,
  photoIds: number[],
  changes: PhotoChanges,
): Promise<boolean> {
  if (photoIds.length === 0) return false;
  const apply = async (): Promise<Awaited<ReturnType<ShoeboxClient['updatePhotos']>> | null> => {
    const patch = summaryPatch(changes);
    const before = patch === null ? null : showPatch(photoIds, patch);
    const updated = await attempt(() => client.updatePhotos({ photoIds, changes }));
    if (!updated.ok && before !== null) store.getState().patchPhotos(before);
    return updated.ok ? updated.value : null;
  };
  const answer = await apply();
  if (answer === null) return false;
  let previous = answer.previous;
  const label = changeLabel(changes);
  const step: HistoryStep = {
    label: photoIds.length === 1 ? label : `${label} on ${countPhotos(photoIds.length)}`,
    undo: async () => {
      store
        .getState()
        .patchPhotos(
          new Map(
            previous.map(({ photoId, description: { rating, flag, label: colour } }) => [
              photoId,
              { rating, flag, label: colour },
            ]),
          ),
        );
      return (await attempt(() => client.restoreDescriptions({ snapshots: previous }))).ok;
    },
    redo: async () => {
      const again = await apply();
      if (again !== null) previous = again.previous;
      return again !== null;
    },
  };
  if (showsByItself(changes, photoIds.length)) recordQuietly(step);
  else recordAndInform(client, step, `${label}: ${countPhotos(photoIds.length)}`);
  return true;
}

/** The turn that takes back `direction`. */
function inverse(direction: RotateDirection): RotateDirection {
  return direction === 'left' ? 'right' : direction === 'right' ? 'left' : '180';
}

/** Turns photos in the library (their derivatives are made again) and shows them turned. */
async function turn(
  client: ShoeboxClient,
  photoIds: number[],
  direction: RotateDirection,
): Promise<boolean> {
  const turned = await attempt(() => client.rotatePhotos({ photoIds, direction }));
  if (!turned.ok) return false;
  const wanted = new Set(photoIds);
  const patches = new Map<number, Partial<PhotoSummary>>();
  for (const photo of store.getState().loaded) {
    if (photo === undefined || !wanted.has(photo.id)) continue;
    const rotation = rotateBy(photo.rotation, direction);
    const swap = swapsSides(rotateBy(0, direction));
    patches.set(photo.id, {
      rotation,
      ...(swap
        ? {
            width: photo.height,
            height: photo.width,
            large: { width: photo.large.height, height: photo.large.width },
          }
        : {}),
    });
  }
  store.getState().patchPhotos(patches);
  return true;
}

/** Rotates photos left, right or half a turn, as one step of the history. */
export async function rotatePhotos(
  client: ShoeboxClient,
  photoIds: number[],
  direction: RotateDirection,
): Promise<boolean> {
  if (photoIds.length === 0 || !(await turn(client, photoIds, direction))) return false;
  const label = direction === '180' ? 'Turned 180°' : `Rotated ${direction}`;
  const step: HistoryStep = {
    label: photoIds.length === 1 ? label : `${label}: ${countPhotos(photoIds.length)}`,
    undo: () => turn(client, photoIds, inverse(direction)),
    redo: () => turn(client, photoIds, direction),
  };
  if (photoIds.length === 1) recordQuietly(step);
  else recordAndInform(client, step, `${label}: ${countPhotos(photoIds.length)}`);
  return true;
}
