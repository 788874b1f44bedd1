// The bench worker's workflow bundle: the real interpreter plus a bare,
// hand-written baseline that calls the same HTTP endpoint with no engine around it.
import { proxyActivities } from "@temporalio/workflow";
import type { baselineActivities } from "./baseline-activities";

export { interpretRun, fanOutChunk } from "@switchyard/workflows/worker/workflows";

const { fetchOnce, noop } = proxyActivities<typeof baselineActivities>({ startToCloseTimeout: "1 minute" });

export async function bareSequence(url: string, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await fetchOnce(url);
}

export async function bareNoop(): Promise<void> {
  await noop();
}
