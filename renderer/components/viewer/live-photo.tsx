import { mediaVersionOf } from '../../bridge/shoebox-client';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { PhotoSummary } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { MediaBox } from './viewer-video';

/**
 * A Live Photo's movie over its still, as Apple Photos plays it: while the pointer is over the
 * LIVE control, or while it is pressed and held (a touch, Space or Enter), the movie plays
 * once, muted only if the browser refuses sound without a gesture; letting go shows the still.
 */
export function LivePhoto({ photo }: { photo: PhotoSummary }) {
  const client = useClient();
  const motionRef = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);

  const start = () => {
    const motion = motionRef.current;
    if (!motion) return;
    motion.currentTime = 0;
    setPlaying(true);
    motion.play().catch(() => {
      // Refused with sound (no gesture yet, hovering): muted, as the still's motion mostly is.
      motion.muted = true;
      motion.play().catch(() => setPlaying(false));
    });
  };
  const stop = () => {
    motionRef.current?.pause();
    setPlaying(false);
  };
  const holdKey = (event: KeyboardEvent) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    // The viewer's own keys (Space plays a video) are not for this press.
    event.preventDefault();
    event.stopPropagation();
    if (!event.repeat) start();
  };
  const releaseKey = (event: KeyboardEvent) => {
    if (event.key === ' ' || event.key === 'Enter') stop();
  };

  return (
    <MediaBox photo={photo}>
      <video
        ref={motionRef}
        className={playing ? 'viewer-motion is-playing' : 'viewer-motion'}
        src={client.mediaUrl(photo.id, 'motion', mediaVersionOf(photo))}
        preload="auto"
        playsInline
        aria-hidden="true"
        onEnded={() => setPlaying(false)}
      />
      <button
        type="button"
        className="viewer-live"
        aria-pressed={playing}
        aria-label="Play Live Photo (hover, or press and hold)"
        onPointerEnter={(event) => {
          if (event.pointerType === 'mouse') start();
        }}
        onPointerLeave={(event) => {
          if (event.pointerType === 'mouse') stop();
        }}
        onPointerDown={(event) => {
          // A press and hold plays on touch and pen; a mouse already plays by hovering.
          event.stopPropagation();
          if (event.pointerType !== 'mouse') start();
        }}
        onPointerUp={(event) => {
          if (event.pointerType !== 'mouse') stop();
        }}
        onPointerCancel={stop}
        onKeyDown={holdKey}
        onKeyUp={releaseKey}
        onBlur={stop}
      >
        <span className="viewer-live-mark" aria-hidden="true" />
        LIVE
      </button>
    </MediaBox>
  );
}
