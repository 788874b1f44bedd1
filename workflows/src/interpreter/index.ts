// Entry point for the worker's workflow bundle.
export { interpretRun } from "./workflow";
export { fanOutChunk } from "./fan-out";
export { pollTriggerLoop } from "./poller";
export { scheduledFire } from "./schedule-fire";
