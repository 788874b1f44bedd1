"use client";
import { ancestors, type StepDefinition, type WorkflowDefinition } from "@switchyard/workflows/definition";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, Select, Textarea } from "~/components/ui/field";
import { pathErrorsOf, type PathError } from "./api-error";
import { sampleInputOf } from "./input-sample";
import { PathErrors } from "./path-errors";
import { parseJson, prettyJson, type TestRunMode } from "./test-run-modes";
import { useTestRun } from "./use-test-run";

/** Sample data as it arrives over the wire (sampleDataOf). */
interface Samples {
  trigger?: unknown;
  outputs: Record<string, unknown>;
}

interface TestRunFormProps {
  workspace: string;
  slug: string;
  mode: TestRunMode;
  steps: StepDefinition[];
  trigger: WorkflowDefinition["trigger"];
  samples: Samples;
  initialStep?: string;
}

/** The recorded outputs of the steps `stepId` depends on (what running it alone starts from), and those without one. */
function outputsBefore(steps: StepDefinition[], stepId: string, samples: Samples) {
  const before = [...ancestors(steps, stepId)];
  return {
    recorded: Object.fromEntries(
      before.filter((id) => Object.hasOwn(samples.outputs, id)).map((id) => [id, samples.outputs[id]]),
    ),
    missing: before.filter((id) => !Object.hasOwn(samples.outputs, id)),
  };
}

const hintForOutputs = (missing: string[]) =>
  "By step id; prefilled from each step's last successful run. These steps do not run." +
  (missing.length ? ` No output is recorded for ${missing.join(", ")}: add one here.` : "");

function StepSelect({
  steps,
  value,
  onChange,
}: {
  steps: StepDefinition[];
  value: string;
  onChange(id: string): void;
}) {
  return (
    <Field label="Step">
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {steps.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} ({s.uses})
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** The trigger input's JSON, with the parser's complaint or, once a start is refused, each field the schema refused. */
function InputField({
  text,
  onChange,
  withSchema,
  parseError,
  errors,
}: {
  text: string;
  onChange(text: string): void;
  withSchema: boolean;
  parseError?: string;
  errors: PathError[];
}) {
  return (
    <>
      <Field
        label="Trigger input (JSON)"
        hint={
          withSchema
            ? "Checked against the workflow's input schema; its defaults fill what is left out. The run's trigger is {body: input}."
            : "The run's trigger is {body: input}; prefilled from the last run."
        }
        error={parseError ?? (errors.length ? "It does not match the workflow's input schema:" : undefined)}
      >
        {(control) => (
          <Textarea
            {...control}
            className="min-h-40"
            value={text}
            onChange={(e) => onChange(e.target.value)}
            data-testid="test-run-input"
          />
        )}
      </Field>
      {!parseError && errors.length > 0 && (
        <div role="alert" data-testid="test-run-input-errors">
          <PathErrors errors={errors} />
        </div>
      )}
    </>
  );
}

/** Where the input's problems are (JSON Pointers; "" is the whole input), as a refused start lists them. */
const inputErrorsOf = (error: unknown) =>
  pathErrorsOf(error).map((e) => ({ ...e, path: e.path ? `input${e.path}` : "input" }));

export function TestRunForm({ workspace, slug, mode, steps, trigger, samples, initialStep }: TestRunFormProps) {
  const inputSchema = trigger.type === "manual" ? trigger.input : undefined;
  const partial = mode === "upTo" || mode === "only";
  const [stepId, setStepId] = useState(
    initialStep && steps.some((s) => s.id === initialStep) ? initialStep : steps.at(-1)!.id,
  );
  const [inputText, setInputText] = useState(() => prettyJson(samples.trigger ?? sampleInputOf(inputSchema) ?? {}));
  const [outputsText, setOutputsText] = useState(() => prettyJson(outputsBefore(steps, stepId, samples).recorded));
  const run = useTestRun(workspace);
  const inputErrors = run.isError ? inputErrorsOf(run.error) : [];
  const input = parseJson(inputText);
  const outputs = parseJson(outputsText);
  const chooseStep = (id: string) => {
    setStepId(id);
    setOutputsText(prettyJson(outputsBefore(steps, id, samples).recorded));
  };
  const submit = () => {
    if (!input.ok || (mode === "only" && !outputs.ok)) return;
    run.mutate({
      slug,
      input: input.value,
      ...(mode === "testMode" ? { testMode: true } : {}),
      ...(mode === "upTo" ? { upTo: stepId } : {}),
      ...(mode === "only" && outputs.ok
        ? { only: stepId, sampleOutputs: outputs.value as Record<string, unknown> }
        : {}),
    });
  };
  return (
    <form className="space-y-3" onSubmit={(e) => (e.preventDefault(), submit())}>
      {partial && <StepSelect steps={steps} value={stepId} onChange={chooseStep} />}
      <InputField
        text={inputText}
        onChange={setInputText}
        withSchema={inputSchema !== undefined}
        parseError={input.ok ? undefined : input.error}
        errors={inputErrors}
      />
      {mode === "only" && (
        <Field
          label="Outputs of the steps before it (JSON)"
          hint={hintForOutputs(outputsBefore(steps, stepId, samples).missing)}
          error={outputs.ok ? undefined : outputs.error}
        >
          {(control) => (
            <Textarea
              {...control}
              className="min-h-32"
              value={outputsText}
              onChange={(e) => setOutputsText(e.target.value)}
              data-testid="test-run-outputs"
            />
          )}
        </Field>
      )}
      {run.isError && !inputErrors.length && (
        <p role="alert" className="text-sm text-red-700">
          {run.error.message}
        </p>
      )}
      <div className="flex justify-end">
        <Button
          type="submit"
          variant="primary"
          disabled={run.isPending || run.isSuccess || !input.ok || (mode === "only" && !outputs.ok)}
        >
          {run.isPending ? "Starting…" : "Start run"}
        </Button>
      </div>
    </form>
  );
}
