// The worker side of this package, for what runs or tests a worker outside it: the
// bench, dev tooling and end-to-end tests. Web never imports it (eslint.config.js);
// the workflow bundle's own entry is ./worker/workflows (interpreter/index.ts).
export { bundleInterpreter, createWorker } from "./worker";
export { assertLinearRegExps, enableLinearRegExps } from "./regexp-engine";
export { workerTuningEnv } from "./worker-tuning";
export { createActivities } from "./activities";
export { startTracing, type Tracing } from "./observability/tracing";
export type { AlertNotifier } from "./notify/email";
export { createEmailCheckpointChannel } from "./notify/checkpoint-email";
export { createSlackCheckpointChannel } from "./notify/checkpoint-slack";
export { signApprovalLink } from "./approval-link";
export { connectEngine, workflowIdForRun, type EngineClient, type RunResult, type StartRunArgs } from "./client";
export { dispatchRun, relayOnce, startRelay } from "./outbox";
export { removeExpiredEventBodies } from "./events/retention";
export { MAX_RUN_INPUT_BYTES, storeRun, type NewRun } from "./runs";
export type { CheckpointChannel, ApprovalForChannels } from "./activities/notify-checkpoint";
