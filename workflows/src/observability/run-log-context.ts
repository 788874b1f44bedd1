// Which run an activity works for, so every line it logs says so without each call site
// passing it: set per activity execution (runLogInterceptor), read by the logger (inRunContext).
import { AsyncLocalStorage } from "node:async_hooks";
import type { ActivityInterceptorsFactory } from "@temporalio/worker";
import type { Logger } from "@switchyard/connectors";
import { workflowIdForRun } from "../interpreter/contract";

export interface RunLogFields {
  runId: string;
  stepId?: string;
  /** The Switchyard workflow's id (not Temporal's), and its workspace, once a row has said. */
  workflowId?: string;
  workspaceId?: string;
}

type RunOwner = Pick<RunLogFields, "workflowId" | "workspaceId">;

const current = new AsyncLocalStorage<RunLogFields>();
/** Owners of runs this process has read, so a run's later activities know them from their first line. */
const owners = new Map<string, RunOwner>();
const REMEMBERED_OWNERS = 10_000;

/**
 * Records a run's workflow and workspace for the activity running now and for later ones, from a
 * row the caller read anyway: logging never costs a query.
 */
export function noteRunOwner(runId: string, row: Required<RunOwner>): void {
  const owner = { workflowId: row.workflowId, workspaceId: row.workspaceId };
  const fields = current.getStore();
  if (fields?.runId === runId) Object.assign(fields, owner);
  if (owners.has(runId)) return;
  if (owners.size >= REMEMBERED_OWNERS) owners.delete(owners.keys().next().value!);
  owners.set(runId, owner);
}

const RUN_WORKFLOW_PREFIX = workflowIdForRun("");

/**
 * The run an activity works for: named by its input (most take `{ runId, stepId? }` first), or
 * else by the Temporal workflow it was called from (a run's workflow id is `run-<runId>`).
 */
function runOf(arg: unknown, temporalWorkflowId: string | undefined): RunLogFields | undefined {
  const { runId, stepId } = (typeof arg === "object" && arg !== null ? arg : {}) as {
    runId?: unknown;
    stepId?: unknown;
  };
  const id =
    typeof runId === "string"
      ? runId
      : temporalWorkflowId?.startsWith(RUN_WORKFLOW_PREFIX)
        ? temporalWorkflowId.slice(RUN_WORKFLOW_PREFIX.length)
        : undefined;
  if (!id) return undefined;
  return { runId: id, ...(typeof stepId === "string" ? { stepId } : {}), ...owners.get(id) };
}

export const runLogInterceptor: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    execute: (input, next) => {
      const fields = runOf(input.args[0], ctx.info.workflowExecution?.workflowId);
      return fields ? current.run(fields, () => next(input)) : next(input);
    },
  },
});

/** `logger`, with the current activity's run fields on every line (a line's own fields win). */
export function inRunContext(logger: Logger): Logger {
  const add = (fields?: Record<string, unknown>) => {
    const run = current.getStore();
    return run ? { ...run, ...fields } : fields;
  };
  return {
    info: (m, f) => logger.info(m, add(f)),
    warn: (m, f) => logger.warn(m, add(f)),
    error: (m, f) => logger.error(m, add(f)),
  };
}
