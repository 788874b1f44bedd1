export * from "./sdk";
export { createRegistry, builtinRegistry, type Registry } from "./registry";
export { describeStep } from "./describe-step";
export { checkpointProps, type CheckpointProps } from "./core/actions/checkpoint";
