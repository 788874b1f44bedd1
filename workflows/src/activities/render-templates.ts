import { CancelledFailure, Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { limitSize, TemplateError, type TemplateContext } from "../definition/template";
import { INLINE_OUTPUT_BYTES } from "../interpreter/contract";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";
import { heartbeating } from "./heartbeat";
import { renderBounded } from "./render";
import { loadStoredOutputs } from "./stored-outputs";

export interface RenderTemplatesInput {
  runId: string;
  value: unknown;
  context: TemplateContext;
  /** Names what is rendered in a size error. */
  what?: string;
  maxBytes?: number;
}

export function createRenderTemplatesActivities(deps: ActivityDeps) {
  return {
    /**
     * Renders the templates the workflow does not: those reading stored (claim-checked)
     * outputs, which the workflow never loads, and those too heavy for its sandbox.
     * What it returns must fit in `maxBytes` of JSON, like what the workflow renders itself:
     * it goes back through Temporal. (Workflows scheduled before these fields keep the inline limit.)
     */
    async renderTemplates({
      runId,
      value,
      context,
      what = "the rendered value",
      maxBytes = INLINE_OUTPUT_BYTES,
    }: RenderTemplatesInput): Promise<unknown> {
      const ctx = Context.current();
      // Heartbeats deliver a cancellation to a render waiting for a thread or running in one.
      return heartbeating(ctx, async () => {
        try {
          const full = await bookkeeping(deps, () => loadStoredOutputs(deps.db, runId, context));
          // Render threads are shared fairly between runs (the key), and given up on a cancel.
          const rendered = await renderBounded(value, full, { key: runId, signal: ctx.cancellationSignal });
          limitSize(rendered, maxBytes, what);
          return rendered;
        } catch (err) {
          if (ctx.cancellationSignal.aborted) throw new CancelledFailure("rendering cancelled");
          if (err instanceof TemplateError) throw ApplicationFailure.nonRetryable(err.message, err.name);
          // A busy pool (RenderBusyError) or a dead thread: retried.
          throw err;
        }
      });
    },
  };
}
