/**
 * Undo and redo: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, the Edit menu and the Undo of a toast all come
 * here. Steps run one after another (a second Ctrl+Z waits for the first to land), so the
 * library goes back through the same states it came through.
 */
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { inform } from './feedback';
import type { HistoryStep } from './history-slice';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

/** The chain of undo/redo runs of one client: each starts when the one before ended. */
const queueOf = perClient<{ tail: Promise<unknown> }>(() => ({ tail: Promise.resolve() }));

function enqueue(client: ShoeboxClient, run: () => Promise<void>): Promise<void> {
  const queue = queueOf(client);
  const next = queue.tail.then(run, run);
  queue.tail = next;
  return next;
}

/** Undoes one step (the newest, or the one a toast offers), and makes it redoable. */
function runUndo(step: HistoryStep): Promise<void> {
  store.getState().takeStep(step);
  return step.undo().then((undone) => {
    if (!undone) return;
    store.getState().pushRedo(step);
    inform(`Undid: ${step.label}`, { label: 'Redo', run: () => void runRedo(step) });
  });
}

/** Does a step again after it was undone, and makes it undoable again. */
function runRedo(step: HistoryStep): Promise<void> {
  store.getState().takeStep(step);
  return step.redo().then((redone) => {
    if (!redone) return;
    store.getState().pushUndo(step);
    inform(`Redid: ${step.label}`);
  });
}

/** Takes back the last thing done (Ctrl/Cmd+Z). */
export function undoLast(client: ShoeboxClient): Promise<void> {
  return enqueue(client, async () => {
    const step = store.getState().undoSteps.at(-1);
    if (step === undefined) inform('Nothing to undo');
    else await runUndo(step);
  });
}

/** Does again the last thing undone (Ctrl/Cmd+Shift+Z). */
export function redoLast(client: ShoeboxClient): Promise<void> {
  return enqueue(client, async () => {
    const step = store.getState().redoSteps.at(-1);
    if (step === undefined) inform('Nothing to redo');
    else await runRedo(step);
  });
}

/**
 * Records a step just done and tells the user, with an Undo on the toast (that Undo takes back
 * this step, wherever it is in the history by then).
 */
export function recordAndInform(client: ShoeboxClient, step: HistoryStep, message: string): void {
  store.getState().recordStep(step);
  inform(message, {
    label: 'Undo',
    run: () => {
      const { undoSteps } = store.getState();
      if (undoSteps.includes(step)) void enqueue(client, () => runUndo(step));
    },
  });
}

/** Records a step just done without a message (a change the screen already shows). */
export function recordQuietly(step: HistoryStep): void {
  store.getState().recordStep(step);
}

/** Whether the keyboard is in a text field, whose own undo Ctrl/Cmd+Z should reach. */
export function editingText(target: EventTarget | null = document.activeElement): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A select takes typed letters and digits to choose an option.
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'range', 'button'].includes(target.type)
  );
}

/** The Edit menu's Undo or Redo: a text field's own in a text field, the library's elsewhere. */
export function undoOrRedoFromMenu(client: ShoeboxClient, which: 'undo' | 'redo'): void {
  // execCommand is deprecated, but it is still how Chromium lets a page run a field's own
  // undo (what the menu's undo role did), and Electron's Chromium keeps it.
  if (editingText()) document.execCommand(which);
  else void (which === 'undo' ? undoLast(client) : redoLast(client));
}
