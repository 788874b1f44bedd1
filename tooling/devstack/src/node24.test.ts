// The whole stack on Node 24 (CI's smoke test of the newest supported release): the production
// build, started by `npm start` on the official Node 24 binary, runs a webhook's run end to end.
import { readlink } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { env } from "./env";
import { NODE_24, resolveNode } from "./node-release";
import { buildWorker, runWebhook, seedWorkflow, startProductionStack, startSink, useTestDatabase } from "./testing";
import type { ProductionStack, Sink, WorkerBuild } from "./testing";

const t = useTestDatabase();
let node: string;
let build: WorkerBuild;
let sink: Sink;
let stack: ProductionStack;

beforeAll(async () => {
  sink = await startSink();
  [node, build] = await Promise.all([resolveNode(env.SWITCHYARD_TOOLS_DIR, NODE_24), buildWorker()]);
  stack = await startProductionStack({ databaseUrl: t.url, build, node });
}, 300_000);

afterAll(async () => {
  await Promise.all([stack?.stop(), sink?.close()]);
  await build?.remove();
});

it(`runs a webhook's run end to end on Node ${NODE_24}`, async () => {
  const wf = await seedWorkflow(t.db, {
    name: "Node 24",
    trigger: { type: "webhook" },
    steps: [
      { id: "a", uses: "http.request", with: { url: `${sink.url}/a`, method: "POST" } },
      { id: "b", uses: "http.request", with: { url: `${sink.url}/b`, method: "POST" } },
      { id: "join", uses: "core.transform", needs: ["a", "b"], with: { value: "{{ steps.a.output.status }}" } },
    ],
  });
  const run = await runWebhook(stack, wf, { on: "node 24" });
  expect(run).toMatchObject({ status: "succeeded", steps: { join: { status: "succeeded" } } });
  expect({ a: sink.effects("/a"), b: sink.effects("/b") }).toEqual({ a: 1, b: 1 });
  // Both launchers run on that binary, and start their child on the binary they run on.
  for (const proc of [stack.web, stack.worker]) expect(await readlink(`/proc/${proc.child.pid}/exe`)).toBe(node);
});
