import { mediaVersionOf } from '../../bridge/shoebox-client';
import { useEffect, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import type { PhotoSummary } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';

/** How long a keyboard seek moves the video: what players do for an arrow key. */
export const SEEK_STEP_SECONDS = 5;

/**
 * A video in the viewer: the browser's own controls over the poster (the large derivative)
 * until it plays. Keyed by photo: stepping to another photo unmounts it, which stops it. While
 * the server is still making the web copy of a video Chromium cannot play (the request waits
 * for it), "Preparing video…" shows over the poster; a video that cannot be played says so.
 */
export function ViewerVideo({
  photo,
  videoRef,
  style,
}: {
  photo: PhotoSummary;
  videoRef: RefObject<HTMLVideoElement | null>;
  /** A library rotation, which turns the video as it turns the original at 1:1. */
  style: CSSProperties | undefined;
}) {
  const client = useClient();
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    const video = videoRef.current;
    // Removed from the page a video stops anyway; paused first, so no sound outlives it.
    return () => video?.pause();
  }, [videoRef]);
  return (
    <MediaBox photo={photo} turned={style}>
      <video
        ref={videoRef}
        className="viewer-video"
        src={client.mediaUrl(photo.id, 'video', mediaVersionOf(photo))}
        // The poster is the large, turned by the library rotation already: under a turned
        // video it would be turned twice, so the large beneath shows through instead.
        poster={
          style === undefined
            ? client.mediaUrl(photo.id, 'large', mediaVersionOf(photo))
            : undefined
        }
        controls
        preload="metadata"
        playsInline
        aria-label={photo.originalName}
        onLoadedMetadata={() => setState('ready')}
        onError={() => setState('failed')}
      />
      {state === 'loading' && (
        <p className="viewer-video-status is-preparing" role="status">
          Preparing video…
        </p>
      )}
      {state === 'failed' && (
        <p className="viewer-video-status" role="alert">
          This video cannot be played here.
        </p>
      )}
    </MediaBox>
  );
}

/**
 * The box a video or a Live Photo's movie plays in: the picture's own box, centred in the
 * viewer's frame, so what lies over the picture (the browser's controls, the LIVE control)
 * lies on it, not in the frame's letterbox (the frame takes the stage's height even where the
 * picture is wider than the stage). A turned video's box is laid over the frame by `turned`.
 */
export function MediaBox({
  photo,
  turned,
  children,
}: {
  photo: PhotoSummary;
  turned?: CSSProperties;
  children: ReactNode;
}) {
  const fitted = { aspectRatio: `${photo.large.width} / ${photo.large.height}` };
  return (
    <div
      className={turned === undefined ? 'viewer-media-box is-fitted' : 'viewer-media-box'}
      style={turned ?? fitted}
    >
      {children}
    </div>
  );
}

/**
 * What a key does to the viewer's video, when the video has the focus: Space plays or pauses
 * it, the arrows seek; null for keys that are not its own (Escape, Delete, the rating keys).
 * Handled here rather than left to the browser's controls, which differ between browsers:
 * the caller prevents the default, so the browser does not do it a second time.
 */
export function videoKeyAction(key: string): ((video: HTMLVideoElement) => void) | null {
  if (key === ' ') {
    return (video) => {
      if (video.paused) void video.play().catch(() => undefined);
      else video.pause();
    };
  }
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const delta = key === 'ArrowLeft' ? -SEEK_STEP_SECONDS : SEEK_STEP_SECONDS;
    return (video) => {
      const end = Number.isFinite(video.duration) ? video.duration : Infinity;
      video.currentTime = Math.min(end, Math.max(0, video.currentTime + delta));
    };
  }
  return null;
}
