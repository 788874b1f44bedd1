"use client";
// How a step runs, besides its inputs: once per item (forEach), a condition, retries,
// a timeout, what it remembers between runs, and whether a failure blocks its dependents.
import type { StepDefinition } from "@switchyard/workflows/definition";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { Field, Input } from "~/components/ui/field";
import { fieldError } from "~/lib/editor/error-map";
import { useEditor } from "./editor-context";
import { StepMemorySettings } from "./step-memory-settings";
import { TemplateInput } from "./template-input";

const RETRY_DEFAULTS = { maxAttempts: 3, initialInterval: "1s", backoffCoefficient: 2, maximumInterval: "1m" } as const;

/** A number of milliseconds stays a number; anything else is a duration string ("30s"). */
const duration = (text: string) => (text === "" ? undefined : /^\d+$/.test(text) ? Number(text) : text);

function RetrySettings({ step }: { step: StepDefinition }) {
  const { commands, validation } = useEditor();
  const errors = validation.byNode.get(step.id);
  const retry = step.retry;
  return (
    <div className="space-y-2">
      <CheckboxField
        checked={retry !== undefined}
        onChange={(on) => commands.updateStep(step.id, { retry: on ? { ...RETRY_DEFAULTS } : undefined })}
      >
        Retry on failure
      </CheckboxField>
      {retry && (
        <div className="grid grid-cols-2 gap-2">
          <Field label="Attempts" error={fieldError(errors, "retry.maxAttempts")}>
            {(c) => (
              <Input
                {...c}
                type="number"
                min={1}
                value={retry.maxAttempts}
                onChange={(e) =>
                  commands.updateStep(step.id, { retry: { ...retry, maxAttempts: Number(e.target.value) } })
                }
              />
            )}
          </Field>
          <Field label="First wait" error={fieldError(errors, "retry.initialInterval")}>
            {(c) => (
              <Input
                {...c}
                value={String(retry.initialInterval)}
                onChange={(e) =>
                  commands.updateStep(step.id, {
                    retry: { ...retry, initialInterval: duration(e.target.value) ?? "1s" },
                  })
                }
              />
            )}
          </Field>
        </div>
      )}
    </div>
  );
}

export function StepSettings({ step }: { step: StepDefinition }) {
  const { commands, validation } = useEditor();
  const errors = validation.byNode.get(step.id);
  const set = (patch: Partial<StepDefinition>) => commands.updateStep(step.id, patch);
  return (
    <div className="space-y-3">
      <TemplateInput
        stepId={step.id}
        label="For each item of"
        name="For each"
        value={step.forEach ?? ""}
        onChange={(v) => set({ forEach: v })}
        error={fieldError(errors, "forEach")}
        hint="A list template, e.g. {{ trigger.body.rows }}: the step runs once per item (item, index)."
      />
      {step.forEach && (
        <Field label="Items at once" error={fieldError(errors, "concurrency")}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={1}
              max={200}
              value={step.concurrency}
              onChange={(e) => set({ concurrency: Number(e.target.value) })}
            />
          )}
        </Field>
      )}
      <TemplateInput
        stepId={step.id}
        label="Run only if"
        name="Run only if"
        expression
        value={step.if ?? ""}
        onChange={(v) => set({ if: v })}
        error={fieldError(errors, "if")}
        hint="An expression; when false the step is skipped."
      />
      <Field label="Timeout" error={fieldError(errors, "timeout")} hint='Of one attempt, e.g. "30s" or "5m".'>
        {(c) => (
          <Input
            {...c}
            value={step.timeout === undefined ? "" : String(step.timeout)}
            onChange={(e) => set({ timeout: duration(e.target.value) })}
          />
        )}
      </Field>
      <RetrySettings step={step} />
      <StepMemorySettings step={step} />
      <CheckboxField checked={step.continueOnError} onChange={(on) => set({ continueOnError: on })}>
        Continue on error (hand the error to dependents instead of blocking them)
      </CheckboxField>
    </div>
  );
}
