"use client";
// The keyboard's (and a test's) way to set dependencies: the steps this one runs after,
// chosen among those that do not already run after it.
import type { StepDefinition } from "@switchyard/workflows/definition";
import { useMemo } from "react";
import { Field, Select } from "~/components/ui/field";
import { fieldError } from "~/lib/editor/error-map";
import { possibleParents } from "~/lib/editor/step-edits";
import { useEditor } from "./editor-context";

export function RunsAfter({ step }: { step: StepDefinition }) {
  const { draft, commands, validation } = useEditor();
  const options = useMemo(() => possibleParents(draft.definition, step.id), [draft.definition, step.id]);
  return (
    <Field
      label="Runs after"
      error={fieldError(validation.byNode.get(step.id), "needs")}
      hint={
        options.length
          ? "None: starts with the trigger. Ctrl/Cmd-click to choose several; steps not chosen run in parallel."
          : "No other step can come before this one."
      }
    >
      {(control) => (
        <Select
          {...control}
          multiple
          size={Math.min(Math.max(options.length, 2), 6)}
          className="h-auto"
          value={step.needs}
          onChange={(e) =>
            commands.setNeeds(
              step.id,
              [...e.target.selectedOptions].map((o) => o.value),
            )
          }
        >
          {options.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
