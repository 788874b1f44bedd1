import { services } from "~/server/context";

/** Liveness plus the two dependencies, so `npm run dev` and probes can tell what is down. */
export async function GET() {
  const s = services();
  const [database, temporal] = await Promise.all([
    s.db.$queryRaw`select 1`.then(
      () => "up",
      () => "down",
    ),
    s.engine().then(
      () => "up",
      () => "down",
    ),
  ]);
  const ok = database === "up";
  return Response.json({ ok, database, temporal }, { status: ok ? 200 : 503 });
}
