import { workflowInfo } from "@temporalio/workflow";
import {
  contextFor,
  limitSize,
  render,
  taskTemplateBudget,
  templateBudget,
  TemplateLimitError,
  type TemplateContext,
} from "../definition/template";
import { renderTemplates } from "./bookkeeping";
import { INLINE_OUTPUT_BYTES } from "./contract";
import { ACTIVITY_INPUT_BYTES } from "./payload-limits";

export type RenderValue = (value: unknown, full: TemplateContext, what: string, maxBytes?: number) => Promise<unknown>;

// Claim-checked outputs stay in Postgres; templates that may read them render in an activity.
const holdsStoredOutput = (c: TemplateContext) => Object.values(c.steps).some((s) => s.stored || s.changesStored);

/**
 * Templates rendered in the workflow run synchronously within a workflow task, many at a time
 * (parallel or chained pure steps): together they spend one budget per task, so no task nears
 * the sandbox's 5 s limit. A new task is one with a longer history.
 */
function perTaskBudget() {
  let task = { historyLength: -1, budget: taskTemplateBudget() };
  return () => {
    const { historyLength } = workflowInfo();
    if (historyLength !== task.historyLength) task = { historyLength, budget: taskTemplateBudget() };
    return task.budget;
  };
}

/**
 * Renders `value` against only the part of the context its templates read, here or in an
 * activity; either way the result is JSON of at most `maxBytes`, since it travels through
 * Temporal and may stay in the run's state.
 */
export function createRenderer(runId: string): RenderValue {
  const taskBudget = perTaskBudget();
  const renderInActivity = (value: unknown, c: TemplateContext, what: string, maxBytes: number) => {
    limitSize({ value, context: c }, ACTIVITY_INPUT_BYTES, "the data these templates read");
    return renderTemplates({ runId, value, context: c, what, maxBytes });
  };
  return async (value, full, what, maxBytes = INLINE_OUTPUT_BYTES) => {
    const c = contextFor(value, full);
    if (holdsStoredOutput(c)) return renderInActivity(value, c, what, maxBytes);
    let rendered: unknown;
    try {
      rendered = await render(value, c, templateBudget(taskBudget()));
    } catch (err) {
      // Too much work for the sandbox is not too much for a worker thread: there only the hard
      // limits (and a timeout) fail the step. Running out is deterministic, so replays take the same path.
      if (err instanceof TemplateLimitError && err.budget) return renderInActivity(value, c, what, maxBytes);
      throw err;
    }
    limitSize(rendered, maxBytes, what);
    return rendered;
  };
}
