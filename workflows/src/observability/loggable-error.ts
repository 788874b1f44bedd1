import { HttpError } from "@switchyard/connectors";

/**
 * A connector's failure as a log line may show it. Its message can quote the API's answer or the
 * request (tenant data, at times a credential echoed back), so only its kind and HTTP status are
 * logged; the run's page and the trigger's health keep the whole message, inside the workspace.
 */
export function loggableError(err: unknown): { errorType: string; httpStatus?: number } {
  return {
    errorType: err instanceof Error ? err.name : typeof err,
    ...(err instanceof HttpError && { httpStatus: err.status }),
  };
}
