import type { TimelineDay } from '../../store/photos-slice';
import { formatDay, formatFullDay, formatMonth } from '../format';

/** One row of the virtualized grid: a month or day heading, or a run of photo tiles. */
export type GridRow =
  | { kind: 'month'; key: string; label: string }
  /** `fullLabel` adds the year, for where the month heading is out of sight. */
  | { kind: 'day'; key: string; label: string; fullLabel: string }
  /** Photos `start` (inclusive) to `end` (exclusive) of the listing. */
  | { kind: 'tiles'; key: string; start: number; end: number };

/** The grid's rows and a way back from a photo index to its row. */
export interface GridLayout {
  rows: GridRow[];
  /** Row index of every tiles row, in order. */
  tileRows: number[];
  /** First photo index of every tiles row, parallel to `tileRows`. */
  tileRowStarts: number[];
}

/** Heights in CSS pixels of the heading rows (matched by styles/grid.css). */
export const HEADING_HEIGHT = { month: 56, day: 36 } as const;

/** Lays out a listing in rows of `columns` tiles, with month and day headings for a timeline. */
export function buildGridLayout(
  days: TimelineDay[] | null,
  total: number,
  columns: number,
): GridLayout {
  const layout: GridLayout = { rows: [], tileRows: [], tileRowStarts: [] };
  const addTiles = (start: number, count: number) => {
    for (let offset = 0; offset < count; offset += columns) {
      layout.tileRows.push(layout.rows.length);
      layout.tileRowStarts.push(start + offset);
      const end = start + Math.min(count, offset + columns);
      layout.rows.push({ kind: 'tiles', key: `t${start + offset}`, start: start + offset, end });
    }
  };
  if (days === null) {
    addTiles(0, total);
    return layout;
  }
  let start = 0;
  let month = '';
  for (const { day, count } of days) {
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      layout.rows.push({ kind: 'month', key: `m${month}`, label: formatMonth(day) });
    }
    layout.rows.push({
      kind: 'day',
      key: `d${day}`,
      label: formatDay(day),
      fullLabel: formatFullDay(day),
    });
    addTiles(start, count);
    start += count;
  }
  return layout;
}

/** The position in `tileRows` of the row holding photo `index`. */
function tileRowPosition(layout: GridLayout, index: number): number {
  const starts = layout.tileRowStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle] <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The row index that shows photo `index`. */
export function rowOfPhoto(layout: GridLayout, index: number): number {
  return layout.tileRows[tileRowPosition(layout, index)] ?? 0;
}

/** The photo straight above (`rowsDown` = -1) or below (+1) `index`, headings skipped. */
export function photoInNextRow(layout: GridLayout, index: number, rowsDown: number): number {
  const position = tileRowPosition(layout, index);
  const targetPosition = position + rowsDown;
  if (targetPosition < 0 || targetPosition >= layout.tileRows.length) return index;
  const column = index - layout.tileRowStarts[position];
  const target = layout.rows[layout.tileRows[targetPosition]];
  if (target.kind !== 'tiles') return index;
  return Math.min(target.start + column, target.end - 1);
}
