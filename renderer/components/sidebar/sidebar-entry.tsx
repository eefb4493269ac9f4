import { useId, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useShoeboxStore } from '../../store/store';
import { ALBUM_DRAG_TYPE } from '../drag-data';
import { useDropTarget, type DropHandlers } from './drop-target';

export interface EntryProps {
  label: string;
  count: number | undefined;
  active: boolean;
  icon: ReactNode;
  onSelect: () => void;
  drop: DropHandlers;
  onKeyDown?: (event: KeyboardEvent) => void;
  onDoubleClick?: () => void;
  onContextMenu?: (event: MouseEvent) => void;
  /** Set for entries that can be dragged (albums, to reorder them). */
  dragAlbumId?: number;
  /** The hover text, when more than the label (a smart album's search). */
  tooltip?: string;
}

// An album dragged over an entry goes before it: a marker line says where, not a highlight.
const DROP_CLASSES = { album: ' is-insert-before', drop: ' is-drop-target', none: '' } as const;

/** One sidebar entry: named by its label alone, its count as a description beside it. */
export function SidebarEntry({
  label,
  count,
  active,
  icon,
  onSelect,
  drop,
  onKeyDown,
  onDoubleClick,
  onContextMenu,
  dragAlbumId,
  tooltip,
}: EntryProps) {
  const countId = useId();
  const { over, props } = useDropTarget(drop);
  return (
    <li>
      <button
        type="button"
        className={`sidebar-entry${active ? ' is-active' : ''}${DROP_CLASSES[over ?? 'none']}`}
        aria-label={label}
        // Long names are cut off with an ellipsis: the whole name on hover.
        title={tooltip ?? label}
        aria-current={active ? 'page' : undefined}
        aria-describedby={count === undefined ? undefined : countId}
        onClick={onSelect}
        onKeyDown={onKeyDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        draggable={dragAlbumId !== undefined}
        data-album-id={dragAlbumId}
        onDragStart={(event) => {
          if (dragAlbumId === undefined) return;
          event.dataTransfer.setData(ALBUM_DRAG_TYPE, String(dragAlbumId));
          event.dataTransfer.effectAllowed = 'move';
        }}
        {...props}
      >
        <span className="sidebar-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="sidebar-label">{label}</span>
        {count !== undefined && (
          <span id={countId} className="sidebar-count">
            {count.toLocaleString()}
          </span>
        )}
      </button>
    </li>
  );
}

/**
 * The count to show for an entry: the open view's own total, which grows with each imported
 * photo at once, else the library's counts, which are refetched only now and then during an
 * import (so the sidebar and the header agree on the view both show).
 */
export function useEntryCount(
  active: boolean,
  libraryCount: number | undefined,
): number | undefined {
  const liveTotal = useShoeboxStore((state) =>
    active && state.listStatus === 'ready' ? state.total : undefined,
  );
  return liveTotal ?? libraryCount;
}
