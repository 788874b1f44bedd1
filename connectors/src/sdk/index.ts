export * from "./define";
export * from "./errors";
export * from "./logger";
export * from "./env";
export * from "./http";
export * from "./auth";
export * from "./metadata";
export * from "./oauth-config";
