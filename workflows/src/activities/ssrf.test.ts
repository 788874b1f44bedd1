// The SSRF guard inside real runs: a workspace's allowlist reaches the
// connect-time check of its own steps only, and never opens loopback.
import { createHttpClient } from "@switchyard/connectors";
import { prepareWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";

const t = useTestDatabase();
const h = useEngine(t, "ssrf", {
  http: () => createHttpClient({ ssrf: { enabled: true, allowHosts: [] }, maxRetries: 0 }),
});

const internalCall = () => ({
  steps: [
    {
      id: "call",
      uses: "http.request",
      retry: { maxAttempts: 1 },
      with: { method: "GET", url: `http://localhost:${new URL(h.sink.url).port}/internal` },
    },
  ],
});

describe("SSRF guard in steps", () => {
  it("applies the run's own workspace allowlist, which cannot open the platform's loopback", async () => {
    const allowing = await prepareWorkflow(t.db, h.engine, internalCall());
    const other = await prepareWorkflow(t.db, h.engine, internalCall());
    await t.db.workspace.update({
      where: { id: allowing.seeded.workspaceId },
      data: { allowedInternalHosts: ["localhost"] },
    });

    const refused = await allowing.finish(await allowing.start());
    expect(refused.status).toBe("failed");
    expect(refused.steps.call!.error).toMatchObject({
      type: "SsrfError",
      message: expect.stringMatching(/refused to connect to localhost: .*private networks only/),
    });

    const otherRefused = await other.finish(await other.start());
    expect(otherRefused.steps.call!.error).toMatchObject({
      type: "SsrfError",
      message: expect.not.stringContaining("private networks only"),
    });
    expect(h.sink.calls("/internal")).toHaveLength(0);
  });
});
