// Core operations the interpreter evaluates itself, deterministically: their only I/O is a
// durable timer (core.delay) and a local activity storing a sync webhook's answer (core.respond).
import { ANSWER_STATUS } from "@switchyard/connectors/http-names";
import { sleep } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";
import { publishResponse } from "./bookkeeping";
import type { StepState } from "./contract";

export const isEngineOp = (uses: string): boolean => uses.startsWith("core.");

/**
 * Items a forEach of an engine op may have. The workflow runs them one after
 * another, and once a workflow task's template budget is spent each item's
 * render is an activity of its own: this keeps such a step's history far from
 * Temporal's limits.
 */
export const MAX_ENGINE_OP_ITEMS = 1_000;

export interface EngineOpResult {
  output: unknown;
  halts?: boolean;
}

/** Thrown for bad input to an engine op; the step fails without retries. */
export class EngineOpError extends Error {
  override name = "EngineOpError";
}

/** The outputs core.merge combines: those of its needs that succeeded, in order. */
const mergedOutputs = (step: StepDefinition, state: Record<string, StepState>) =>
  step.needs.filter((id) => state[id]?.status === "succeeded").map((id) => [id, state[id]!.output] as const);

/**
 * What an engine op's output depends on besides its rendered inputs (core.merge: its needs'
 * outputs), so a remembered result is taken only for the same sources; undefined when nothing.
 */
export const engineOpSources = (step: StepDefinition, state: Record<string, StepState>): unknown =>
  step.uses === "core.merge" ? mergedOutputs(step, state) : undefined;

/** Whether an engine op's output stops its dependents: a core.filter that did not pass. */
export const haltsOn = (uses: string, output: unknown): boolean =>
  uses === "core.filter" && !(output as { passed?: unknown } | null)?.passed;

function merge(step: StepDefinition, mode: unknown, state: Record<string, StepState>): unknown {
  const outputs = mergedOutputs(step, state);
  switch (mode ?? "object") {
    case "object":
      return Object.fromEntries(outputs);
    case "concat":
      return outputs.flatMap(([, o]) => (Array.isArray(o) ? o : [o]));
    case "first":
      return outputs.find(([, o]) => o !== undefined && o !== null)?.[1] ?? null;
    default:
      throw new EngineOpError(`core.merge mode must be object, concat or first, not ${JSON.stringify(mode)}`);
  }
}

/** A sync webhook's answer, checked as the action's props describe it (core.respond). */
function webhookAnswer(props: Record<string, unknown>) {
  const status = props.status ?? 200;
  if (
    typeof status !== "number" ||
    !Number.isInteger(status) ||
    status < ANSWER_STATUS.min ||
    status > ANSWER_STATUS.max
  )
    throw new EngineOpError(
      `core.respond status must be an integer from ${ANSWER_STATUS.min} to ${ANSWER_STATUS.max}, not ${JSON.stringify(status)}`,
    );
  const headers = props.headers ?? {};
  if (typeof headers !== "object" || Array.isArray(headers) || headers === null)
    throw new EngineOpError("core.respond headers must be an object of header names to text");
  const bad = Object.entries(headers).find(([, v]) => typeof v !== "string");
  if (bad) throw new EngineOpError(`core.respond header "${bad[0]}" must be text, not ${typeof bad[1]}`);
  return { status, headers: headers as Record<string, string>, body: props.body ?? null };
}

export async function runEngineOp(
  step: StepDefinition,
  props: Record<string, unknown>,
  state: Record<string, StepState>,
  runId: string,
): Promise<EngineOpResult> {
  switch (step.uses) {
    case "core.respond": {
      const answer = webhookAnswer(props);
      await publishResponse({ runId, stepId: step.id, ...answer });
      return { output: answer };
    }
    case "core.transform":
      return { output: props.value ?? null };
    case "core.condition":
      return { output: { result: Boolean(props.condition) } };
    case "core.filter": {
      const output = { passed: Boolean(props.condition) };
      return { output, halts: haltsOn(step.uses, output) };
    }
    case "core.merge":
      return { output: merge(step, props.mode, state) };
    case "core.delay": {
      const started = Date.now();
      const duration = props.duration;
      if (typeof duration !== "number" && typeof duration !== "string")
        throw new EngineOpError("core.delay needs a duration");
      await sleep(duration as number);
      return { output: { waitedMs: Date.now() - started } };
    }
    default:
      throw new EngineOpError(`unknown core operation "${step.uses}"`);
  }
}
