import { ApiError } from "./errors";

/** Reads a request body, refusing (413) as soon as it passes `maxBytes`. */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `Request body exceeds the limit of ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
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
  throw new ApiError(415, "unsupported_media_type", `Content-Type "${type}" is not supported; send application/json or application/x-www-form-urlencoded.`);
}
