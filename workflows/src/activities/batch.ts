import type { ActionDefinition, ConnectionHandle, HttpClient, Logger } from "@switchyard/connectors";
import { describeIssues, NonRetryableError, runAction } from "@switchyard/connectors";
import { CancelledFailure } from "@temporalio/activity";
import { toMs } from "../definition/schema";
import { TemplateError, type TemplateContext } from "../definition/template";
import type { BatchItem, RetrySettings, StepError } from "../interpreter/contract";
import { idempotencyKey } from "../interpreter/contract";
import { renderBounded } from "./render";

/**
 * How long an item's render may wait for a render thread. The batch heartbeats, so
 * its cancellation and timeouts reach the wait first; this only backstops them.
 */
const RENDER_WAIT_MS = 5 * 60_000;

export interface ItemResult {
  index: number;
  output?: unknown;
  error?: StepError;
  attempts: number;
  durationMs: number;
}

interface ItemContext {
  runId: string;
  stepId: string;
  retry: RetrySettings;
  logger: Logger;
  http: HttpClient;
  connection?: ConnectionHandle;
  signal: AbortSignal;
  describe: (err: unknown) => StepError & { retryable: boolean; retryAfterMs?: number };
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** One fan-out item, with the step's retry policy applied inside the batch. */
export async function runItemWithRetries(
  action: ActionDefinition,
  item: BatchItem,
  template: Record<string, unknown>,
  context: TemplateContext,
  c: ItemContext,
): Promise<ItemResult> {
  const started = performance.now();
  let delay = toMs(c.retry.initialInterval);
  let rendered: unknown;
  try {
    rendered = await renderBounded(
      template,
      { ...context, item: item.item, index: item.index },
      { key: c.runId, signal: c.signal, maxWaitMs: RENDER_WAIT_MS },
    );
  } catch (err) {
    // Only the template's own failures are the item's. A cancelled batch is cancelled, and one that
    // found no render thread free fails whole, for Temporal to retry, rather than record a result.
    if (c.signal.aborted) throw new CancelledFailure("fan-out cancelled");
    if (!(err instanceof TemplateError)) throw err;
    return {
      index: item.index,
      error: { message: (err as Error).message, type: "TemplateError" },
      attempts: 1,
      durationMs: performance.now() - started,
    };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const props = action.props.safeParse(rendered);
      if (!props.success)
        throw new NonRetryableError(`invalid input for item ${item.index}: ${describeIssues(props.error)}`);
      const output = await runAction(action, {
        props: props.data,
        idempotencyKey: idempotencyKey(c.runId, c.stepId, item.index),
        logger: c.logger,
        http: c.http,
        connection: c.connection,
        signal: c.signal,
      });
      return { index: item.index, output, attempts: attempt, durationMs: performance.now() - started };
    } catch (err) {
      const { retryable, retryAfterMs, ...error } = c.describe(err);
      if (!retryable || attempt >= c.retry.maxAttempts || c.signal.aborted) {
        return { index: item.index, error, attempts: attempt, durationMs: performance.now() - started };
      }
      // A provider's hint is honoured up to the step's own maximum interval, and a cancel ends the wait.
      await abortableSleep(Math.min(retryAfterMs ?? delay, toMs(c.retry.maximumInterval)), c.signal);
      delay = Math.min(delay * c.retry.backoffCoefficient, toMs(c.retry.maximumInterval));
    }
  }
}
