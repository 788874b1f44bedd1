export * from "./sdk";
export { createRegistry, builtinRegistry, type Registry } from "./registry";
export { describeStep } from "./describe-step";
export { checkpointProps, type CheckpointProps } from "./core/actions/checkpoint";
// For checkpoints' Slack channel (worker) and Slack interactions (web): one way to call and to verify Slack.
export { slackCall } from "./slack/client";
export { requireSigningSecret, verifySlackRequest } from "./slack/events";
export { actionsReplacingTask } from "./replacing-tasks";
