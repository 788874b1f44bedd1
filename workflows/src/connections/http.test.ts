import { randomBytes } from "node:crypto";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing } from "@switchyard/db";
import { runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowIdForRun } from "../client";

const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const TOKEN = `xoxb-${randomBytes(12).toString("hex")}`;
let slackApi: FakeApi;

beforeAll(async () => {
  slackApi = await startFakeApi([
    {
      method: "POST",
      path: "/api/chat.postMessage",
      check: (r) => (r.headers.authorization === `Bearer ${TOKEN}` ? undefined : "wrong or missing bot token"),
      respond: (r) => ({
        body: { ok: true, channel: (r.json as { channel: string }).channel, ts: "1700000000.000100" },
      }),
    },
  ]);
});
afterAll(() => slackApi?.close());

const t = useTestDatabase();
const h = useEngine(t, "connections", { keyRing: () => ring, baseUrls: () => ({ slack: `${slackApi.url}/api/` }) });

const post = (connection?: string) => ({
  id: "post",
  uses: "slack.postMessage",
  ...(connection ? { connection } : {}),
  with: { channel: "C42", text: "Released {{ trigger.body.version }}" },
});

describe("steps that use a connected account", () => {
  it("load and decrypt the connection inside the activity; the token never enters Temporal or the step rows", async () => {
    let workspaceId = "";
    const r = await runToCompletion(
      t.db,
      h.engine,
      { steps: [post("team-slack")] },
      {
        trigger: { body: { version: "2.0" } },
        beforeDispatch: async (ws) => {
          workspaceId = ws;
          await createConnection(t.db, ring, {
            workspaceId: ws,
            name: "team-slack",
            connector: "slack",
            authKind: "oauth2",
            secrets: { accessToken: TOKEN },
          });
        },
      },
    );
    expect(r.status).toBe("succeeded");
    expect(r.steps.post!.output).toEqual({ channel: "C42", ts: "1700000000.000100" });
    expect(slackApi.requests.at(-1)!.json).toMatchObject({ channel: "C42", text: "Released 2.0" });

    // Payload data is base64: decode it, or "not.toContain" would pass vacuously.
    const decodeBytes = (k: string, v: unknown) =>
      k === "data" && typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : v;
    const history = JSON.stringify(
      await h.engine.temporal.workflow.getHandle(workflowIdForRun(r.runId)).fetchHistory(),
      decodeBytes,
    );
    expect(history).toContain("team-slack");
    expect(history).not.toContain(TOKEN);
    expect(JSON.stringify(r.steps)).not.toContain(TOKEN);
    const conn = await t.db.connection.findFirstOrThrow({ where: { workspaceId, name: "team-slack" } });
    expect(conn.lastUsedAt).not.toBeNull();
  });

  it("fail clearly, without retries, for a missing, mismatched or broken connection", async () => {
    const r = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          post("nope"),
          { ...post("http-ish"), id: "wrong-kind" },
          { ...post("stale"), id: "stale" },
          { ...post(), id: "unnamed" },
        ],
      },
      {
        beforeDispatch: async (ws) => {
          await createConnection(t.db, ring, {
            workspaceId: ws,
            name: "http-ish",
            connector: "telegram",
            authKind: "custom",
            secrets: { botToken: "1:xxxxxxxxxxxxxxxxxxxxxxxx" },
          });
          await createConnection(t.db, ring, {
            workspaceId: ws,
            name: "stale",
            connector: "slack",
            authKind: "oauth2",
            secrets: { accessToken: TOKEN },
            status: "needs_reauth",
          });
        },
      },
    );
    expect(r.status).toBe("failed");
    const err = (id: string) => (r.steps[id]!.error as { message: string }).message;
    expect(err("post")).toBe('no connection named "nope" in this workspace');
    expect(err("wrong-kind")).toBe('connection "http-ish" is a telegram account, not slack');
    expect(err("stale")).toBe('connection "stale" needs attention (needs_reauth); reconnect it');
    expect(err("unnamed")).toBe('"slack.postMessage" needs a connection; name one in the step\'s "connection"');
    for (const id of ["post", "wrong-kind", "stale", "unnamed"]) expect(r.steps[id]!.attempts).toBe(1);
  });
});
