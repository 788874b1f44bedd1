import { createHash, timingSafeEqual } from "node:crypto";
import { metricsContentType, metricsText } from "@switchyard/workflows/engine";
import { env } from "~/env";

export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Prometheus metrics of this web process, for a scraper holding SWITCHYARD_METRICS_TOKEN as its
 * bearer token. Without the variable there is no such page (404).
 */
export async function GET(request: Request): Promise<Response> {
  const token = env.SWITCHYARD_METRICS_TOKEN;
  if (!token) return new Response("not found", { status: 404 });
  // Equal-length digests: the comparison takes the same time whatever was sent.
  const sent = request.headers.get("authorization") ?? "";
  if (!timingSafeEqual(digest(sent), digest(`Bearer ${token}`)))
    return new Response("unauthorized", { status: 401, headers: { "www-authenticate": "Bearer" } });
  return new Response(await metricsText(), { headers: { "content-type": metricsContentType } });
}
