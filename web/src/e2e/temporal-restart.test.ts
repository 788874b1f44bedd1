// The Temporal server really stopped and started again (on its persisted state) under a steady
// stream of webhooks: web answers 202 throughout, the runs it could not start wait in the outbox,
// and once the server is back the worker's relay starts them and the worker, reconnected by
// itself, runs every one to `succeeded`, each step's effect landing once.
import {
  expectEveryAcceptedRunEarned,
  loadThroughOutage,
  sentWithin,
  startLoadStack,
  startOwnTemporal,
  useTestDatabase,
  type LoadStack,
  type OwnTemporal,
} from "@switchyard/devstack/testing";
import { expect, it } from "vitest";

const t = useTestDatabase();

it("answers 202 while the Temporal server restarts, and every accepted run completes once it is back", async () => {
  let temporal: OwnTemporal | undefined;
  let stack: LoadStack | undefined;
  try {
    temporal = await startOwnTemporal();
    stack = await startLoadStack({ db: t.db, databaseUrl: t.url, temporalAddress: temporal.address });
    const { result, figures, runIds } = await loadThroughOutage("Temporal restart mid-load", stack, t.db, temporal);

    expect(figures.answers).toEqual({ 202: figures.sent });
    expect(sentWithin(result.answers, result.down).length).toBeGreaterThan(0);
    expect(new Set(runIds).size).toBe(runIds.length);
    expectEveryAcceptedRunEarned(figures);
  } finally {
    await stack?.stop();
    await temporal?.close();
  }
}, 600_000);
