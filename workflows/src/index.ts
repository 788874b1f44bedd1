export * from "./client";
export * from "./outbox";
export * from "./config";
export * from "./definition";
export type { ActivityDeps, Activities } from "./activities";
export { httpForConnection, type ConnectionDeps } from "./activities/connection";
export { connectionsUsedBy } from "./definition/usage";
export * from "./runs";
export * from "./pollers";
