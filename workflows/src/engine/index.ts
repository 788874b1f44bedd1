// Everything web may ask of the engine, in one place: connect to Temporal, accept and
// dispatch runs (the relay being the fallback), take trigger deliveries, keep triggers in
// step with enable/disable, cancel, and find where connections are used. Web imports
// nothing else of this package but ./definition; a lint rule holds it to that.
export { cancelRun, classifyStartError, connectEngine, ensurePoller, startErrorMessage, wakePoller, type EngineClient, type StartRunArgs } from "../client";
export { temporalEnv } from "../config";
export { dispatchRun, recordStartFailure } from "../outbox";
export { EventTooLargeError, storeRun, type NewRun, type StoreRunOptions } from "../runs";
export { receiveAppEvent } from "../triggers/events";
export { receiveProviderWebhook, syncProviderWebhook, TriggerRegistrationError, type WebhookDeps } from "../triggers/webhooks";
export { httpForConnection } from "../activities/connection";
export { connectionsUsedBy } from "../definition/usage";
