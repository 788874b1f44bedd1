export * from "./client";
export * from "./ssrf";
export * from "./bound";
