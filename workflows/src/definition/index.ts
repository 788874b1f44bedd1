export * from "./schema";
export * from "./graph";
export * from "./validate";
export * from "./template";
export * from "./canonical";
export * from "./parallelism";
export { CHECKPOINT } from "./checkpoint-checks";
export * from "./schedule";
export * from "./input-schema";
