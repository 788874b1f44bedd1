import { checkReadiness, pingEngine } from "@switchyard/workflows/engine";
import { services } from "~/server/context";

/** Readiness: PostgreSQL and Temporal both answer; else 503, saying which is down. */
export async function GET() {
  const s = services();
  const { status, body } = await checkReadiness({
    database: () => s.db.$queryRaw`select 1`,
    temporal: async () => pingEngine(await s.engine()),
  });
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
