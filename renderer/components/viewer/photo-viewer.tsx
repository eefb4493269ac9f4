import { mediaVersionOf } from '../../bridge/shoebox-client';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { PhotoDetails, PhotoSummary } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { reportError } from '../../store/feedback';
import { editingText } from '../../store/history-actions';
import { ensureLoaded } from '../../store/paging';
import { trashPhotos } from '../../store/photo-actions';
import { useShoeboxStore } from '../../store/store';
import { trapTab } from '../focus-trap';
import { GRID_ID } from '../grid/photo-grid';
import { LivePhoto } from './live-photo';
import { OriginalNotice } from './original-notice';
import { PhotoInfo } from './photo-info';
import { useZoom } from './use-zoom';
import { videoKeyAction, ViewerVideo } from './viewer-video';

/**
 * The details of one photo from `getPhoto`, null until they first arrive. Fetched again
 * whenever its summary changes (the store replaces it on every change and reload: stars, a
 * turn, a reload after a title or keywords), the details of before staying shown meanwhile.
 */
function usePhotoDetails(photo: PhotoSummary | undefined): PhotoDetails | null {
  const client = useClient();
  const [details, setDetails] = useState<PhotoDetails | null>(null);
  useEffect(() => {
    if (photo === undefined) return;
    let current = true;
    client.getPhoto({ photoId: photo.id }).then(
      (answer) => {
        if (current) setDetails(answer);
      },
      (error: unknown) => {
        if (current) reportError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [client, photo]);
  return details !== null && details.id === photo?.id ? details : null;
}

/**
 * How the original file (which a library rotation never changes) is laid over the frame so it
 * shows turned as the derivatives are: a quarter turn swaps its box's sides, centred, then
 * turns it. Unturned, the frame's own rule lays it out.
 */
function turnedOriginal(
  rotation: number,
  frame: { width: number; height: number },
): CSSProperties | undefined {
  if (rotation === 0) return undefined;
  const quarter = rotation === 90 || rotation === 270;
  return {
    width: quarter ? `${(frame.height / frame.width) * 100}%` : '100%',
    height: quarter ? `${(frame.width / frame.height) * 100}%` : '100%',
    left: '50%',
    top: '50%',
    inset: 'auto',
    transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
  };
}

/** The full-size viewer over the grid, while a photo is open. */
export function PhotoViewer() {
  const index = useShoeboxStore((state) => state.viewerIndex);
  return index === null ? null : <ViewerDialog index={index} />;
}

/** The viewer dialog for photo `index` of the current list. */
function ViewerDialog({ index }: { index: number }) {
  const client = useClient();
  const photo = useShoeboxStore((state) => state.loaded[index]);
  const total = useShoeboxStore((state) => state.total);
  const previous = useShoeboxStore((state) => state.loaded[index - 1]);
  const next = useShoeboxStore((state) => state.loaded[index + 1]);
  const details = usePhotoDetails(photo);
  const [showInfo, setShowInfo] = useState(true);
  const [loadedLargeId, setLoadedLargeId] = useState<number | null>(null);
  // The original (or, for HEIC and TIFF, its full-size rendition) may fail to come: a file
  // gone from disk, a rendition that could not be made. The large is zoomed then.
  const [noOriginalId, setNoOriginalId] = useState<number | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  // Kept across steps (this dialog stays mounted): the next photo of a burst opens at the same
  // zoom and spot, to compare focus.
  const { zoom, toggle, transform, handlers } = useZoom(stageRef, frameRef, photo?.width ?? 1);
  // The window's key listener below is added once; it reaches the latest toggle through this.
  const toggleRef = useRef(toggle);
  useEffect(() => {
    toggleRef.current = toggle;
  });

  useEffect(() => {
    dialogRef.current?.focus();
    // Back to the grid on close, where the keyboard cursor now sits on this photo.
    return () => document.getElementById(GRID_ID)?.focus();
  }, []);
  useEffect(() => {
    void ensureLoaded(client, Math.max(0, index - 1), index + 1);
  }, [client, index]);
  // Fetch the neighbours' large images now, so stepping shows them at once.
  useEffect(() => {
    for (const neighbour of [previous, next]) {
      if (neighbour === undefined) continue;
      new Image().src = client.mediaUrl(neighbour.id, 'large', mediaVersionOf(neighbour));
    }
  }, [client, previous, next]);

  const step = (delta: number) => {
    const target = index + delta;
    if (target >= 0 && target < total) useShoeboxStore.getState().openViewer(target);
  };
  const close = () => useShoeboxStore.getState().closeViewer();
  // On the window, not the dialog: a step button that just became disabled drops focus to
  // the body, and the keys must still work.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // Keys typed outside the viewer (in the delete confirmation over it, say) are not its own.
      const from = event.target;
      // Keys typed into the info panel's fields (or on its buttons) are theirs: a Backspace
      // in a caption must not trash the photo, a Z not zoom.
      const elsewhere =
        (from instanceof Node &&
          from !== document.body &&
          !(dialogRef.current?.contains(from) ?? false)) ||
        editingText(from) ||
        (from instanceof Element && from.closest('.viewer-info') !== null);
      const state = useShoeboxStore.getState();
      const { viewerIndex, total: count } = state;
      if (viewerIndex === null || elsewhere) return;
      // A video with the focus takes Space (play, pause) and the arrows (seek): the arrows
      // step photos only when the video is not being sought through. Space on the dialog
      // itself plays and pauses too; on a button it presses the button.
      const video = videoRef.current;
      const forVideo =
        video !== null &&
        (from === video ||
          (event.key === ' ' && (from === dialogRef.current || from === document.body)));
      const videoAction = forVideo ? videoKeyAction(event.key) : null;
      if (video !== null && videoAction !== null) {
        videoAction(video);
        event.preventDefault();
        return;
      }
      const go = (target: number) => {
        if (target >= 0 && target < count) state.openViewer(target);
      };
      if (event.key === 'ArrowLeft') go(viewerIndex - 1);
      else if (event.key === 'ArrowRight') go(viewerIndex + 1);
      else if (event.key === 'Home') go(0);
      else if (event.key === 'End') go(count - 1);
      else if ((event.key === 'z' || event.key === 'Z') && video === null) toggleRef.current();
      else if (event.key === 'Escape') state.closeViewer();
      else if (event.key === 'i') setShowInfo((shown) => !shown);
      else if (event.key === 'Delete' || event.key === 'Backspace') {
        const shown = state.loaded[viewerIndex];
        // As in the grid: to the Trash, or, in the Trash, for good once confirmed.
        if (shown !== undefined && state.view.kind === 'trash') {
          state.setDeleteForeverRequest([shown.id]);
        } else if (shown !== undefined) void trashPhotos(client, [shown.id]);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [client]);

  const large = photo?.large;
  // An original on a drive that is not connected, or gone from its folder, cannot come: the
  // large preview stands in for it.
  const noOriginal = photo !== undefined && (noOriginalId === photo.id || photo.status !== 'ok');
  const isVideo = photo?.kind === 'video';
  // A Live Photo: a still whose files include its movie (the details list them).
  const isLive =
    photo?.kind === 'photo' && (details?.files.some((f) => f.role === 'motion') ?? false);
  // A video is not zoomed: its controls would leave the stage. The zoom stays for the next photo.
  const zoomed = !isVideo && zoom.scale > 1;
  return (
    <div
      ref={dialogRef}
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={photo?.originalName ?? 'Photo'}
      tabIndex={-1}
      onKeyDown={trapTab}
    >
      <header className="viewer-bar">
        <button type="button" onClick={close}>
          Close
        </button>
        <span className="viewer-title">{photo?.originalName}</span>
        <span className="viewer-position">
          {(index + 1).toLocaleString()} of {total.toLocaleString()}
        </span>
        {!isVideo && (
          <button type="button" aria-pressed={zoomed} onClick={toggle}>
            {zoomed ? 'Fit' : '1:1'}
          </button>
        )}
        {photo && isVideo && (
          <a
            className="viewer-original"
            href={client.mediaUrl(photo.id, 'video', mediaVersionOf(photo))}
            target="_blank"
            rel="noreferrer"
          >
            Open video
          </a>
        )}
        {photo && !isVideo && (
          <a
            className="viewer-original"
            href={client.mediaUrl(
              photo.id,
              noOriginal ? 'large' : 'original',
              mediaVersionOf(photo),
            )}
            target="_blank"
            rel="noreferrer"
          >
            Open full size
          </a>
        )}
        <button
          type="button"
          aria-pressed={showInfo}
          onClick={() => setShowInfo((shown) => !shown)}
        >
          Info
        </button>
      </header>
      <div className="viewer-body">
        <div
          ref={stageRef}
          className={`viewer-stage${zoomed ? ' is-zoomed' : ''}`}
          {...(isVideo ? {} : handlers)}
        >
          {photo && large && (
            <div
              ref={frameRef}
              className="viewer-frame"
              style={{
                aspectRatio: `${large.width} / ${large.height}`,
                transform: isVideo ? undefined : transform,
              }}
            >
              {/* The thumbnail is cached already: it holds the place while the large loads. */}
              {loadedLargeId !== photo.id && (
                <img
                  className="viewer-placeholder"
                  src={client.mediaUrl(photo.id, 'thumb', mediaVersionOf(photo))}
                  alt=""
                />
              )}
              <img
                key={`large-${photo.id}`}
                className="viewer-image"
                src={client.mediaUrl(photo.id, 'large', mediaVersionOf(photo))}
                alt={photo.originalName}
                decoding="async"
                onLoad={() => setLoadedLargeId(photo.id)}
              />
              {/* Zoomed in, the original's own pixels, over the large until they arrive. */}
              {zoomed && !noOriginal && (
                <img
                  key={`original-${photo.id}`}
                  className="viewer-original-image"
                  src={client.mediaUrl(photo.id, 'original', mediaVersionOf(photo))}
                  alt=""
                  decoding="async"
                  style={turnedOriginal(photo.rotation, large)}
                  onError={() => setNoOriginalId(photo.id)}
                />
              )}
              {isVideo && (
                <ViewerVideo
                  key={`video-${photo.id}`}
                  photo={photo}
                  videoRef={videoRef}
                  style={turnedOriginal(photo.rotation, large)}
                />
              )}
              {isLive && !zoomed && <LivePhoto key={`live-${photo.id}`} photo={photo} />}
            </div>
          )}
          {photo && <OriginalNotice status={photo.status} />}
          <button
            type="button"
            className="viewer-step viewer-previous"
            aria-label="Previous photo"
            disabled={index === 0}
            onClick={() => step(-1)}
          >
            ‹
          </button>
          <button
            type="button"
            className="viewer-step viewer-next"
            aria-label="Next photo"
            disabled={index >= total - 1}
            onClick={() => step(1)}
          >
            ›
          </button>
        </div>
        {showInfo && photo && <PhotoInfo photo={photo} details={details} />}
      </div>
    </div>
  );
}
