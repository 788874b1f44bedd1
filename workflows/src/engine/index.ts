// Everything web may ask of the engine, each a whole operation: accept a run (stored,
// then started, the relay being the fallback), take a trigger delivery and start its
// runs, count a refused delivery, cancel a run, keep a workflow's trigger in step with a
// save or an enable, test a connection. Plus connecting to Temporal, where connections are
// used, and how a stored event's body is read (the events API and retention agree on it).
// Web imports nothing else of this package but ./definition; a lint rule holds it to that.
export { connectEngine, liveRunSteps, pingEngine, type EngineClient } from "../client";
export type { LiveStep } from "../interpreter/contract";
export { temporalConnectionOptions, temporalEnv } from "../config";
export { sharedReadiness } from "../readiness";
export {
  EventBodyGoneError,
  EventTooLargeError,
  type EventVerification,
  type NewEvent,
  type NewRun,
  type StoreRunOptions,
} from "../runs";
export { countRefusals, REFUSAL_REASONS, type RefusalCount, type RefusalReason } from "./refusals";
export { eventBodyTextSql, eventWrapsBodySql, wrapsBody } from "../events/body-sql";
export { runConnectionTest, type ConnectionTest } from "./test-connection";
export { connectionsUsedBy } from "../definition/usage";
export type { EngineDeps } from "./deps";
export { acceptRun } from "./accept";
export { createDispatcher, type Dispatcher } from "../dispatcher";
export { receiveAppEvent, receiveProviderWebhook } from "./deliveries";
export { cancelRun } from "./cancel";
export { syncTriggers } from "./sync-triggers";
export {
  backfillWorkflowSchedule,
  describeWorkflowSchedule,
  fireWorkflowScheduleNow,
  pauseWorkflowSchedule,
  ScheduleRequestError,
  type ScheduleView,
} from "./schedules";
export { MAX_BACKFILL_FIRES } from "../schedules";
export { decide, type Decision, type DecideOutcome } from "./decide";
export { verifyApprovalLink, type ApprovalLink, type ApprovalLinkCheck } from "../approval-link";
export { approverSet, checkFields, MAX_COMMENT_CHARS, mayDecide } from "../interpreter/checkpoint-rules";
export type * from "../interpreter/checkpoint-contract";
export {
  answerSlackCheckpoint,
  openSlackCheckpointModal,
  readSlackCheckpointModal,
  SLACK_ACTIONS,
  SLACK_MODALS,
  type SlackClick,
  type SlackDecided,
  type SlackDecision,
  type SlackModalSubmission,
} from "./slack-checkpoints";
export { clearStepCache, resetIncrementalStep } from "./step-memory";
export { bearerMatches, metricsContentType, metricsText, webhookAcceptSeconds } from "../observability/metrics";
export { startTracerProvider } from "../observability/tracer-provider";
