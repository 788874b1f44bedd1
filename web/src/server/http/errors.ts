import { ApiError, BodyTooLargeError, DatabaseUnavailableError, type ApiErrorBody } from "./api-error";
import { isDatabaseUnavailable, KeyRingError } from "@switchyard/db";
import { checkInput, checkQuery } from "./input-policy";
import { uncompressedWhenSmall } from "./small-answers";

export { ApiError, type ApiErrorBody };

export const INTERNAL_MESSAGE = "Internal error; it has been logged.";

/**
 * What REST and tRPC answer for an error: an ApiError as itself, and an
 * unreachable database as a 503 its caller may retry. Anything else is
 * undefined, for the caller to answer as "internal".
 */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (isDatabaseUnavailable(err)) return new DatabaseUnavailableError(err);
  // The operator's to fix; its message names the variable and holds no key material.
  if (err instanceof KeyRingError) return new ApiError(503, "encryption_not_configured", err.message);
  return undefined;
}

/** The Retry-After header an error asks for, if any. */
export const retryAfterHeader = (err: unknown): Record<string, string> => {
  const value = err instanceof ApiError ? err.headers?.["retry-after"] : undefined;
  return value ? { "retry-after": value } : {};
};

/** What a log says of an outage: not a bug, so no stack; Prisma puts the reason on the last line, after the code excerpt. */
export const outageReason = (err: DatabaseUnavailableError): string =>
  String(err.cause instanceof Error ? err.cause.message : err.cause)
    .trim()
    .split("\n")
    .at(-1)!;

function logUnavailable(err: ApiError): void {
  if (err instanceof DatabaseUnavailableError)
    console.warn(
      JSON.stringify({ level: "warn", message: "database unreachable; answered 503", error: outageReason(err) }),
    );
}

/** The answer for any error: a known one (toApiError) as itself; anything else (a bug, a query the database refused) only as "internal", never its message or stack. */
export function errorResponse(err: unknown): Response {
  const known = toApiError(err);
  if (known) {
    logUnavailable(known);
    const body: ApiErrorBody = {
      error: {
        code: known.code,
        message: known.message,
        ...(known.details === undefined ? {} : { details: known.details }),
      },
    };
    const closes = known instanceof BodyTooLargeError && known.unread;
    return Response.json(body, {
      status: known.status,
      headers: {
        ...(closes ? { connection: "close" } : {}),
        ...known.headers,
      },
    });
  }
  console.error(
    JSON.stringify({
      level: "error",
      message: "unhandled API error",
      error: err instanceof Error ? err.stack : String(err),
    }),
  );
  return Response.json({ error: { code: "internal", message: INTERNAL_MESSAGE } } satisfies ApiErrorBody, {
    status: 500,
  });
}

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps a route handler: its path parameters and query string meet the input
 * policy before it runs, thrown ApiErrors become JSON responses, and small
 * answers go uncompressed (uncompressedWhenSmall).
 */
export function handle<P>(fn: RouteHandler<P>): RouteHandler<P> {
  return async (request, context) => {
    let response: Response;
    try {
      checkInput(await context.params, "path");
      checkQuery(new URL(request.url).searchParams);
      response = await fn(request, context);
    } catch (err) {
      response = errorResponse(err);
    }
    return uncompressedWhenSmall(response);
  };
}
