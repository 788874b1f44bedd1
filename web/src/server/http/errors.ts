/** Every API error has this shape: a stable machine code and a message for people. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
    return Response.json(body, { status: err.status });
  }
  console.error(JSON.stringify({ level: "error", message: "unhandled API error", error: err instanceof Error ? err.stack : String(err) }));
  return Response.json({ error: { code: "internal", message: "Internal error; it has been logged." } } satisfies ApiErrorBody, { status: 500 });
}

/** Wraps a route handler so thrown ApiErrors become JSON responses. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
