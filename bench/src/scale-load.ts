// The loads of the scale-out bench: a closed loop of webhooks (each client sends one, waits for
// its run to end, sends the next), and fan-out runs started through the engine.
import { prepareWorkflow } from "@switchyard/devstack";
import type { Db } from "@switchyard/db";
import { FINISHED, fire, type FullStack, type Hook } from "./http-stack";

/** How long a client waits for one run before it says the bench is stuck. */
const RUN_LIMIT_MS = 180_000;

/** Until the run has ended, whatever its status, through the API's own wait. */
async function settled(web: string, hook: Hook, runId: string): Promise<void> {
  const deadline = Date.now() + RUN_LIMIT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(`${web}/api/v1/runs/${runId}?wait=20s`, {
      headers: { authorization: `Bearer ${hook.apiToken}` },
    });
    const { status } = (await res.json()) as { status: string };
    if (FINISHED.includes(status)) return;
  }
  throw new Error(`run ${runId} did not end within ${RUN_LIMIT_MS / 1000} s`);
}

export interface StreamResult {
  accepted: number;
  /** From the first request to the last run's end. */
  seconds: number;
}

/** `concurrency` clients send webhooks for `seconds`, each waiting for its run; `during` runs alongside. */
export async function webhookStream(
  full: FullStack,
  hook: Hook,
  options: { concurrency: number; seconds: number; during?: () => Promise<void> },
): Promise<StreamResult> {
  let accepted = 0;
  const t0 = performance.now();
  const end = t0 + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const runId = await fire(hook);
      accepted++;
      await settled(full.web.url, hook, runId);
    }
  };
  await Promise.all([...Array.from({ length: options.concurrency }, client), options.during?.()]);
  return { accepted, seconds: (performance.now() - t0) / 1000 };
}

/** How a workflow's runs ended: created, and succeeded. */
export async function runOutcomes(db: Db, workflowId: string) {
  const [created, succeeded] = await Promise.all([
    db.run.count({ where: { workflowId } }),
    db.run.count({ where: { workflowId, status: "succeeded" } }),
  ]);
  return { created, succeeded };
}

/** A forEach over `items` numbers, each a POST to `url`, `concurrency` batches at a time. */
export async function fanOutFlow(db: Db, full: FullStack, url: string, concurrency: number) {
  const wf = await prepareWorkflow(db, full.engine, {
    name: "bench scale fan-out",
    steps: [
      {
        id: "each",
        uses: "http.request",
        forEach: "{{ trigger.body.items }}",
        concurrency,
        with: { url, method: "POST", body: { n: "{{ item }}" } },
      },
    ],
  });
  /** `runs` runs at once, of `items` items each; throws unless every one succeeded. */
  return async (runs: number, items: number): Promise<{ seconds: number; runIds: string[] }> => {
    const body = { items: Array.from({ length: items }, (_, i) => i) };
    const t0 = performance.now();
    const runIds = await Promise.all(Array.from({ length: runs }, () => wf.start({ trigger: { body } })));
    const ended = await Promise.all(runIds.map((id) => wf.finish(id)));
    const failed = ended.filter((r) => r.status !== "succeeded");
    if (failed.length) throw new Error(`fan-out runs ended ${failed.map((r) => r.status).join(", ")}`);
    return { seconds: (performance.now() - t0) / 1000, runIds };
  };
}
