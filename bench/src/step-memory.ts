// Remembered results (issue 14): an incremental fan-out's second run against its first, and what a
// cache hit costs the engine beyond the activity round trip it still makes.
import type { BenchStack } from "./stack";
import { activities } from "./stages";
import { median, type Row } from "./stats";
import { prepare } from "./timed-run";

const ITEMS = 10_000;
const CHANGED = ITEMS / 100;
const HIT_REPS = 30;

export async function stepMemoryBench(stack: BenchStack): Promise<Row[]> {
  return [...(await incrementalFanOut(stack)), ...(await cacheHitCost(stack))];
}

/** 10,000 rows synced, then again with 1% of them changed: only those are sent. */
async function incrementalFanOut(stack: BenchStack): Promise<Row[]> {
  const path = "/bench-sync";
  stack.sink.on(path, { echo: true });
  const sync = await prepare(stack, {
    steps: [
      {
        id: "sync",
        uses: "http.request",
        forEach: "{{ trigger.body.rows }}",
        concurrency: 20,
        incremental: { key: "{{ item.id }}", version: "{{ item.v }}" },
        with: { url: `${stack.sink.url}${path}`, method: "PUT", body: "{{ item }}" },
      },
    ],
  });
  const rows = Array.from({ length: ITEMS }, (_, i) => ({ id: `row-${i}`, v: 1 }));
  const calls = () => stack.sink.calls(path).length;
  const first = await sync({ body: { rows } });
  const afterFirst = calls();
  // Every hundredth row changed: spread over the list, as real edits are.
  const changed = rows.map((r, i) => (i % (ITEMS / CHANGED) === 0 ? { ...r, v: 2 } : r));
  const second = await sync({ body: { rows: changed } });
  const secondCalls = calls() - afterFirst;
  await checkWholeOutput(stack, second.runId, changed);
  const history = await stack.engine.temporal.workflow.getHandle(`run-${second.runId}`).fetchHistory();
  const took = (type: string) =>
    activities(history.events ?? [])
      .filter((a) => a.type === type)
      .reduce((ms, a) => ms + (a.completed! - a.started!), 0);
  return [
    {
      benchmark: "incremental fan-out (10,000 items)",
      metric: "first run (all processed)",
      value: `${(first.ms / 1000).toFixed(2)} s, ${afterFirst} calls`,
      target: "",
    },
    {
      benchmark: "incremental fan-out (10,000 items)",
      metric: "second run, 1% changed: time / first run's",
      value: `${((100 * second.ms) / first.ms).toFixed(1)} % (${(second.ms / 1000).toFixed(2)} s)`,
      target: "≤ 10 %",
    },
    {
      benchmark: "incremental fan-out (10,000 items)",
      metric: "second run: planning / batches / finishing (activity time)",
      value: ["planIncremental", "executeBatch", "finishFanOut"].map((a) => `${took(a).toFixed(0)} ms`).join(" / "),
      target: "",
    },
    {
      benchmark: "incremental fan-out (10,000 items)",
      metric: "second run, 1% changed: connector calls",
      value: String(secondCalls),
      target: `exactly ${CHANGED}`,
    },
  ];
}

/** A fast second run counts only if its output is still every row's, in order, the changed ones new. */
async function checkWholeOutput(stack: BenchStack, runId: string, rows: { id: string; v: number }[]) {
  const step = await stack.db.stepRun.findUniqueOrThrow({
    where: { runId_stepId: { runId, stepId: "sync" } },
    select: { output: true },
  });
  const bodies = (step.output as { body: { id: string; v: number } }[]).map((o) => o.body);
  const wrong = rows.findIndex((r, i) => bodies[i]?.id !== r.id || bodies[i]?.v !== r.v);
  if (bodies.length !== rows.length || wrong >= 0)
    throw new Error(`the second run's output is not the whole list in order (first wrong item: ${wrong})`);
}

/**
 * One read step, cached and hitting, against the same step uncached. The hit's engine time is its
 * executeStep activity from started to completed in Temporal's history: the lookup and the step's
 * record, without the task round trip both variants make.
 */
async function cacheHitCost(stack: BenchStack): Promise<Row[]> {
  const path = "/bench-read";
  stack.sink.on(path, { echo: true });
  const step = (cache: boolean) => ({
    steps: [
      {
        id: "read",
        uses: "http.request",
        with: { url: `${stack.sink.url}${path}`, method: "GET" },
        ...(cache ? { cache: true } : {}),
      },
    ],
  });
  const cached = await prepare(stack, step(true));
  const plain = await prepare(stack, step(false));
  await cached(); // the miss that fills the cache
  for (let i = 0; i < 3; i++) await Promise.all([cached(), plain()]); // warm-up
  const activityMs = async (runId: string) => {
    const history = await stack.engine.temporal.workflow.getHandle(`run-${runId}`).fetchHistory();
    const step = activities(history.events ?? []).find((a) => a.type === "executeStep")!;
    return step.completed! - step.started!;
  };
  let k = 0;
  // The same span of a bare activity that does nothing: Temporal's and the SDK's share of it.
  const bareActivityMs = async () => {
    const handle = await stack.engine.temporal.workflow.start("bareNoop", {
      taskQueue: stack.engine.taskQueue,
      workflowId: `bare-noop-${++k}`,
    });
    await handle.result();
    const step = activities((await handle.fetchHistory()).events ?? []).find((a) => a.type === "noop")!;
    return step.completed! - step.started!;
  };
  const bare: number[] = [];
  const hit = { run: [] as number[], activity: [] as number[] };
  const miss = { run: [] as number[], activity: [] as number[] };
  const before = stack.sink.calls(path).length;
  for (let i = 0; i < HIT_REPS; i++) {
    // Interleaved, so drift in the machine's load falls on both alike.
    const h = await cached();
    const p = await plain();
    if (h.result.steps.read?.reason !== "cached") throw new Error("the cached step did not hit");
    hit.run.push(h.ms);
    miss.run.push(p.ms);
    hit.activity.push(await activityMs(h.runId));
    miss.activity.push(await activityMs(p.runId));
    bare.push(await bareActivityMs());
  }
  const calls = stack.sink.calls(path).length - before;
  const row = (metric: string, value: string, target = ""): Row => ({
    benchmark: "cache hit (one read step)",
    metric,
    value,
    target,
  });
  return [
    row(
      "hit: executeStep's engine time beyond a bare activity's (medians of started → completed)",
      `${(median(hit.activity) - median(bare)).toFixed(1)} ms (${median(hit.activity).toFixed(1)} − ${median(bare).toFixed(1)})`,
      "< 5 ms",
    ),
    row("uncached: the same activity with its HTTP call (median)", `${median(miss.activity).toFixed(1)} ms`),
    row(
      "whole run: hit / uncached (medians)",
      `${(median(hit.run) / median(miss.run)).toFixed(2)}× (${median(hit.run).toFixed(0)} / ${median(miss.run).toFixed(0)} ms)`,
      "≤ 1×",
    ),
    row("connector calls during the timed runs", `${calls} (uncached runs only: ${HIT_REPS})`),
  ];
}
