export * from "./database";
export * from "./temporal";
export * from "../sink";
export * from "../smtp-sink";
export * from "./fixtures";
export * from "./next";
export * from "../run";
export { spawnManaged, type Managed } from "../process";
export * from "./tcp-proxy";
