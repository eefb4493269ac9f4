/** Small line icons, drawn inline so they follow the text colour and need no image requests. */

const paths = {
  photos: 'M4 5h16v14H4zM4 15l5-5 4 4 3-3 4 4',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
  album: 'M4 6h16v13H4zM7 3h10',
  plus: 'M12 5v14M5 12h14',
  import: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  folder: 'M3 6h7l2 2h9v11H3z',
  drive: 'M3 14h18v5H3zM5 14l2-8h10l2 8M17 16.5h.01',
  warning: 'M12 4l9 16H3zM12 10v4M12 17v.5',
  more: 'M6 12h.01M12 12h.01M18 12h.01',
  smallTiles: 'M9 9h6v6H9z',
  largeTiles: 'M5 5h14v14H5z',
} as const;

/** An icon by name; decorative, so hidden from assistive technology. */
export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={paths[name]} />
    </svg>
  );
}
