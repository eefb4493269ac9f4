import type { PhotoSummary } from '../../../common/contract';
import { isRawFormat } from '../../../common/media-formats';

/**
 * What a tile says about the kind of its photo: a video and its length, a RAW (with the
 * camera's JPEG beside it, or not), a Live Photo. A listing sends all of it.
 */
export type MediaFacts = Pick<
  PhotoSummary,
  'kind' | 'format' | 'durationSeconds' | 'pair' | 'live'
>;

/**
 * A video's length as players write it: `0:07`, `12:30`, `1:02:03` (whole seconds, rounded;
 * a clip shorter than half a second still reads `0:01`, not a length of nothing).
 */
export function formatDuration(seconds: number): string {
  const whole = seconds > 0 ? Math.max(1, Math.round(seconds)) : 0;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A length in words for screen readers: "7 seconds", "1 hour 2 minutes 3 seconds". */
function spokenDuration(seconds: number): string {
  const whole = seconds > 0 ? Math.max(1, Math.round(seconds)) : 0;
  const parts: Array<[number, string]> = [
    [Math.floor(whole / 3600), 'hour'],
    [Math.floor((whole % 3600) / 60), 'minute'],
    [whole % 60, 'second'],
  ];
  const said = parts
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count} ${unit}${count === 1 ? '' : 's'}`);
  return said.length > 0 ? said.join(' ') : '0 seconds';
}

/** The badge of a kind of photo, or null for a plain still. */
function badgeOf(facts: MediaFacts): { kind: string; text: string; compact: string } | null {
  if (facts.kind === 'video') {
    const length = formatDuration(facts.durationSeconds ?? 0);
    return { kind: 'video', text: length, compact: length };
  }
  if (isRawFormat(facts.format)) {
    // "RAW+J" on the smallest tiles: the flag shares their top edge.
    return facts.pair
      ? { kind: 'raw', text: 'RAW+JPEG', compact: 'RAW+J' }
      : { kind: 'raw', text: 'RAW', compact: 'RAW' };
  }
  if (facts.live) return { kind: 'live', text: 'LIVE', compact: 'LIVE' };
  return null;
}

/** "video, 7 seconds", "RAW with JPEG", "Live Photo": a media badge in words; '' for none. */
export function describeMedia(facts: Partial<MediaFacts>): string {
  if (facts.kind === undefined || facts.format === undefined) return '';
  const full = { durationSeconds: null, ...facts } as MediaFacts;
  const badge = badgeOf(full);
  if (badge === null) return '';
  if (badge.kind === 'video') return `video, ${spokenDuration(full.durationSeconds ?? 0)}`;
  if (badge.kind === 'raw') return full.pair ? 'RAW with JPEG' : 'RAW';
  return 'Live Photo';
}

/**
 * A tile's media badge (top right): a play mark and the length of a video, `RAW`,
 * `RAW+JPEG`, `LIVE`; nothing for a plain still. Hidden from assistive technology, which
 * reads `describeMedia` in the tile's description instead.
 */
export function MediaBadge({ facts, compact }: { facts: MediaFacts; compact: boolean }) {
  const badge = badgeOf(facts);
  if (badge === null) return null;
  const classes = ['tile-media', `tile-media-${badge.kind}`];
  if (compact) classes.push('is-compact');
  return (
    <span className={classes.join(' ')} aria-hidden="true">
      {badge.kind === 'video' && <span className="tile-media-play" />}
      {badge.kind === 'live' && <span className="tile-media-live-mark" />}
      {compact ? badge.compact : badge.text}
    </span>
  );
}
