"use client";
// What the editor's buttons, keys and canvas gestures do to the draft. Refusals (a cycle,
// a duplicate id) come back as a message for the person, and change nothing.
import type { StepDefinition, WorkflowDefinition } from "@switchyard/workflows/definition";
import { useMemo, useRef } from "react";
import { copySteps, pasteSteps } from "~/lib/editor/clipboard";
import { addNeed, definitionToGraph, graphToDefinition, removeNeed, TRIGGER_NODE } from "~/lib/editor/graph-model";
import { addStep, removeSteps, renameStep, setNeeds, updateStep, type Edit } from "~/lib/editor/step-edits";
import type { Draft } from "./use-draft";
import type { Selection } from "./use-selection";

export interface Commands {
  addStep(uses: string): void;
  removeSelected(): void;
  connect(source: string, target: string): void;
  disconnect(source: string, target: string): void;
  copy(): void;
  paste(): void;
  rename(from: string, to: string): string | undefined;
  setNeeds(id: string, needs: string[]): void;
  updateStep(id: string, patch: Partial<StepDefinition>): void;
  update(patch: Partial<WorkflowDefinition>): void;
}

/** Applies an edit that may be refused; returns the refusal. */
function tryEdit(draft: Draft, notify: (m: string) => void, edit: (d: WorkflowDefinition) => Edit): string | undefined {
  const result = edit(draft.definition);
  if (!result.ok) {
    notify(result.error);
    return result.error;
  }
  draft.apply(() => result.definition);
  return undefined;
}

/** An edge change of the canvas model, back as a definition edit. */
const viaGraph =
  (change: typeof addNeed, source: string, target: string) =>
  (d: WorkflowDefinition): Edit => {
    const r = change(definitionToGraph(d), source, target);
    return r.ok ? { ok: true, definition: graphToDefinition(r.graph, d) } : r;
  };

export function useEditorCommands(draft: Draft, selection: Selection, notify: (m: string) => void): Commands {
  const clipboard = useRef<StepDefinition[]>([]);
  return useMemo(() => {
    const selectedSteps = () => selection.nodes.filter((id) => id !== TRIGGER_NODE);
    const disconnect = (source: string, target: string) => {
      if (!tryEdit(draft, notify, viaGraph(removeNeed, source, target))) selection.clear();
    };
    return {
      addStep(uses) {
        const parent = selectedSteps().length === 1 ? selectedSteps()[0] : undefined;
        const { definition, id } = addStep(draft.definition, uses, parent);
        draft.apply(() => definition);
        selection.selectNodes([id]);
      },
      removeSelected() {
        if (selection.edge) {
          const [source, target] = selection.edge.split("->") as [string, string];
          if (source === TRIGGER_NODE) notify("This edge only shows that the step starts with the trigger.");
          else disconnect(source, target);
          return;
        }
        const ids = new Set(selectedSteps());
        if (!ids.size) return;
        draft.apply((d) => removeSteps(d, ids));
        selection.clear();
      },
      connect: (source, target) => void tryEdit(draft, notify, viaGraph(addNeed, source, target)),
      disconnect,
      copy() {
        clipboard.current = copySteps(draft.definition, new Set(selectedSteps()));
        if (clipboard.current.length) notify(`Copied ${clipboard.current.length} step(s).`);
      },
      paste() {
        if (!clipboard.current.length) return;
        const { definition, ids } = pasteSteps(draft.definition, clipboard.current);
        draft.apply(() => definition);
        selection.selectNodes(ids);
      },
      rename(from, to) {
        const error = tryEdit(draft, notify, (d) => renameStep(d, from, to));
        if (!error) selection.selectNodes([to]);
        return error;
      },
      setNeeds: (id, needs) => void tryEdit(draft, notify, (d) => setNeeds(d, id, needs)),
      updateStep: (id, patch) => draft.apply((d) => updateStep(d, id, patch)),
      update: (patch) => draft.apply((d) => ({ ...d, ...patch })),
    };
  }, [draft, selection, notify]);
}
