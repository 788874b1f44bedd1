"use client";
// A step's `with`, as a form generated from its action's JSON Schema.
import { CHECKPOINT, type StepDefinition } from "@switchyard/workflows/definition";
import { useMemo } from "react";
import { actionOf } from "~/lib/editor/catalog";
import { checkpointFields, editableTargets } from "~/lib/editor/checkpoint-form";
import { fieldError } from "~/lib/editor/error-map";
import { formFields, type JsonSchema } from "~/lib/editor/schema-form";
import { valueAt, withValueAt } from "~/lib/editor/with-values";
import { useEditor } from "./editor-context";
import { JsonInput } from "./json-input";
import { PropInput } from "./prop-input";

export function PropsForm({ step }: { step: StepDefinition }) {
  const { catalog, commands, validation, draft } = useEditor();
  const action = actionOf(catalog, step.uses);
  const fields = useMemo(() => {
    const generic = action ? formFields(action.props as JsonSchema, step.with) : [];
    if (step.uses !== CHECKPOINT) return generic;
    return checkpointFields(generic, step.with, editableTargets(draft.definition.steps, step.id, catalog));
  }, [action, step.uses, step.with, step.id, draft.definition.steps, catalog]);
  const errors = validation.byNode.get(step.id);
  const connector = step.uses.split(".")[0]!;
  if (!action)
    return (
      <JsonInput
        label="Inputs (with)"
        value={step.with}
        onChange={(v) => commands.updateStep(step.id, { with: (v ?? {}) as Record<string, unknown> })}
        error={fieldError(errors, "with")}
        hint={`"${step.uses}" is not in the catalog: edit its inputs as JSON.`}
      />
    );
  let group: string | undefined;
  return (
    <div className="space-y-3">
      {fields.map((field) => {
        const heading = field.group !== group ? field.group : undefined;
        group = field.group;
        return (
          <div key={field.path.join(".")} className="space-y-3">
            {heading && (
              <h4 className="pt-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{heading}</h4>
            )}
            <PropInput
              stepId={step.id}
              // A nested connection (a checkpoint's `slack.connection`) is one of its group's connector.
              connector={field.path.length > 1 ? field.path[0]! : connector}
              field={field}
              value={valueAt(step.with, field.path)}
              onChange={(value) => commands.updateStep(step.id, { with: withValueAt(step.with, field.path, value) })}
              error={fieldError(errors, ["with", ...field.path].join("."))}
            />
          </div>
        );
      })}
      {fields.length === 0 && <p className="text-sm text-slate-500">This step takes no inputs.</p>}
    </div>
  );
}
