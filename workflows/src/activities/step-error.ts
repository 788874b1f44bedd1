import { HttpError, NonRetryableError, ResponseError, SsrfError } from "@switchyard/connectors";
import type { StepError } from "../interpreter/contract";

export type DescribedError = StepError & { retryable: boolean; retryAfterMs?: number };

/** A step's failure as recorded, and whether trying again may help. */
export function describe(err: unknown): DescribedError {
  if (err instanceof NonRetryableError || err instanceof SsrfError || err instanceof ResponseError)
    return { message: err.message, type: err.name, retryable: false };
  if (err instanceof HttpError)
    return { message: err.message, type: err.name, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  if (err instanceof Error) return { message: err.message, type: err.name, retryable: true };
  return { message: String(err), type: "Error", retryable: true };
}
