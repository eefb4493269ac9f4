import { useRef, useState, type PointerEvent, type RefObject, type WheelEvent } from 'react';

/**
 * How far the viewer is zoomed: `scale` 1 is fit; `x`, `y` are the point of the photo (0-1 of
 * its width and height) at the centre of the stage. Kept as fractions so stepping to the next
 * photo of a burst keeps both the zoom and the spot being checked.
 */
export interface Zoom {
  scale: number;
  x: number;
  y: number;
}

/** Fit: the whole photo, centred. */
export const FIT: Zoom = { scale: 1, x: 0.5, y: 0.5 };

// Past 1:1 there is nothing more to see in focus checks; 8× leaves room on small windows.
const MAX_SCALE_OVER_ONE_TO_ONE = 8;
// One notch of a mouse wheel (deltaY 100) zooms by about 22%, as photo apps do.
const WHEEL_ZOOM_RATE = 0.002;

/** The scale, relative to fit, that shows one pixel of the original per device pixel. */
export function oneToOneScale(originalWidth: number, fitWidth: number, pixelRatio = 1): number {
  return fitWidth > 0 ? originalWidth / (fitWidth * pixelRatio) : 1;
}

/** Keeps the photo covering the stage: the centre may not leave the part that can be shown. */
export function clampZoom(zoom: Zoom, fit: { width: number; height: number }, stage: Size): Zoom {
  const clampAxis = (value: number, fitLength: number, stageLength: number) => {
    const half = stageLength / (2 * fitLength * zoom.scale);
    return half >= 0.5 ? 0.5 : Math.min(1 - half, Math.max(half, value));
  };
  return {
    scale: zoom.scale,
    x: clampAxis(zoom.x, fit.width, stage.width),
    y: clampAxis(zoom.y, fit.height, stage.height),
  };
}

/** A width and a height in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * `zoom` scaled by `factor` about a point `offset` (CSS pixels from the stage's centre), so the
 * spot under the pointer stays under it; between fit and `maxScale`.
 */
export function zoomAbout(
  zoom: Zoom,
  factor: number,
  offset: { x: number; y: number },
  fit: Size,
  maxScale: number,
): Zoom {
  const scale = Math.min(maxScale, Math.max(1, zoom.scale * factor));
  const pointX = zoom.x + offset.x / (fit.width * zoom.scale);
  const pointY = zoom.y + offset.y / (fit.height * zoom.scale);
  return {
    scale,
    x: pointX - offset.x / (fit.width * scale),
    y: pointY - offset.y / (fit.height * scale),
  };
}

/** The CSS transform of the fitted frame for `zoom` (its origin at the frame's centre). */
export function zoomTransform(zoom: Zoom, fit: Size): string {
  const dx = (0.5 - zoom.x) * fit.width * zoom.scale;
  const dy = (0.5 - zoom.y) * fit.height * zoom.scale;
  return `translate(${dx}px, ${dy}px) scale(${zoom.scale})`;
}

/**
 * Zoom and pan for the viewer's stage: wheel (and a trackpad's pinch, which arrives as a wheel
 * with Ctrl) zooms about the pointer, a drag pans, two fingers pinch; `toggle` is `Z`'s
 * fit / 1:1. `frameRef` is the fitted frame (its layout size is the fit size).
 */
export function useZoom(
  stageRef: RefObject<HTMLElement | null>,
  frameRef: RefObject<HTMLElement | null>,
  originalWidth: number,
) {
  // The fit size as last measured, with the zoom: the transform is made from both at render.
  const [{ zoom, fit }, setState] = useState({ zoom: FIT, fit: { width: 0, height: 0 } });
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const sizes = () => {
    const frame = frameRef.current;
    const stage = stageRef.current;
    if (!frame || !stage) return null;
    const fit = { width: frame.offsetWidth, height: frame.offsetHeight };
    const box = stage.getBoundingClientRect();
    return { fit, stage: { width: stage.clientWidth, height: stage.clientHeight }, box };
  };
  const maxScale = () => {
    const measured = sizes();
    const full = measured
      ? oneToOneScale(originalWidth, measured.fit.width, window.devicePixelRatio)
      : 1;
    return Math.max(1, full) * MAX_SCALE_OVER_ONE_TO_ONE;
  };
  const update = (next: (current: Zoom) => Zoom) => {
    const measured = sizes();
    if (!measured) return;
    setState((current) => ({
      zoom: clampZoom(next(current.zoom), measured.fit, measured.stage),
      fit: measured.fit,
    }));
  };
  const offsetOf = (clientX: number, clientY: number) => {
    const box = sizes()?.box;
    return box
      ? { x: clientX - box.left - box.width / 2, y: clientY - box.top - box.height / 2 }
      : { x: 0, y: 0 };
  };

  const toggle = () => {
    const measured = sizes();
    if (!measured) return;
    const full = oneToOneScale(originalWidth, measured.fit.width, window.devicePixelRatio);
    update((current) => (current.scale > 1 ? FIT : { ...current, scale: Math.max(1, full) }));
  };
  const onWheel = (event: WheelEvent) => {
    const measured = sizes();
    if (!measured) return;
    const factor = Math.exp(-event.deltaY * WHEEL_ZOOM_RATE);
    const offset = offsetOf(event.clientX, event.clientY);
    const limit = maxScale();
    update((current) => zoomAbout(current, factor, offset, measured.fit, limit));
  };
  const onPointerDown = (event: PointerEvent) => {
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    const last = pointers.current.get(event.pointerId);
    const measured = sizes();
    if (!last || !measured) return;
    const point = { x: event.clientX, y: event.clientY };
    const others = [...pointers.current].filter(([id]) => id !== event.pointerId);
    pointers.current.set(event.pointerId, point);
    if (others.length === 1) {
      // Pinch: the distance between the fingers scales the zoom, about their midpoint.
      const other = others[0]![1];
      const before = Math.hypot(last.x - other.x, last.y - other.y);
      const after = Math.hypot(point.x - other.x, point.y - other.y);
      if (before === 0) return;
      const offset = offsetOf((point.x + other.x) / 2, (point.y + other.y) / 2);
      const limit = maxScale();
      update((current) => zoomAbout(current, after / before, offset, measured.fit, limit));
      return;
    }
    const dx = point.x - last.x;
    const dy = point.y - last.y;
    update((current) => ({
      scale: current.scale,
      x: current.x - dx / (measured.fit.width * current.scale),
      y: current.y - dy / (measured.fit.height * current.scale),
    }));
  };
  const onPointerUp = (event: PointerEvent) => pointers.current.delete(event.pointerId);

  return {
    zoom,
    toggle,
    transform: zoomTransform(zoom, fit),
    handlers: {
      onWheel,
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
    },
  };
}
