export * from "./client";
export * from "./ssrf";
