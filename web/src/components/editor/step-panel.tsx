"use client";
// The selected step: its id, what it runs after, its connection, its inputs and how it runs.
import type { StepDefinition } from "@switchyard/workflows/definition";
import { Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/field";
import { actionOf, needsConnection } from "~/lib/editor/catalog";
import { fieldError } from "~/lib/editor/error-map";
import { ConnectionSelect } from "./connection-select";
import { useEditor } from "./editor-context";
import { PropsForm } from "./props-form";
import { RunsAfter } from "./runs-after";
import { StepSettings } from "./step-settings";

/** Renamed on Enter or leaving the field; a refused name stays typed, with the reason. */
function StepIdField({ step }: { step: StepDefinition }) {
  const { commands, validation } = useEditor();
  const [typed, setTyped] = useState(step.id);
  const [refusal, setRefusal] = useState<string>();
  useEffect(() => {
    setTyped(step.id);
    setRefusal(undefined);
  }, [step.id]);
  const commit = () => setRefusal(commands.rename(step.id, typed.trim()));
  return (
    <Field
      label="Step id"
      error={refusal ?? fieldError(validation.byNode.get(step.id), "id")}
      hint="Templates read it as steps.<id>."
    >
      {(control) => (
        <Input
          {...control}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === "Enter" && commit()}
        />
      )}
    </Field>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </section>
  );
}

export function StepPanel({ step }: { step: StepDefinition }) {
  const { catalog, commands, canEdit, validation } = useEditor();
  const action = actionOf(catalog, step.uses);
  const errors = validation.byNode.get(step.id);
  return (
    <fieldset disabled={!canEdit} className="min-w-0 space-y-4">
      <legend className="sr-only">Step {step.id}</legend>
      <div>
        <h2 className="text-base font-semibold text-slate-900">{action?.title ?? step.uses}</h2>
        <p className="font-mono text-xs text-slate-500">{step.uses}</p>
        {action?.description && <p className="mt-1 text-sm text-slate-600">{action.description}</p>}
        {fieldError(errors, "uses") && <p className="mt-1 text-xs text-red-600">{fieldError(errors, "uses")}</p>}
      </div>
      <StepIdField step={step} />
      <RunsAfter step={step} />
      {needsConnection(catalog, step.uses) && (
        <ConnectionSelect
          connector={step.uses.split(".")[0]!}
          value={step.connection}
          onChange={(connection) => commands.updateStep(step.id, { connection })}
          error={fieldError(errors, "connection")}
        />
      )}
      <Section title="Inputs">
        <PropsForm step={step} />
      </Section>
      <Section title="How it runs">
        <StepSettings step={step} />
      </Section>
      {canEdit && (
        <Button variant="danger" size="sm" onClick={commands.removeSelected}>
          <Trash2 aria-hidden className="size-4" /> Delete step
        </Button>
      )}
    </fieldset>
  );
}
