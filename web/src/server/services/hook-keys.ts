// What makes a webhook request a repeat: its Idempotency-Key header, or the value at the
// trigger's `idempotencyKey` path into the request.
import { hashToken } from "@switchyard/db";
import { REQUEST_PATH, type WebhookTrigger } from "@switchyard/workflows/definition";
import { ApiError } from "../http/errors";

/** How long an Idempotency-Key holds: a repeat within it answers the first run instead of starting another. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_IDEMPOTENCY_KEY = 255;

/** The request's Idempotency-Key, checked: visible ASCII (as HTTP headers carry it), at most 255 characters. */
export function idempotencyKeyOf(headers: Headers): string | undefined {
  const key = headers.get("idempotency-key")?.trim();
  if (key === undefined || key === "") return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(key))
    throw new ApiError(
      400,
      "invalid_idempotency_key",
      `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY} visible ASCII characters without spaces.`,
    );
  return key;
}

/** The value at a trigger's `idempotencyKey` path ("{{ body.id }}"), as text; undefined where the request has none. */
function keyAtPath(
  path: string,
  request: { body: unknown; headers: Headers; query: URLSearchParams },
): string | undefined {
  const [, root, rest] = REQUEST_PATH.exec(path)!;
  const steps = [...rest!.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  if (root !== "body") {
    const read = (name: string) => (root === "headers" ? request.headers.get(name) : request.query.get(name));
    return steps.length === 1 ? (read(String(steps[0])) ?? undefined) : undefined;
  }
  let value: unknown = request.body;
  for (const step of steps) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** The request's key for deduplication: its Idempotency-Key header, else the trigger's configured path. */
export function dedupeKeyOf(
  headerKey: string | undefined,
  trigger: WebhookTrigger,
  request: Parameters<typeof keyAtPath>[1],
) {
  const key = headerKey ?? (trigger.idempotencyKey ? keyAtPath(trigger.idempotencyKey, request) : undefined);
  if (key === undefined || key === "") return undefined;
  // A body's id can be anything; a digest keeps the stored key bounded whatever its length.
  return headerKey !== undefined || key.length <= MAX_IDEMPOTENCY_KEY ? `idem:${key}` : `idem:sha256:${hashToken(key)}`;
}
