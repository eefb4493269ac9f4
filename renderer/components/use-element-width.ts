import { useLayoutEffect, useState, type RefObject } from 'react';

// Before the first layout (and where there is no layout engine) assume a common window
// width, so the very first render already lays out rows instead of one long column.
const FALLBACK_WIDTH = 1024;

/** The content width of an element, following resizes. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      if (element.clientWidth > 0) setWidth(element.clientWidth);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
