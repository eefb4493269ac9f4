/**
 * Every keyboard shortcut, as the `?` overlay lists them. The handlers live where the keys are
 * read (the grid, the viewer, the culling keys); this is the one list a user reads.
 */

/** One shortcut: the keys (alternatives) and what they do. */
export interface Shortcut {
  keys: string[];
  action: string;
}

/** Shortcuts that belong together, under a heading. */
export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

/** "⌘" on a Mac, "Ctrl" elsewhere: the command key as the user's keyboard names it. */
export function commandKeyName(platform = navigator.platform): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}

/** The shortcut list, with the command key named for this platform. */
export function shortcutGroups(command = commandKeyName()): ShortcutGroup[] {
  return [
    {
      title: 'Culling (the selection, or the photo in the viewer)',
      shortcuts: [
        { keys: ['0'], action: 'No stars' },
        { keys: ['1', '2', '3', '4', '5'], action: 'Rate 1 to 5 stars' },
        { keys: ['P'], action: 'Flag as pick' },
        { keys: ['X'], action: 'Flag as reject' },
        { keys: ['U'], action: 'Remove the flag' },
        { keys: ['6', '7', '8', '9'], action: 'Red, yellow, green, blue label (again: no label)' },
        { keys: ['Shift + any of these'], action: 'Apply, then go to the next photo' },
        { keys: [`${command} + [`, `${command} + ]`], action: 'Rotate left, right' },
      ],
    },
    {
      title: 'Everywhere',
      shortcuts: [
        { keys: [`${command} + Z`], action: 'Undo' },
        { keys: [`${command} + Shift + Z`, 'Ctrl + Y'], action: 'Redo' },
        { keys: [`${command} + F`], action: 'Search' },
        { keys: ['?'], action: 'Show this list' },
      ],
    },
    {
      title: 'Grid',
      shortcuts: [
        { keys: ['← → ↑ ↓'], action: 'Move' },
        { keys: ['Shift + arrows'], action: 'Extend the selection' },
        { keys: [`${command} + arrows`], action: 'Move without selecting' },
        { keys: ['Space'], action: 'Select or deselect' },
        { keys: [`${command} + A`], action: 'Select all' },
        { keys: ['Home', 'End'], action: 'First, last photo' },
        { keys: ['Enter'], action: 'Open in the viewer' },
        { keys: ['Delete'], action: 'Move to the Trash (in the Trash: delete for good)' },
        { keys: ['I'], action: 'Show or hide the panel describing the selection' },
        { keys: ['Esc'], action: 'Clear the selection' },
      ],
    },
    {
      title: 'Viewer',
      shortcuts: [
        { keys: ['←', '→'], action: 'Previous, next photo' },
        { keys: ['Home', 'End'], action: 'First, last photo' },
        { keys: ['Z'], action: 'Fit or 1:1 (100 %)' },
        { keys: ['Wheel', 'Pinch'], action: 'Zoom; drag to pan' },
        { keys: ['I'], action: 'Show or hide the info' },
        { keys: ['Delete'], action: 'Move to the Trash' },
        { keys: ['Esc'], action: 'Back to the grid' },
      ],
    },
  ];
}
