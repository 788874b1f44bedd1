import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from "@temporalio/workflow";
import type { StepError } from "./contract";

/** The error a step or run records: the innermost cause of a Temporal failure. */
export function errorOf(err: unknown): StepError {
  let cause = err;
  // A chunked fan-out's error sits under its child workflow's failure too.
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause)
    cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { message: cause.message, type: cause.type ?? undefined };
  if (cause instanceof Error) return { message: cause.message, type: cause.name };
  return { message: String(cause) };
}
