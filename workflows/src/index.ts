export * from "./client";
export * from "./outbox";
export * from "./config";
export * from "./definition";
export type { ActivityDeps, Activities } from "./activities";
