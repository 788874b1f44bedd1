"use client";
// Everything the editor's parts share, so the canvas, palette and panel read one source.
import { createContext, useContext } from "react";
import type { PickerSamples } from "~/lib/editor/data-picker";
import type { Catalog } from "~/lib/editor/catalog";
import type { ParallelismReport } from "~/lib/editor/parallelism-report";
import type { Commands } from "./use-editor-commands";
import type { Draft } from "./use-draft";
import type { Positions } from "./use-positions";
import type { Selection } from "./use-selection";
import type { Validation } from "./use-validation";

export interface EditorConnection {
  id: string;
  name: string;
  connector: string;
}

export interface EditorContextValue {
  workspace: string;
  /** Null until a new workflow is first saved. */
  slug: string | null;
  canEdit: boolean;
  draft: Draft;
  selection: Selection;
  positions: Positions;
  commands: Commands;
  catalog: Catalog;
  connections: readonly EditorConnection[];
  samples: PickerSamples;
  validation: Validation;
  report: ParallelismReport;
  /** The webhook's path (`/hooks/<token>`), known only when a save just created or renewed it. */
  hookUrl: string | null;
  notify(message: string): void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("useEditor outside the workflow editor");
  return value;
}
