// forEach execution inside the workflow sandbox. Batch sizes adapt to measured
// per-item cost so scheduling overhead stays near 10% of the work: cheap items
// are packed many to an activity, expensive ones spread one per activity.
import { executeChild, proxyActivities, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { whileEngineUnavailable } from "./engine-unavailable";
import {
  INLINE_OUTPUT_BYTES,
  type BatchItem,
  type FanOutInput,
  type FanOutResult,
  type RetrySettings,
} from "./contract";

/** Rough cost of scheduling one activity (task round trips + history writes). */
export const ACTIVITY_OVERHEAD_MS = 20;
/** Overhead ≤ 10% of the work ⇒ a batch should carry at least 10× the overhead. */
export const TARGET_BATCH_MS = ACTIVITY_OVERHEAD_MS * 10;
export const MAX_BATCH = 500;
/** Above this many items, chunks run as child workflows so no history nears Temporal's limits. */
export const CHUNK_SIZE = 1_000;
const PARALLEL_CHUNKS = 4;

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 3,
  initialInterval: "1s",
  backoffCoefficient: 2,
  maximumInterval: "1m",
};

/** Next batch size from the mean item cost seen so far; one item until something is measured. */
export function nextBatchSize(meanItemMs: number | undefined, remaining: number, concurrency: number): number {
  if (meanItemMs === undefined) return 1;
  const byCost = Math.ceil(TARGET_BATCH_MS / Math.max(meanItemMs, 0.05));
  // Never so large that parallel slots go idle while one batch holds the rest.
  const fair = Math.ceil(remaining / concurrency);
  return Math.max(1, Math.min(byCost, fair, MAX_BATCH));
}

/**
 * Runs `lanes` loops of `work` while `more()` holds. After a failure no lane
 * starts new work and what is in flight settles, so nothing keeps running
 * behind a failed step's back; then the first failure is rethrown.
 */
async function inLanes(lanes: number, more: () => boolean, work: () => Promise<void>): Promise<void> {
  let failure: { err: unknown } | undefined;
  const lane = async () => {
    while (!failure && more()) {
      try {
        await work();
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.err;
}

function batchActivity(input: FanOutInput) {
  const itemTimeoutMs = typeof input.step.timeout === "number" ? input.step.timeout : undefined;
  return proxyActivities<Activities>({
    ...(input.taskQueue ? { taskQueue: input.taskQueue } : {}),
    startToCloseTimeout: itemTimeoutMs ? Math.max(itemTimeoutMs * MAX_BATCH, 60_000) : "30 minutes",
    heartbeatTimeout: "15 seconds",
    // Item failures are retried inside the batch; this covers lost workers.
    retry: { maximumAttempts: 5, initialInterval: "1 second" },
  }).executeBatch;
}

/** Runs items in adaptive batches with at most `concurrency` batches in flight. */
export async function runBatches(input: FanOutInput): Promise<FanOutResult> {
  const execute = batchActivity(input);
  const { items, step } = input;
  const concurrency = step.concurrency;
  const outputs: unknown[] = new Array(items.length);
  let inline = true;
  let inlineBytes = 0;
  let failed = 0;
  let firstError: FanOutResult["firstError"];
  let measuredMs = 0;
  let measuredItems = 0;
  let next = 0;
  const position = new Map(items.map((it, i) => [it.index, i]));

  const runBatch = async () => {
    const size = nextBatchSize(
      measuredItems ? measuredMs / measuredItems : undefined,
      items.length - next,
      concurrency,
    );
    const batch: BatchItem[] = items.slice(next, next + size);
    next += batch.length;
    // A batch the database's outage stopped before its items ran is called again once it is back.
    const result = await whileEngineUnavailable(() =>
      execute({
        runId: input.runId,
        stepId: step.id,
        uses: step.uses,
        ...(step.connection ? { connection: step.connection } : {}),
        items: batch,
        with: step.with,
        context: input.context,
        retry: step.retry ?? DEFAULT_RETRY,
        inlineOutputBytes: INLINE_OUTPUT_BYTES,
        ...(input.incremental ? { incremental: input.incremental } : {}),
      }),
    );
    result.items.forEach((r, i) => {
      measuredMs += r.durationMs;
      measuredItems++;
      if (!r.ok) {
        failed++;
        if (!firstError || r.index < firstError.index) firstError = { index: r.index, error: r.error! };
      }
      if (inline && result.outputs) {
        const o = result.outputs[i];
        inlineBytes += JSON.stringify(o ?? null).length;
        outputs[position.get(r.index)!] = o;
      }
    });
    if (!result.outputs || inlineBytes > INLINE_OUTPUT_BYTES) inline = false;
  };
  await inLanes(Math.min(concurrency, items.length), () => next < items.length, runBatch);
  return { failed, firstError, ...(inline ? { outputs } : {}) };
}

/** Child workflow: one chunk of a large fan-out. */
export async function fanOutChunk(input: FanOutInput): Promise<FanOutResult> {
  return runBatches(input);
}

/** Runs a fan-out, through child workflows when it is large. */
export async function fanOut(input: FanOutInput): Promise<FanOutResult> {
  if (input.items.length <= CHUNK_SIZE) return runBatches(input);
  const chunks: FanOutInput[] = [];
  for (let i = 0; i < input.items.length; i += CHUNK_SIZE)
    chunks.push({ ...input, items: input.items.slice(i, i + CHUNK_SIZE) });
  // Each chunk gets a share of the step's concurrency, so the whole stays within it.
  const perChunk = Math.max(1, Math.floor(input.step.concurrency / Math.min(PARALLEL_CHUNKS, chunks.length)));
  const results: FanOutResult[] = new Array(chunks.length);
  let next = 0;
  const runChunk = async () => {
    const k = next++;
    results[k] = await executeChild(fanOutChunk, {
      workflowId: `${workflowInfo().workflowId}-${input.step.id}-chunk-${k}`,
      args: [{ ...chunks[k]!, step: { ...input.step, concurrency: perChunk } }],
    });
  };
  await inLanes(Math.min(PARALLEL_CHUNKS, chunks.length), () => next < chunks.length, runChunk);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const firstError = results.map((r) => r.firstError).find(Boolean);
  const all = results.every((r) => r.outputs) ? results.flatMap((r) => r.outputs!) : undefined;
  const fits = all && JSON.stringify(all).length <= INLINE_OUTPUT_BYTES;
  return { failed, firstError, ...(fits ? { outputs: all } : {}) };
}
