export * from "./sdk";
export { createRegistry, builtinRegistry, type Registry } from "./registry";
