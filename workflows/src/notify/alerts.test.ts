import {
  runToCompletion,
  startSmtpSink,
  useEngine,
  useTestDatabase,
  type SmtpSink,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailNotifier } from "./email";

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp?.close());

const t = useTestDatabase();
const h = useEngine(t, "alerts", {
  notifier: () =>
    createEmailNotifier({
      smtpUrl: smtp.url,
      from: "Switchyard <alerts@switchyard.test>",
      publicUrl: "http://switchyard.test",
    }),
});

describe("alerts", () => {
  it("a partially succeeded run raises one alert in the feed and emails the workspace's recipients, once", async () => {
    h.sink.on("/tweet", { status: 403, body: { error: "duplicate status" } });
    const r = await runToCompletion(
      t.db,
      h.engine,
      {
        name: "Announce a release",
        steps: [
          { id: "tweet", uses: "http.request", with: { url: `${h.sink.url}/tweet`, method: "POST" } },
          { id: "facebook", uses: "http.request", with: { url: `${h.sink.url}/facebook`, method: "POST" } },
          {
            id: "notify",
            uses: "http.request",
            needs: ["tweet", "facebook"],
            with: { url: `${h.sink.url}/notify`, method: "POST" },
          },
        ],
      },
      {
        beforeDispatch: (workspaceId) =>
          t.db.workspace.update({
            where: { id: workspaceId },
            data: { alertEmails: ["ops@example.com", "lead@example.com"] },
          }),
      },
    );

    expect(r.status).toBe("partially_succeeded");
    expect(h.sink.calls("/facebook")).toHaveLength(1);
    expect(r.steps.notify).toMatchObject({ status: "skipped", blockedBy: "tweet" });

    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: r.runId } });
    expect(alert.notifiedAt).not.toBeNull();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.to.sort()).toEqual(["lead@example.com", "ops@example.com"]);
    expect(mail!.subject).toBe("[Switchyard] Announce a release: run partially succeeded (1 failed step)");
    expect(mail!.text).toContain("tweet: HTTP 403");
    expect(mail!.text).toContain(`http://switchyard.test/api/v1/runs/${r.runId}`);
  });

  it("a workspace without recipients gets the feed entry and no email", async () => {
    const before = smtp.messages.length;
    h.sink.on("/down", { status: 400 });
    const r = await runToCompletion(t.db, h.engine, {
      steps: [{ id: "down", uses: "http.request", with: { url: `${h.sink.url}/down` } }],
    });
    expect(r.status).toBe("failed");
    expect(await t.db.alert.count({ where: { runId: r.runId } })).toBe(1);
    expect(smtp.messages).toHaveLength(before);
  });
});
