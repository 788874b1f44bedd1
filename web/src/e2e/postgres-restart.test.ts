// PostgreSQL really stopped and started again under a steady stream of webhooks, with web and a
// worker running against it throughout: web answers 503 with Retry-After while it is down (never
// a 500, never a hang) and 202 again once it is back, without a restart; every accepted run ends
// `succeeded` because its steps did, and each step's effect lands once. A server of this test's
// own: the shared one serves every other test file.
import { createPrismaClient, type Db } from "@switchyard/db";
import {
  createMigratedDatabase,
  expectEveryAcceptedRunEarned,
  handledWithin,
  loadThroughOutage,
  startLoadStack,
  startScratchPostgres,
  type LoadStack,
  type ScratchPostgres,
} from "@switchyard/devstack/testing";
import { expect, it } from "vitest";

it("answers 503 with Retry-After while PostgreSQL is down and 202 once it is back; no accepted run is lost", async () => {
  let pg: ScratchPostgres | undefined;
  let db: Db | undefined;
  let stack: LoadStack | undefined;
  try {
    pg = await startScratchPostgres();
    const databaseUrl = await createMigratedDatabase(pg.url, "switchyard");
    db = createPrismaClient({ databaseUrl });
    stack = await startLoadStack({ db, databaseUrl });
    const { result, figures, runIds } = await loadThroughOutage("PostgreSQL restart mid-load", stack, db, pg);

    // Only 202 or 503, and every 503 says when to come back.
    expect(Object.keys(figures.answers).sort()).toEqual(["202", "503"]);
    for (const a of result.answers.filter((a) => a.status === 503)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    const whileDown = handledWithin(result.answers, result.down);
    expect(whileDown.length).toBeGreaterThan(0);
    expect(whileDown.map((a) => a.status)).toEqual(whileDown.map(() => 503));
    // Back without a restart: accepted again after the outage, up to the last request.
    expect(result.answers.filter((a) => a.sentAt > result.outage.to).some((a) => a.status === 202)).toBe(true);
    expect(result.answers.at(-1)!.status).toBe(202);
    expect(new Set(runIds).size).toBe(runIds.length);
    expectEveryAcceptedRunEarned(figures);
  } finally {
    await stack?.stop();
    await db?.$disconnect();
    await pg?.close();
  }
}, 600_000);
