import { bearerMatches, metricsContentType, metricsText } from "@switchyard/workflows/engine";
import { env } from "~/env";

export const dynamic = "force-dynamic";

/**
 * Prometheus metrics of this web process, for a scraper holding SWITCHYARD_METRICS_TOKEN as its
 * bearer token. Without the variable there is no such page (404).
 */
export async function GET(request: Request): Promise<Response> {
  const token = env.SWITCHYARD_METRICS_TOKEN;
  if (!token) return new Response("not found", { status: 404 });
  if (!bearerMatches(request.headers.get("authorization"), token))
    return new Response("unauthorized", { status: 401, headers: { "www-authenticate": "Bearer" } });
  return new Response(await metricsText(), { headers: { "content-type": metricsContentType } });
}
