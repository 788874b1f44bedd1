import { ApiError, BodyTooLargeError } from "./api-error";

/** What an over-long body of unknown length is read and dropped to, beyond its limit, so its connection stays usable. */
const DRAIN_BYTES = 1024 * 1024;

/** Reads a request body, refusing (413) as soon as it passes `maxBytes`. */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  // The server skips the rest of a body of declared length by itself, unless there is too much of it.
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new BodyTooLargeError(maxBytes, declared > maxBytes + DRAIN_BYTES);
  if (!request.body) return new Uint8Array();

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes, !(await drained(reader, DRAIN_BYTES)));
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * Reads and drops up to `maxBytes` more: a client still sending when its connection is
 * closed sees a broken pipe instead of the 413. Past that, the rest is abandoned.
 */
async function drained(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<boolean> {
  let dropped = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    dropped += value.byteLength;
    if (dropped > maxBytes) {
      await reader.cancel();
      return false;
    }
  }
}

/** Decodes a webhook body by content type: JSON, form fields, or 415. */
export function parseBody(bytes: Uint8Array, contentType: string | null): unknown {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  if (type === "" || type === "application/json" || type.endsWith("+json")) {
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  throw new ApiError(
    415,
    "unsupported_media_type",
    `Content-Type "${type}" is not supported; send application/json or application/x-www-form-urlencoded.`,
  );
}

/** The bytes as UTF-8 text, or undefined when they are not (another charset, binary): kept as base64 then. */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A webhook's body, by content type: JSON and form fields as for every request, text as a string,
 * and any other bytes (or text that is not UTF-8) kept as base64 (`encoding` says so), so no sender is turned away for its format.
 */
export function parseHookBody(bytes: Uint8Array, contentType: string | null): { body: unknown; encoding?: "base64" } {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const text = type.startsWith("text/") ? utf8(bytes) : undefined;
  if (text !== undefined) return { body: text };
  const structured =
    type === "" ||
    type === "application/x-www-form-urlencoded" ||
    type === "application/json" ||
    type.endsWith("+json");
  if (structured) return { body: parseBody(bytes, contentType) };
  return { body: Buffer.from(bytes).toString("base64"), encoding: "base64" };
}
