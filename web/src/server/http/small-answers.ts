/** Answers smaller than this are not worth compressing (the threshold Next's compression uses when it knows a length). */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Keeps Next.js from gzipping a small answer. It streams route responses and drops their
 * Content-Length, so its compression never knows their size and compressed even a 40-byte
 * JSON answer: about 1 ms of CPU, a sixth of a webhook's. `no-transform` is the one signal
 * it honours; larger answers (a run with its outputs) are still compressed.
 */
export async function uncompressedWhenSmall(response: Response): Promise<Response> {
  // Only the JSON this app builds in memory: a stream (none today) is not held back to measure it.
  const json = (response.headers.get("content-type") ?? "").startsWith("application/json");
  if (!response.body || !json) return response;
  const body = await response.arrayBuffer();
  if (body.byteLength >= COMPRESS_FROM_BYTES) return new Response(body, response);
  const headers = new Headers(response.headers);
  headers.set("cache-control", [headers.get("cache-control"), "no-transform"].filter(Boolean).join(", "));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
