/** Liveness: the server answers. It checks nothing else, so an outage of a dependency never gets web restarted. */
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
