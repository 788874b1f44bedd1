import { prepareWorkflow, type PreparedWorkflow } from "@switchyard/devstack";
import { decide } from "@switchyard/workflows/engine";
import type { BenchStack } from "./stack";
import { percentile, type Row } from "./stats";

const NAME = "checkpoints";
const WAITING_RUNS = 1_000;

/** A checkpoint before one HTTP step whose path names the run, so its call can be told apart. */
function checkpointFlow(stack: BenchStack) {
  return prepareWorkflow(stack.db, stack.engine, {
    name: "bench checkpoint",
    steps: [
      { id: "gate", uses: "core.checkpoint", with: { title: "Go?" } },
      {
        id: "after",
        uses: "http.request",
        needs: ["gate"],
        with: { url: `${stack.sink.url}/after-{{ run.id }}`, method: "POST" },
      },
    ],
  });
}

async function approverOf(stack: BenchStack, wf: PreparedWorkflow) {
  const email = `approver-${wf.seeded.workspaceId}@bench.test`;
  const user = await stack.db.user.create({ data: { email } });
  await stack.db.membership.create({ data: { userId: user.id, workspaceId: wf.seeded.workspaceId, role: "approver" } });
  return { email, role: "approver" as const };
}

/** Resolves once every run's checkpoint is open (its approval row exists); the workflow may still be settling in. */
async function approvalsOf(stack: BenchStack, runIds: string[]): Promise<Map<string, string>> {
  for (;;) {
    const rows = await stack.db.approval.findMany({
      where: { runId: { in: runIds } },
      select: { id: true, runId: true },
    });
    if (rows.length === runIds.length) return new Map(rows.map((r) => [r.runId, r.id]));
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sinkCallOf(stack: BenchStack, runId: string) {
  for (;;) {
    const call = stack.sink.calls(`/after-${runId}`)[0];
    if (call) return call;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Time from handing a decision to the engine to the dependent step's request reaching the sink. */
async function decisionLatency(stack: BenchStack, wf: PreparedWorkflow, actor: { email: string; role: "approver" }) {
  const deps = { db: stack.db, engineClient: async () => stack.engine };
  const samples: number[] = [];
  for (let i = 0; i < 33; i++) {
    const runId = await wf.start();
    const approvalId = (await approvalsOf(stack, [runId])).get(runId)!;
    // Let the checkpoint finish opening, so the sample is the decision's path alone.
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    await decide(deps, { workspaceId: wf.seeded.workspaceId, approvalId, actor, decision: "approve", channel: "api" });
    const call = await sinkCallOf(stack, runId);
    if (i >= 3) samples.push(call.startedAt - t0); // the first three warm up
    await wf.result(runId);
  }
  return samples.sort((a, b) => a - b);
}

/** Many runs waiting at once: what they cost the worker, and how fast the API-side decisions drain them. */
async function manyWaiting(stack: BenchStack, wf: PreparedWorkflow, actor: { email: string; role: "approver" }) {
  const deps = { db: stack.db, engineClient: async () => stack.engine };
  const runIds: string[] = [];
  for (let i = 0; i < WAITING_RUNS; i += 50)
    runIds.push(...(await Promise.all(Array.from({ length: 50 }, () => wf.start()))));
  const approvals = await approvalsOf(stack, runIds);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  const queue = [...approvals.values()];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop())
        await decide(deps, {
          workspaceId: wf.seeded.workspaceId,
          approvalId: id,
          actor,
          decision: "approve",
          channel: "api",
        });
    }),
  );
  const decidedS = (performance.now() - t0) / 1000;
  await Promise.all(runIds.map((id) => wf.result(id)));
  const drainedS = (performance.now() - t0) / 1000;
  return { rss, decidedS, drainedS };
}

export async function checkpointBench(stack: BenchStack): Promise<Row[]> {
  const wf = await checkpointFlow(stack);
  const actor = await approverOf(stack, wf);
  const latency = await decisionLatency(stack, wf, actor);
  const many = await manyWaiting(stack, wf, actor);
  return [
    {
      benchmark: NAME,
      metric: "decide() → dependent step's request, p50",
      value: `${percentile(latency, 50).toFixed(0)} ms`,
      target: "< 300 ms",
    },
    {
      benchmark: NAME,
      metric: "decide() → dependent step's request, p95",
      value: `${percentile(latency, 95).toFixed(0)} ms`,
      target: "< 300 ms",
    },
    {
      benchmark: NAME,
      metric: `RSS with ${WAITING_RUNS} runs waiting`,
      value: `${many.rss.toFixed(0)} MiB`,
      target: "",
    },
    {
      benchmark: NAME,
      metric: `decide all ${WAITING_RUNS} (20 at a time)`,
      value: `${many.decidedS.toFixed(1)} s (${(WAITING_RUNS / many.decidedS).toFixed(0)}/s)`,
      target: "",
    },
    {
      benchmark: NAME,
      metric: `all ${WAITING_RUNS} runs finished`,
      value: `${many.drainedS.toFixed(1)} s`,
      target: "",
    },
  ];
}
