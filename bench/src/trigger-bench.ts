// Issue 13's webhook benchmark on the full stack (http-stack.ts): autocannon at fixed rates,
// stepped up until requests fail or the rate is no longer kept, with the checks on (an HMAC
// signature, a fresh Idempotency-Key per request, the rate limits); what the checks cost beside
// the same one-step workflow without them; and a sync webhook's round trip beside `?wait`.
import { createHmac, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { seedWorkflow } from "@switchyard/devstack";
import autocannon from "autocannon";
import { cpuDuring, processRssMiB } from "./cpu";
import { OPEN_RATE, startFullStack, type FullStack } from "./http-stack";
import type { BenchStack } from "./stack";
import { percentile, type Row } from "./stats";

const STEP_S = 10;
const RATES = [25, 50, 100, 200, 300];
/** Below what the machine keeps, so the comparison measures the checks, not a queue. */
const COMPARE_RATE = 10;
const STEP_MS = 200;
const FINISHED = ["succeeded", "failed", "partially_succeeded", "cancelled", "failed_to_start"];
const DRAIN_LIMIT_S = 120;
const SECRET = randomBytes(24).toString("hex");

interface Hook {
  url: string;
  workflowId: string;
  apiToken: string;
}

/** Saves a workflow through the REST API (so an inline secret is sealed as users' are). */
async function applyHook(full: FullStack, apiToken: string, slug: string, definition: object): Promise<Hook> {
  const res = await fetch(`${full.web.url}/api/v1/workflows/${slug}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: JSON.stringify(definition),
  });
  const answer = (await res.json()) as { id: string; hookUrl: string };
  if (res.status !== 201) throw new Error(`PUT ${slug} answered ${res.status}: ${JSON.stringify(answer)}`);
  return { url: `${full.web.url}${answer.hookUrl}`, workflowId: answer.id, apiToken };
}

/** Each request its own body, signature and Idempotency-Key, as a real sender's retries-aware deliveries. */
function signedRequest(checked: boolean): autocannon.Request {
  let n = 0;
  return {
    method: "POST",
    setupRequest(request) {
      const body = JSON.stringify({ n: n++, at: Date.now() });
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (checked) {
        headers["x-signature-256"] = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
        headers["idempotency-key"] = `bench-${n}-${randomBytes(6).toString("hex")}`;
      }
      return { ...request, headers, body };
    },
  };
}

interface StepResult {
  rate: number;
  /** Over the time autocannon took to have every answer: below `rate` when the machine cannot keep it. */
  acceptedPerS: number;
  sent: number;
  accepted: number;
  failed: number;
  p50: number;
  p99: number;
  created: number;
  completed: number;
  completedPerS: number;
  webCpuPerRequest: number;
}

/**
 * `rate` requests a second, STEP_S seconds' worth, every answer awaited (a request cut off when a
 * duration ends would count as lost though the server took it); then until its runs are done.
 */
async function atRate(stack: BenchStack, full: FullStack, hook: Hook, rate: number, checked: boolean) {
  // The database's clock, not ours: runs are stamped by its default.
  const since = (await stack.db.$queryRaw<{ now: Date }[]>`select now()`)[0]!.now;
  const t0 = performance.now();
  let result!: autocannon.Result;
  const cpu = await cpuDuring(full.groups, async () => {
    result = await autocannon({
      url: hook.url,
      connections: 100,
      overallRate: rate,
      amount: rate * STEP_S,
      timeout: 10,
      requests: [signedRequest(checked)],
    });
  });
  const where = { workflowId: hook.workflowId, createdAt: { gte: since } };
  const open = () => stack.db.run.count({ where: { ...where, status: { notIn: FINISHED as never[] } } });
  while ((await open()) && performance.now() - t0 < (STEP_S + DRAIN_LIMIT_S) * 1000)
    await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - t0) / 1000;
  const created = await stack.db.run.count({ where });
  const completed = await stack.db.run.count({ where: { ...where, status: "succeeded" } });
  const accepted = result["2xx"];
  return {
    rate,
    acceptedPerS: accepted / result.duration,
    sent: result.requests.sent,
    accepted,
    failed: result.non2xx + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    created,
    completed,
    completedPerS: completed / seconds,
    webCpuPerRequest: cpu.byGroup.web! / Math.max(1, accepted),
  } satisfies StepResult;
}

async function roundTrips(hook: Hook, concurrency: number, total: number, sync: boolean, web: string) {
  const samples: number[] = [];
  let next = 0;
  const one = async () => {
    const t0 = performance.now();
    const res = await fetch(hook.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    if (sync) {
      const answer = (await res.json()) as { status?: string };
      if (res.status !== 200 || answer.status !== "succeeded") throw new Error(`sync answered ${res.status}`);
    } else {
      const { runId } = (await res.json()) as { runId: string };
      const done = await fetch(`${web}/api/v1/runs/${runId}?wait=50s`, {
        headers: { authorization: `Bearer ${hook.apiToken}` },
      });
      if (((await done.json()) as { status: string }).status !== "succeeded")
        throw new Error(`run ${runId} did not succeed`);
    }
    samples.push(performance.now() - t0);
  };
  for (let i = 0; i < 3; i++) await one();
  samples.length = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await one();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), perS: total / seconds };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

type RowOf = (metric: string, value: string, target?: string) => void;

/** Rates stepped up with the checks on, until requests fail or the rate is no longer kept. */
async function steppedRates(stack: BenchStack, full: FullStack, checked: Hook, row: RowOf) {
  for (const rate of RATES) {
    const r = await atRate(stack, full, checked, rate, true);
    row(
      `${rate} req/s, ${rate * STEP_S} requests, checks on: accepted/s · p50 / p99 · runs done/s`,
      `${r.acceptedPerS.toFixed(0)}/s · ${ms(r.p50)} / ${ms(r.p99)} · ${r.completedPerS.toFixed(0)}/s`,
      rate === 200 ? "200/s · p99 < 50 ms" : "",
    );
    row(
      `${rate} req/s: sent / accepted / created / completed (failed)`,
      `${r.sent} / ${r.accepted} / ${r.created} / ${r.completed} (${r.failed})`,
      "accepted = created = completed",
    );
    // Past the rate the machine keeps, or once requests fail, higher rates only measure the queue.
    if (r.failed || r.acceptedPerS < 0.9 * rate) {
      row("stepping stopped", `at ${rate} req/s: ${r.failed ? `${r.failed} failed` : "rate not kept"}`);
      return;
    }
  }
}

/** The same one-step workflow with and without the checks, at one rate: latency and the web's CPU. */
/** Rounds of each, interleaved: one round's figure moves with whatever else the machine did then. */
const COMPARE_ROUNDS = 3;

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** The same one-step workflow with and without the checks, at one rate: latency and the web's CPU, medians of rounds. */
async function checksCost(stack: BenchStack, full: FullStack, checked: Hook, plain: Hook, row: RowOf) {
  const on: StepResult[] = [];
  const off: StepResult[] = [];
  for (let i = 0; i < COMPARE_ROUNDS; i++) {
    on.push(await atRate(stack, full, checked, COMPARE_RATE, true));
    off.push(await atRate(stack, full, plain, COMPARE_RATE, false));
  }
  const of = (results: StepResult[], pick: (r: StepResult) => number) => median(results.map(pick));
  const [onCpu, offCpu] = [of(on, (r) => r.webCpuPerRequest), of(off, (r) => r.webCpuPerRequest)];
  row(
    `${COMPARE_RATE} req/s, signature + idempotency key on vs off (rate limits on in both), medians of ${COMPARE_ROUNDS}: p50 / p99`,
    `${ms(of(on, (r) => r.p50))} / ${ms(of(on, (r) => r.p99))} vs ${ms(of(off, (r) => r.p50))} / ${ms(of(off, (r) => r.p99))}`,
  );
  row(
    `${COMPARE_RATE} req/s, web CPU per accepted request, signature + key on vs off (medians)`,
    `${onCpu.toFixed(1)} vs ${offCpu.toFixed(1)} ms = ${(onCpu / offCpu).toFixed(2)}×`,
    "≤ 1.2×",
  );
}

/** Three parallel 200 ms branches answered by a sync webhook, beside 202 and `?wait`. */
async function syncRoundTrips(stack: BenchStack, full: FullStack, apiToken: string, row: RowOf) {
  const steps = ["a", "b", "c"].map((id) => ({
    id,
    uses: "http.request",
    with: { url: `${stack.sink.url}/slow`, method: "POST" },
  }));
  const trigger = { type: "webhook", rateLimit: OPEN_RATE };
  const syncHook = await applyHook(full, apiToken, "sync", {
    name: "sync",
    trigger: { ...trigger, mode: "sync" },
    steps,
  });
  const asyncHook = await applyHook(full, apiToken, "async", { name: "async", trigger, steps });
  for (const [concurrency, total] of [
    [1, 20],
    [10, 60],
  ] as const) {
    const s = await roundTrips(syncHook, concurrency, total, true, full.web.url);
    const a = await roundTrips(asyncHook, concurrency, total, false, full.web.url);
    row(
      `3 × 200 ms branches at concurrency ${concurrency}: sync webhook vs 202 + ?wait, p50 / p95 · runs/s`,
      `${ms(s.p50)} / ${ms(s.p95)} · ${s.perS.toFixed(1)} vs ${ms(a.p50)} / ${ms(a.p95)} · ${a.perS.toFixed(1)}`,
    );
  }
}

export async function triggerBench(stack: BenchStack): Promise<Row[]> {
  stack.sink.on("/slow", { delayMs: STEP_MS });
  const full = await startFullStack(stack, undefined, undefined, {
    // Webhook secrets are sealed under it.
    SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const rows: Row[] = [];
  const row: RowOf = (metric, value, target = "") =>
    rows.push({ benchmark: "webhook triggers (full stack)", metric, value, target });
  try {
    const { apiToken } = await seedWorkflow(
      stack.db,
      { name: "seed", trigger: { type: "manual" }, steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }] },
      "seed",
      `bench-triggers-${randomBytes(3).toString("hex")}`,
    );
    const steps = [{ id: "a", uses: "core.transform", with: { value: "{{ trigger.body.n }}" } }];
    const auth = { type: "hmac", header: "x-signature-256", secret: SECRET };
    const checked = await applyHook(full, apiToken, "checked", {
      name: "checked",
      trigger: { type: "webhook", auth, rateLimit: OPEN_RATE },
      steps,
    });
    const plain = await applyHook(full, apiToken, "plain", {
      name: "plain",
      trigger: { type: "webhook", rateLimit: OPEN_RATE },
      steps,
    });
    await steppedRates(stack, full, checked, row);
    await checksCost(stack, full, checked, plain, row);
    await syncRoundTrips(stack, full, apiToken, row);
    row(
      `RSS after: web / worker (${availableParallelism()} cores)`,
      `${(await processRssMiB(full.web.pid!)).toFixed(0)} / ${(await processRssMiB(full.workerPid)).toFixed(0)} MiB`,
    );
  } finally {
    await full.stop();
  }
  return rows;
}
