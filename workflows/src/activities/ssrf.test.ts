// The SSRF guard inside real runs: an internal host is refused unless the
// run's own workspace allows it, and one workspace's allowance never helps another.
import { createHttpClient } from "@switchyard/connectors";
import { prepareWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";

const t = useTestDatabase();
const h = useEngine(t, "ssrf", { http: () => createHttpClient({ ssrf: { enabled: true, allowHosts: [] }, maxRetries: 0 }) });

const internalCall = () => ({
  steps: [{ id: "call", uses: "http.request", retry: { maxAttempts: 1 }, with: { method: "GET", url: `http://localhost:${new URL(h.sink.url).port}/internal` } }],
});

describe("SSRF guard in steps", () => {
  it("refuses an internal host, allows it once the workspace names it, and keeps other workspaces out", async () => {
    const allowed = await prepareWorkflow(t.db, h.engine, internalCall());
    const other = await prepareWorkflow(t.db, h.engine, internalCall());

    const refused = await allowed.finish(await allowed.start());
    expect(refused.status).toBe("failed");
    expect(refused.steps.call!.error).toMatchObject({ type: "SsrfError", message: expect.stringContaining("refused to connect to localhost") });
    expect(h.sink.calls("/internal")).toHaveLength(0);

    await t.db.workspace.update({ where: { id: allowed.seeded.workspaceId }, data: { allowedInternalHosts: ["localhost"] } });
    const ok = await allowed.finish(await allowed.start());
    expect(ok.status).toBe("succeeded");
    expect(h.sink.calls("/internal")).toHaveLength(1);

    const stillRefused = await other.finish(await other.start());
    expect(stillRefused.status).toBe("failed");
    expect(h.sink.calls("/internal")).toHaveLength(1);
  });
});
