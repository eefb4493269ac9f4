import type { StateCreator } from 'zustand';
import type { ShoeboxState } from './store';

/**
 * One thing the user did that can be taken back: a change of stars, flags, labels, words or
 * time, a rotation, album membership, the Trash. Each way resolves to whether it worked.
 */
export interface HistoryStep {
  /** What it did, for "Undid …" ("3 stars on 12 photos"). */
  label: string;
  undo: () => Promise<boolean>;
  redo: () => Promise<boolean>;
}

/** The undo and redo stacks (the newest step last). */
export interface HistorySlice {
  undoSteps: HistoryStep[];
  redoSteps: HistoryStep[];
  /** A new step: it can be undone, and what was undone before can no longer be redone. */
  recordStep: (step: HistoryStep) => void;
  /** Takes a step off whichever stack holds it (it is being undone or redone). */
  takeStep: (step: HistoryStep) => void;
  /** Puts a step that was just undone on the redo stack. */
  pushRedo: (step: HistoryStep) => void;
  /** Puts a step that was just redone back on the undo stack. */
  pushUndo: (step: HistoryStep) => void;
}

// The issue asks for at least 50; a step is a few closures and snapshots, so twice that is
// cheap, and a long culling session can still walk back a whole burst.
export const MAX_HISTORY_STEPS = 100;

/** The history part of the store. */
export const createHistorySlice: StateCreator<ShoeboxState, [], [], HistorySlice> = (set) => ({
  undoSteps: [],
  redoSteps: [],
  recordStep: (step) =>
    set((state) => ({
      undoSteps: [...state.undoSteps, step].slice(-MAX_HISTORY_STEPS),
      redoSteps: [],
    })),
  takeStep: (step) =>
    set((state) => ({
      undoSteps: state.undoSteps.filter((candidate) => candidate !== step),
      redoSteps: state.redoSteps.filter((candidate) => candidate !== step),
    })),
  pushRedo: (step) =>
    set((state) => ({ redoSteps: [...state.redoSteps, step].slice(-MAX_HISTORY_STEPS) })),
  pushUndo: (step) =>
    set((state) => ({ undoSteps: [...state.undoSteps, step].slice(-MAX_HISTORY_STEPS) })),
});
