"use client";
// The definition being edited: its undo history, and whether it differs from what was saved.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { useCallback, useMemo, useState } from "react";
import { canRedo, canUndo, commit, historyOf, redo, undo, type History } from "~/lib/editor/history";

export interface Draft {
  definition: WorkflowDefinition;
  /** Replaces the definition with what `edit` makes of it, as one undoable step. */
  apply(edit: (d: WorkflowDefinition) => WorkflowDefinition): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  dirty: boolean;
  /** The definition as last saved (or loaded): what runs now. */
  saved: WorkflowDefinition;
  /** What was just saved is the new baseline; the history stays, so a save can still be undone. */
  markSaved(saved: WorkflowDefinition): void;
  /** The stored definition replaces the draft and its whole history: a secret typed before the save is kept nowhere. */
  resetTo(stored: WorkflowDefinition): void;
}

export function useDraft(initial: WorkflowDefinition): Draft {
  const [history, setHistory] = useState<History<WorkflowDefinition>>(() => historyOf(initial));
  const [saved, setSaved] = useState(initial);
  const apply = useCallback(
    (edit: (d: WorkflowDefinition) => WorkflowDefinition) => setHistory((h) => commit(h, edit(h.present))),
    [],
  );
  const dirty = useMemo(() => JSON.stringify(history.present) !== JSON.stringify(saved), [history.present, saved]);
  return {
    definition: history.present,
    apply,
    undo: useCallback(() => setHistory(undo), []),
    redo: useCallback(() => setHistory(redo), []),
    canUndo: canUndo(history),
    canRedo: canRedo(history),
    dirty,
    saved,
    markSaved: setSaved,
    resetTo: useCallback((stored: WorkflowDefinition) => {
      setHistory(historyOf(stored));
      setSaved(stored);
    }, []),
  };
}
