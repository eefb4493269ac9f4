import {
  useEffect,
  useEffectEvent,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';

/** A command in a menu. */
export interface MenuAction {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  /** Why it is disabled, or the whole text when the label is cut off. */
  title?: string;
  /** The key that does the same outside the menu, shown at the right ("3", "Ctrl+["). */
  shortcut?: string;
  /** Set for a choice among several (a rating, a flag): whether it is the current one. */
  checked?: boolean;
  /** A class giving a colour swatch before the label its background (colour labels). */
  swatchClass?: string;
  /** Destructive: shown in the danger colour. */
  danger?: boolean;
}

/** An entry that opens a further menu (→ or hover). */
export interface MenuSubmenu {
  label: string;
  items: MenuEntry[];
  disabled?: boolean;
}

/** One line of a menu: a command, a submenu, or a separator between groups. */
export type MenuEntry = MenuAction | MenuSubmenu | 'separator';

/** Where a menu opens: a point (the pointer), or under an element (a button, a focused tile). */
export type MenuPlacement = { x: number; y: number } | { below: DOMRect };

// Space kept between a menu and the window's edges, in CSS pixels.
const EDGE_MARGIN = 8;

function isSubmenu(entry: MenuEntry): entry is MenuSubmenu {
  return typeof entry === 'object' && 'items' in entry;
}

/** The enabled items of one menu level (not those of its submenus). */
function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  if (menu === null) return [];
  return [...menu.children].flatMap((child) => {
    const item = child.firstElementChild;
    return item instanceof HTMLElement &&
      item.getAttribute('role')?.startsWith('menuitem') &&
      item.getAttribute('aria-disabled') !== 'true'
      ? [item]
      : [];
  });
}

/**
 * Where a box of `width`×`height` goes so that it stays inside the window: at `start` if it
 * fits, else ending at `flipEnd` (the other side of the point or the parent item), else
 * against the far edge.
 */
function fit(start: number, flipEnd: number, size: number, room: number): number {
  if (start + size <= room - EDGE_MARGIN) return start;
  if (flipEnd - size >= EDGE_MARGIN) return flipEnd - size;
  return Math.max(EDGE_MARGIN, room - EDGE_MARGIN - size);
}

/**
 * Places a fixed menu inside the window once its size is known, before it paints (straight on
 * the element: its size is only known once it is laid out).
 */
function usePlacement(
  ref: RefObject<HTMLElement | null>,
  place: (size: DOMRect) => { left: number; top: number },
): void {
  const placeNow = useEffectEvent(() => {
    const element = ref.current;
    if (element === null) return;
    element.style.maxHeight = `${window.innerHeight - 2 * EDGE_MARGIN}px`;
    const { left, top } = place(element.getBoundingClientRect());
    element.style.left = `${left}px`;
    element.style.top = `${top}px`;
  });
  useLayoutEffect(() => placeNow(), []);
}

interface MenuListProps {
  label: string;
  entries: MenuEntry[];
  listRef: RefObject<HTMLUListElement | null>;
  /** Runs an action: closes the whole menu first. */
  onAction: (action: MenuAction) => void;
  /** Closes the whole menu (Escape at the top level, Tab). */
  onCloseAll: () => void;
  /** Closes just this level (← or Escape in a submenu); absent at the top. */
  onCloseSelf?: () => void;
}

/** One level of a menu: its items, keyboard and hover, and the submenu open from it. */
function MenuList({ label, entries, listRef, onAction, onCloseAll, onCloseSelf }: MenuListProps) {
  const [openAt, setOpenAt] = useState<number | null>(null);
  const [focusSubmenu, setFocusSubmenu] = useState(false);
  const itemRefs = useRef(new Map<number, HTMLElement>());

  const openSubmenu = (index: number, focusFirst: boolean) => {
    setOpenAt(index);
    setFocusSubmenu(focusFirst);
  };
  const closeSubmenu = () => {
    const parent = openAt === null ? undefined : itemRefs.current.get(openAt);
    setOpenAt(null);
    parent?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys belong to the innermost menu: a submenu's keys do not also move this one.
    if (
      event.target instanceof Element &&
      event.target.closest('[role="menu"]') !== listRef.current
    ) {
      return;
    }
    const items = itemsOf(listRef.current);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focused = at >= 0 ? items[at] : undefined;
    const entryIndex = Number(focused?.dataset.index ?? -1);
    const entry = entries[entryIndex] as MenuEntry | undefined;
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at < 0 ? -1 : at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(-1);
    else if (event.key === 'ArrowRight' && entry !== undefined && isSubmenu(entry)) {
      openSubmenu(entryIndex, true);
    } else if ((event.key === 'ArrowLeft' || event.key === 'Escape') && onCloseSelf) {
      onCloseSelf();
    } else if (event.key === 'Escape' || event.key === 'Tab') onCloseAll();
    else if ((event.key === 'Enter' || event.key === ' ') && entry !== undefined) {
      if (isSubmenu(entry)) openSubmenu(entryIndex, true);
      else if (entry !== 'separator') onAction(entry);
    } else if (event.key.length === 1 && /\S/.test(event.key)) {
      // Type-ahead: the next item whose label starts with the letter typed.
      const letter = event.key.toLowerCase();
      const order = [...items.slice(at + 1), ...items.slice(0, at + 1)];
      order.find((item) => item.dataset.label?.toLowerCase().startsWith(letter))?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul
      ref={listRef}
      role="menu"
      aria-label={label}
      className="context-menu"
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {entries.map((entry, index) => {
        if (entry === 'separator') {
          return (
            <li key={`separator-${index}`} role="separator" className="context-menu-separator" />
          );
        }
        const setRef = (element: HTMLElement | null) => {
          if (element === null) itemRefs.current.delete(index);
          else itemRefs.current.set(index, element);
        };
        const common = {
          ref: setRef,
          type: 'button' as const,
          tabIndex: -1,
          'data-index': index,
          'data-label': entry.label,
          'aria-disabled': entry.disabled ? true : undefined,
          // Hovering moves the keyboard's place too, so the two never show different items.
          onPointerEnter: () => {
            if (entry.disabled) return;
            itemRefs.current.get(index)?.focus();
            if (isSubmenu(entry)) openSubmenu(index, false);
            else if (openAt !== null) setOpenAt(null);
          },
        };
        if (isSubmenu(entry)) {
          const open = openAt === index;
          return (
            <li key={entry.label} role="none" className="context-menu-entry">
              <button
                {...common}
                role="menuitem"
                aria-haspopup="menu"
                aria-expanded={open}
                className={`context-menu-item${open ? ' is-open' : ''}`}
                onClick={() => !entry.disabled && openSubmenu(index, true)}
              >
                <span className="context-menu-label">{entry.label}</span>
                <span className="context-menu-arrow" aria-hidden="true">
                  ›
                </span>
              </button>
              {open && (
                <Submenu
                  label={entry.label}
                  entries={entry.items}
                  parent={() => itemRefs.current.get(index)}
                  focusFirst={focusSubmenu}
                  onAction={onAction}
                  onCloseAll={onCloseAll}
                  onCloseSelf={closeSubmenu}
                />
              )}
            </li>
          );
        }
        const checkable = entry.checked !== undefined;
        return (
          <li key={`${entry.label}-${index}`} role="none">
            <button
              {...common}
              role={checkable ? 'menuitemradio' : 'menuitem'}
              aria-checked={checkable ? entry.checked : undefined}
              aria-keyshortcuts={entry.shortcut}
              title={entry.title}
              className={`context-menu-item${entry.danger ? ' is-danger' : ''}`}
              onClick={() => !entry.disabled && onAction(entry)}
            >
              {checkable && (
                <span className="context-menu-check" aria-hidden="true">
                  {entry.checked ? '✓' : ''}
                </span>
              )}
              {entry.swatchClass !== undefined && (
                <span className={`context-menu-swatch ${entry.swatchClass}`} aria-hidden="true" />
              )}
              <span className="context-menu-label">{entry.label}</span>
              {entry.shortcut !== undefined && (
                <kbd className="context-menu-shortcut" aria-hidden="true">
                  {entry.shortcut}
                </kbd>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

interface SubmenuProps extends Omit<MenuListProps, 'listRef'> {
  /** The item it opened from. */
  parent: () => HTMLElement | undefined;
  focusFirst: boolean;
}

/** A submenu beside its item: to the right, or to the left where the window ends. */
function Submenu({ parent, focusFirst, ...props }: SubmenuProps) {
  const listRef = useRef<HTMLUListElement>(null);
  usePlacement(listRef, (size) => {
    const item = parent()?.getBoundingClientRect() ?? new DOMRect();
    return {
      left: fit(item.right, item.left, size.width, window.innerWidth),
      // The first item lines up with the parent item (the menu's padding above it).
      top: fit(item.top - EDGE_MARGIN / 2, item.bottom, size.height, window.innerHeight),
    };
  });
  useEffect(() => {
    if (focusFirst) itemsOf(listRef.current)[0]?.focus();
  }, [focusFirst]);
  return <MenuList {...props} listRef={listRef} />;
}

interface ContextMenuProps {
  /** The menu's accessible name ("Photo", "Album “Trip”"). */
  label: string;
  placement: MenuPlacement;
  entries: MenuEntry[];
  /** The menu wants to close: the owner stops rendering it. */
  onClose: () => void;
  /** An element whose presses do not count as outside (the button that toggles the menu). */
  anchor?: RefObject<HTMLElement | null>;
  /**
   * Opened from the keyboard: the first item takes focus. Opened by the pointer, the menu
   * itself does (nothing shows highlighted until an arrow key or the pointer picks an item).
   */
  byKeyboard?: boolean;
}

/**
 * A menu at the pointer or under an element, kept inside the window (it flips near the
 * edges and scrolls when taller than the window), with submenus. Arrows, Home/End, a letter,
 * Enter and Escape work as in a desktop menu; it closes on a press outside, a scroll, Tab, or
 * when the window loses focus. Focus goes back where it was before it ran a command.
 */
export function ContextMenu({
  label,
  placement,
  entries,
  onClose,
  anchor,
  byKeyboard = false,
}: ContextMenuProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const closeNow = useEffectEvent(() => onClose());
  usePlacement(listRef, (size) => {
    if ('below' in placement) {
      const { below } = placement;
      return {
        left: fit(below.left, below.right, size.width, window.innerWidth),
        top: fit(below.bottom + 4, below.top - 4, size.height, window.innerHeight),
      };
    }
    return {
      left: fit(placement.x, placement.x, size.width, window.innerWidth),
      top: fit(placement.y, placement.y, size.height, window.innerHeight),
    };
  });

  const focusOnOpen = useEffectEvent(() => {
    returnFocus.current = document.activeElement;
    const first = byKeyboard ? itemsOf(listRef.current)[0] : undefined;
    (first ?? listRef.current)?.focus({ preventScroll: true });
  });
  useLayoutEffect(() => focusOnOpen(), []);

  useEffect(() => {
    const close = () => closeNow();
    const inside = (target: EventTarget | null) =>
      target instanceof Node &&
      (listRef.current?.contains(target) === true || anchor?.current?.contains(target) === true);
    const onPointerDown = (event: PointerEvent) => {
      if (!inside(event.target)) close();
    };
    const onScroll = (event: Event) => {
      if (!inside(event.target)) close();
    };
    const onFocusOut = (event: FocusEvent) => {
      // Focus that falls to nothing (an item re-rendered) is not the user leaving the menu.
      if (event.relatedTarget !== null && !inside(event.relatedTarget)) close();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('scroll', onScroll, true);
    listRef.current?.addEventListener('focusout', onFocusOut);
    window.addEventListener('blur', close);
    window.addEventListener('resize', close);
    const list = listRef.current;
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('scroll', onScroll, true);
      list?.removeEventListener('focusout', onFocusOut);
      window.removeEventListener('blur', close);
      window.removeEventListener('resize', close);
    };
  }, [anchor]);

  const giveFocusBack = () => {
    const previous = returnFocus.current;
    if (previous instanceof HTMLElement && previous.isConnected) {
      previous.focus({ preventScroll: true });
    }
  };
  const closeAll = () => {
    giveFocusBack();
    onClose();
  };

  return createPortal(
    <div
      className="context-menu-layer"
      // The browser's own menu must not open over this one (a second right-click on it).
      onContextMenu={(event) => event.preventDefault()}
    >
      <MenuList
        label={label}
        entries={entries}
        listRef={listRef}
        onCloseAll={closeAll}
        onAction={(action) => {
          // Back first: the command may move focus on purpose (a name field, a dialog).
          closeAll();
          action.onSelect();
        }}
      />
    </div>,
    document.body,
  );
}
