"use client";
// The editor's toolbar: undo/redo, tidy, save state and version, enable, and the workflow's
// other actions (history, export, test runs of the selected step).
import { ArrowLeft, LayoutGrid, Redo2, Save, Undo2 } from "lucide-react";
import Link from "next/link";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import { Spinner } from "~/components/ui/states";
import { WorkflowActions } from "~/components/workflows/workflow-actions";
import { TRIGGER_NODE } from "~/lib/editor/graph-model";
import { useEditor } from "./editor-context";
import { EnableSwitch } from "./enable-switch";
import type { Saving } from "./use-save";

interface ToolbarProps {
  saving: Saving;
  /** A new workflow's slug, as typed. */
  newSlug: string;
  setNewSlug(slug: string): void;
  onSave(): void;
}

function SaveState({ saving }: { saving: Saving }) {
  const { draft } = useEditor();
  if (saving.saving) return <Spinner label="Saving" />;
  return (
    <span className="text-xs text-slate-500" data-testid="save-state">
      {draft.dirty ? (
        <span className="font-medium text-amber-700">● Unsaved changes</span>
      ) : saving.version ? (
        `Saved · version ${saving.version}`
      ) : (
        "Not saved yet"
      )}
    </span>
  );
}

export function EditorToolbar({ saving, newSlug, setNewSlug, onSave }: ToolbarProps) {
  const { workspace, slug, draft, canEdit, positions, notify, validation, selection } = useEditor();
  const stepId = selection.nodes.length === 1 && selection.nodes[0] !== TRIGGER_NODE ? selection.nodes[0] : undefined;
  return (
    <div
      role="toolbar"
      aria-label="Workflow editor"
      className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2"
    >
      <Link
        href={`/w/${workspace}/workflows`}
        aria-label="All workflows"
        className="rounded p-1 text-slate-500 hover:bg-slate-100"
      >
        <ArrowLeft aria-hidden className="size-4" />
      </Link>
      <h1 className="max-w-64 truncate text-base font-semibold">{draft.definition.name || "Untitled workflow"}</h1>
      {slug ? (
        <code className="text-xs text-slate-500">{slug}</code>
      ) : (
        <Input
          aria-label="Slug"
          className="h-8 w-48"
          placeholder="slug"
          value={newSlug}
          onChange={(e) => setNewSlug(e.target.value)}
        />
      )}
      <SaveState saving={saving} />
      {validation.count > 0 && (
        <span className="text-xs font-medium text-red-600" data-testid="error-count">
          {validation.count} error{validation.count === 1 ? "" : "s"}
        </span>
      )}
      <div className="ml-auto flex items-center gap-1">
        {canEdit && (
          <>
            <Button
              size="sm"
              variant="ghost"
              aria-label="Undo"
              title="Undo (Ctrl/Cmd+Z)"
              disabled={!draft.canUndo}
              onClick={draft.undo}
            >
              <Undo2 aria-hidden className="size-4" />
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label="Redo"
              title="Redo (Shift+Ctrl/Cmd+Z)"
              disabled={!draft.canRedo}
              onClick={draft.redo}
            >
              <Redo2 aria-hidden className="size-4" />
            </Button>
          </>
        )}
        <Button size="sm" variant="ghost" onClick={positions.tidy} title="Lay the graph out again">
          <LayoutGrid aria-hidden className="size-4" /> Tidy
        </Button>
        {slug && <WorkflowActions workspace={workspace} slug={slug} canEdit={canEdit} stepId={stepId} />}
        {slug && <EnableSwitch slug={slug} canEdit={canEdit} onError={notify} />}
        {canEdit ? (
          <Button size="sm" variant="primary" onClick={onSave} disabled={saving.saving}>
            <Save aria-hidden className="size-4" /> Save
          </Button>
        ) : (
          <span className="text-xs text-slate-500">Read-only: viewers cannot save.</span>
        )}
      </div>
    </div>
  );
}
