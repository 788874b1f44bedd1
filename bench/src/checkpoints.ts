import { generateApiToken, hashToken } from "@switchyard/db";
import { prepareWorkflow, startNextServer, type NextServer, type PreparedWorkflow } from "@switchyard/devstack";
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

/** An approver's API token: decisions go through the real REST API, as people's do. */
async function approverToken(stack: BenchStack, wf: PreparedWorkflow): Promise<string> {
  const { workspaceId } = wf.seeded;
  const user = await stack.db.user.create({ data: { email: `approver-${workspaceId}@bench.test` } });
  await stack.db.membership.create({ data: { userId: user.id, workspaceId, role: "approver" } });
  const token = generateApiToken();
  await stack.db.apiToken.create({
    data: { workspaceId, name: "bench", role: "approver", tokenHash: hashToken(token), userId: user.id },
  });
  return token;
}

async function postDecision(web: NextServer, token: string, approvalId: string): Promise<void> {
  const res = await fetch(`${web.url}/api/v1/approvals/${approvalId}/decision`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ decision: "approve" }),
  });
  if (res.status !== 200) throw new Error(`decision answered ${res.status}: ${await res.text()}`);
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

/** Time from POSTing a decision to the dependent step's request reaching the sink. */
async function decisionLatency(stack: BenchStack, wf: PreparedWorkflow, web: NextServer, token: string) {
  const samples: number[] = [];
  for (let i = 0; i < 33; i++) {
    const runId = await wf.start();
    const approvalId = (await approvalsOf(stack, [runId])).get(runId)!;
    // Let the checkpoint finish opening, so the sample is the decision's path alone.
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    await postDecision(web, token, approvalId);
    const call = await sinkCallOf(stack, runId);
    if (i >= 3) samples.push(call.startedAt - t0); // the first three warm up
    await wf.result(runId);
  }
  return samples.sort((a, b) => a - b);
}

/** Many runs waiting at once: what they cost the worker, and how fast decisions through the API drain them. */
async function manyWaiting(stack: BenchStack, wf: PreparedWorkflow, web: NextServer, token: string) {
  const runIds: string[] = [];
  for (let i = 0; i < WAITING_RUNS; i += 50)
    runIds.push(...(await Promise.all(Array.from({ length: 50 }, () => wf.start()))));
  const approvals = await approvalsOf(stack, runIds);
  // The worker runs in this process (with the client and the sink); web is a process of its own.
  const rss = process.memoryUsage().rss / 1024 / 1024;
  const queue = [...approvals.values()];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop()) await postDecision(web, token, id);
    }),
  );
  const decidedS = (performance.now() - t0) / 1000;
  await Promise.all(runIds.map((id) => wf.result(id)));
  const drainedS = (performance.now() - t0) / 1000;
  return { rss, decidedS, drainedS };
}

export async function checkpointBench(stack: BenchStack): Promise<Row[]> {
  const wf = await checkpointFlow(stack);
  const token = await approverToken(stack, wf);
  const web = await startNextServer(stack.webEnv);
  let latency: number[];
  let many: Awaited<ReturnType<typeof manyWaiting>>;
  try {
    latency = await decisionLatency(stack, wf, web, token);
    many = await manyWaiting(stack, wf, web, token);
  } finally {
    await web.stop();
  }
  return [
    {
      benchmark: NAME,
      metric: "POST …/decision → dependent step's request, p50",
      value: `${percentile(latency, 50).toFixed(0)} ms`,
      target: "< 300 ms",
    },
    {
      benchmark: NAME,
      metric: "POST …/decision → dependent step's request, p95",
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
      metric: `decide all ${WAITING_RUNS} through the API (20 at a time)`,
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
