"use client";
// The panel beside the canvas: the selected step, the trigger, several steps, or the workflow.
import { Trash2 } from "lucide-react";
import { Button } from "~/components/ui/button";
import { Field, Input, Textarea } from "~/components/ui/field";
import { fieldError } from "~/lib/editor/error-map";
import { TRIGGER_NODE } from "~/lib/editor/graph-model";
import { useEditor } from "./editor-context";
import { StepPanel } from "./step-panel";
import { TriggerPanel } from "./trigger-panel";

function WorkflowPanel() {
  const { draft, commands, canEdit, validation } = useEditor();
  const { name, description } = draft.definition;
  return (
    <fieldset disabled={!canEdit} className="min-w-0 space-y-4">
      <legend className="text-base font-semibold text-slate-900">Workflow</legend>
      <Field label="Name" error={fieldError(validation.general, "name")}>
        {(c) => <Input {...c} value={name} onChange={(e) => commands.update({ name: e.target.value })} />}
      </Field>
      <Field label="Description" error={fieldError(validation.general, "description")}>
        {(c) => (
          <Textarea
            {...c}
            className="font-sans text-sm"
            value={description ?? ""}
            onChange={(e) => commands.update({ description: e.target.value || undefined })}
          />
        )}
      </Field>
      {validation.general.length > 0 && (
        <ul aria-label="Workflow errors" className="space-y-1 text-xs text-red-600">
          {validation.general.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      <p className="text-sm text-slate-500">Select a step to edit it, or add one from the list on the left.</p>
    </fieldset>
  );
}

export function SidePanel() {
  const { draft, selection, commands, canEdit } = useEditor();
  const steps = selection.nodes.filter((id) => id !== TRIGGER_NODE);
  const step = steps.length === 1 ? draft.definition.steps.find((s) => s.id === steps[0]) : undefined;
  let body: React.ReactNode = <WorkflowPanel />;
  if (step) body = <StepPanel key={step.id} step={step} />;
  else if (selection.nodes.length === 1 && selection.nodes[0] === TRIGGER_NODE) body = <TriggerPanel />;
  else if (steps.length > 1)
    body = (
      <div className="space-y-3">
        <p className="text-sm text-slate-700">{steps.length} steps selected.</p>
        {canEdit && (
          <Button variant="danger" size="sm" onClick={commands.removeSelected}>
            <Trash2 aria-hidden className="size-4" /> Delete {steps.length} steps
          </Button>
        )}
      </div>
    );
  return (
    <aside aria-label="Selected item" className="h-full overflow-y-auto p-4">
      {body}
    </aside>
  );
}
