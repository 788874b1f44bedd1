// The worker's log lines during a real run: each names its run, step, workflow and workspace,
// and a secret in a step's input is never written.
import { createLogger } from "@switchyard/connectors";
import { prepareWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";

const lines: string[] = [];
const t = useTestDatabase();
const h = useEngine(t, "run-logs", {
  logger: () => createLogger("worker", {}, { destination: { write: (line: string) => lines.push(line) } }),
});

const SECRET = "sk-live-do-not-log-4242";

describe("run logs", () => {
  it("carry runId, stepId, workflowId and workspaceId, and never a step's secret", async () => {
    // The API echoes the request in its error answer: the secret is only in the step's body and that answer.
    h.sink.on("/down", { status: 500, echo: true });
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "call",
          uses: "http.request",
          retry: { maxAttempts: 1 },
          with: {
            url: `${h.sink.url}/down`,
            method: "POST",
            body: { apiKey: SECRET },
          },
        },
      ],
    });
    const runId = await wf.start();
    const { status } = await wf.finish(runId);
    expect(status).toBe("failed");

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toContainEqual(
      expect.objectContaining({
        message: "step attempt failed",
        runId,
        stepId: "call",
        workflowId: wf.seeded.workflowId,
        workspaceId: wf.seeded.workspaceId,
        errorType: "HttpError",
        httpStatus: 500,
      }),
    );
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("redacts credential-like keys and step data wherever a caller puts them", () => {
    const written: string[] = [];
    const logger = createLogger("test", {}, { destination: { write: (l: string) => written.push(l) } });
    logger.warn("careless", {
      authorization: "a",
      headers: { cookie: "b", Authorization: "c" },
      connection: { credentials: { password: "d" }, token: "e" },
      with: { anything: "f" },
      runId: "r1",
    });
    const line = JSON.parse(written[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "warn", component: "test", message: "careless", runId: "r1" });
    expect(written[0]).not.toMatch(/"[a-f]"/);
  });
});
