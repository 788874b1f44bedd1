import { ApiError, BodyTooLargeError, type ApiErrorBody } from "./api-error";
import { checkInput, checkQuery } from "./input-policy";

export { ApiError, type ApiErrorBody };

export const INTERNAL_MESSAGE = "Internal error; it has been logged.";

/** The answer for any error: an ApiError as itself; anything else (a bug, a database failure) only as "internal", never its message or stack. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
    const closes = err instanceof BodyTooLargeError && err.unread;
    return Response.json(body, { status: err.status, ...(closes ? { headers: { connection: "close" } } : {}) });
  }
  console.error(JSON.stringify({ level: "error", message: "unhandled API error", error: err instanceof Error ? err.stack : String(err) }));
  return Response.json({ error: { code: "internal", message: INTERNAL_MESSAGE } } satisfies ApiErrorBody, { status: 500 });
}

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps a route handler: its path parameters and query string meet the input
 * policy before it runs, and thrown ApiErrors become JSON responses.
 */
export function handle<P>(fn: RouteHandler<P>): RouteHandler<P> {
  return async (request, context) => {
    try {
      checkInput(await context.params, "path");
      checkQuery(new URL(request.url).searchParams);
      return await fn(request, context);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
