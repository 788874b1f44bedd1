"use client";
// The editor's screen: toolbar and parallelism bar on top, then the palette, the canvas
// and the panel side by side; refusals and save errors announced below.
import { ReactFlowProvider } from "@xyflow/react";
import { PanelLeftClose, PanelLeftOpen, X } from "lucide-react";
import { useMemo, useState } from "react";
import { slugFromName } from "~/lib/editor/workflow-slug";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { Canvas } from "./canvas";
import { useEditor } from "./editor-context";
import { EditorToolbar } from "./editor-toolbar";
import { Palette } from "./palette";
import { ParallelismBar } from "./parallelism-bar";
import { SavingsBar } from "./savings-bar";
import { SidePanel } from "./side-panel";
import { useLeaveWarning, type Saving } from "./use-save";
import { useShortcuts } from "./use-shortcuts";

interface LayoutProps {
  saving: Saving;
  notice: { text: string; n: number } | null;
  dismissNotice(): void;
}

function Notice({ notice, dismiss }: { notice: LayoutProps["notice"]; dismiss(): void }) {
  return (
    <div aria-live="polite" className="pointer-events-none absolute inset-x-0 bottom-4 flex justify-center">
      {notice && (
        <div
          key={notice.n}
          role="alert"
          className="pointer-events-auto flex items-center gap-3 rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg"
        >
          {notice.text}
          <button type="button" aria-label="Dismiss" onClick={dismiss} className="text-slate-300 hover:text-white">
            <X aria-hidden className="size-4" />
          </button>
        </div>
      )}
    </div>
  );
}

/** Saves under the slug (a new workflow's as typed, or suggested from its name). */
function useSaveAction(saving: Saving) {
  const { slug, draft, notify } = useEditor();
  const [typedSlug, setTypedSlug] = useState<string | null>(null);
  const newSlug = typedSlug ?? slugFromName(draft.definition.name);
  const onSave = () => {
    const target = slug ?? newSlug;
    if (!target) return notify("Give the workflow a slug before saving.");
    saving.save(target).catch((e: Error) => notify(`Not saved: ${e.message}`));
  };
  return { newSlug, setNewSlug: setTypedSlug, onSave };
}

/**
 * The palette, which folds to a rail so a narrow screen keeps room for the graph. The fold button
 * stays the same element in the same place either way, so it keeps the keyboard focus.
 */
function PaletteColumn() {
  const [open, setOpen] = useState(true);
  return (
    <div className={cn("relative shrink-0 border-r border-slate-200 bg-white", open ? "w-52 xl:w-60" : "w-11")}>
      <div className="absolute top-3 right-1 z-10">
        <Button
          size="sm"
          variant="ghost"
          aria-label={open ? "Hide the step list" : "Show the step list"}
          aria-expanded={open}
          aria-controls={open ? "editor-palette" : undefined}
          onClick={() => setOpen(!open)}
        >
          {open ? <PanelLeftClose aria-hidden className="size-4" /> : <PanelLeftOpen aria-hidden className="size-4" />}
        </Button>
      </div>
      {open && (
        <div id="editor-palette" className="h-full">
          <Palette />
        </div>
      )}
    </div>
  );
}

export function EditorLayout({ saving, notice, dismissNotice }: LayoutProps) {
  const { canEdit, commands, draft } = useEditor();
  const save = useSaveAction(saving);
  const shortcuts = useMemo(
    () => ({
      undo: draft.undo,
      redo: draft.redo,
      copy: commands.copy,
      paste: commands.paste,
      remove: commands.removeSelected,
    }),
    [draft.undo, draft.redo, commands],
  );
  useShortcuts(shortcuts, canEdit);
  useLeaveWarning(draft.dirty);
  return (
    <div className="relative -mx-8 -my-6 flex h-screen min-w-0 flex-col">
      <EditorToolbar saving={saving} {...save} />
      <ParallelismBar />
      <SavingsBar />
      <div className="flex min-h-0 flex-1">
        {canEdit && <PaletteColumn />}
        <div className="min-w-0 flex-1 bg-slate-50">
          <ReactFlowProvider>
            <Canvas />
          </ReactFlowProvider>
        </div>
        <div className="w-80 shrink-0 border-l border-slate-200 bg-white xl:w-96">
          <SidePanel />
        </div>
      </div>
      <Notice notice={notice} dismiss={dismissNotice} />
    </div>
  );
}
