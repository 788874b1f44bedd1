export * from "./temporal-cli";
export * from "./postgres";
export * from "./process";
export * from "./seed";
export * from "./sink";
export * from "./run";
export * from "./smtp-sink";
export { startNextServer, type NextServer } from "./testing/next";
export { freePort } from "./ports";
