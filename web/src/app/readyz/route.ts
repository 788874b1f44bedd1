import { pingEngine, sharedReadiness } from "@switchyard/workflows/engine";
import { services } from "~/server/context";

/** Readiness: PostgreSQL and Temporal both answer; else 503, saying which is down. Public, so shared and reused briefly. */
const readiness = sharedReadiness({
  database: () => services().db.$queryRaw`select 1`,
  temporal: async () => pingEngine(await services().engine()),
});

export async function GET() {
  const { status, body } = await readiness();
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
