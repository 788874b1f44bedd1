// Slack's Events API through the real Next.js app: signed deliveries to the
// app's one Request URL are routed by team to the workspaces connected to that
// team, deduplicated on redelivery, and stored as runs; bad signatures get 401.
import { randomBytes } from "node:crypto";
import { signSlackRequest } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing } from "@switchyard/db";
import { seedWorkflow, startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { MAX_RUN_INPUT_BYTES } from "@switchyard/workflows/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const t = useTestDatabase();
const SIGNING_SECRET = randomBytes(16).toString("hex");
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY });
let web: NextServer;
const ws: Record<"acme" | "globex" | "paused", { workspaceId: string; workflowId: string }> = {} as never;

const listening = (channel: string) => ({
  name: "Echo channel",
  trigger: { type: "event", uses: "slack.newMessage", connection: "team", with: { channel } },
  steps: [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.text }}" } }],
});

beforeAll(async () => {
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: "127.0.0.1:1",
    SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SWITCHYARD_OAUTH_CLIENTS: JSON.stringify({
      slack: { clientId: "c", clientSecret: "s", signingSecret: SIGNING_SECRET },
    }),
    // Above what a run can carry, so that is the limit a delivery meets.
    SWITCHYARD_WEBHOOK_MAX_BYTES: String(4 * 1024 * 1024),
  });
  // Two tenants listen to the same channel id, each through a connection to its own Slack team.
  for (const [key, team, enabled] of [
    ["acme", "T_ACME", true],
    ["globex", "T_GLOBEX", true],
    ["paused", "T_ACME", false],
  ] as const) {
    const seeded = await seedWorkflow(t.db, listening("C01GENERAL"), "echo", `ws-${key}`);
    await createConnection(t.db, ring, {
      workspaceId: seeded.workspaceId,
      name: "team",
      connector: "slack",
      authKind: "oauth2",
      secrets: { accessToken: `xoxb-${key}` },
      metadata: { account: { id: team } },
    });
    await t.db.workflow.update({ where: { id: seeded.workflowId }, data: { enabled } });
    ws[key] = seeded;
  }
}, 120_000);
afterAll(async () => {
  await web?.stop();
});

async function deliver(payload: unknown, { secret = SIGNING_SECRET, at = Date.now() } = {}) {
  const body = JSON.stringify(payload);
  const res = await fetch(`${web.url}/api/v1/events/slack`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signSlackRequest(body, { secret, at }) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const message = (team: string, eventId: string, channel = "C01GENERAL") => ({
  type: "event_callback",
  team_id: team,
  api_app_id: "A1",
  event_id: eventId,
  event_time: 1,
  event: { type: "message", channel, user: "U1", text: `hello from ${team}`, ts: "1700000000.000100" },
});
const runsOf = (workflowId: string) => t.db.run.findMany({ where: { workflowId }, include: { event: true } });

describe("Slack Events API endpoint", () => {
  it("answers Slack's URL verification, but only when signed", async () => {
    expect(
      await deliver({ type: "url_verification", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" }),
    ).toEqual({ status: 200, text: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect((await deliver({ type: "url_verification", challenge: "x" }, { secret: "wrong" })).status).toBe(401);
    expect((await deliver({ type: "url_verification", challenge: "x" }, { at: Date.now() - 600_000 })).status).toBe(
      401,
    );
  });

  it("routes a message to the workspace connected to its team only, once per event id", async () => {
    const first = await deliver(message("T_ACME", "Ev1"));
    expect(first.status).toBe(200);
    const acmeRuns = await runsOf(ws.acme.workflowId);
    expect(JSON.parse(first.text)).toEqual({ runs: acmeRuns.map((r) => r.id) });
    expect(
      acmeRuns.map((r) => [
        r.source,
        (r.event!.payload as { text: string; team: string }).text,
        (r.event!.payload as { team: string }).team,
      ]),
    ).toEqual([["event", "hello from T_ACME", "T_ACME"]]);
    // Same channel id, other team: nothing for globex; a disabled workflow gets nothing either.
    expect(await runsOf(ws.globex.workflowId)).toEqual([]);
    expect(await runsOf(ws.paused.workflowId)).toEqual([]);

    // Slack redelivers when an answer is slow: the same event id starts nothing new.
    expect(JSON.parse((await deliver(message("T_ACME", "Ev1"))).text)).toEqual({ runs: [] });
    expect(await runsOf(ws.acme.workflowId)).toHaveLength(1);

    expect(JSON.parse((await deliver(message("T_GLOBEX", "Ev2"))).text).runs).toHaveLength(1);
    expect(await runsOf(ws.globex.workflowId)).toHaveLength(1);
    expect(await runsOf(ws.acme.workflowId)).toHaveLength(1);
  });

  it("a message too large for any run gets 413 and stores nothing", async () => {
    const huge = message("T_ACME", "EvHuge");
    huge.event.text = "x".repeat(2 * 1024 * 1024);
    const res = await deliver(huge);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toMatchObject({
      code: "payload_too_large",
      details: { limit: MAX_RUN_INPUT_BYTES },
    });
    expect(
      await t.db.event.count({
        where: { workflowId: ws.acme.workflowId, payload: { path: ["eventId"], equals: "EvHuge" } },
      }),
    ).toBe(0);
  });

  it("saving an event workflow whose connection has no recorded team is a 409 that leaves it disabled", async () => {
    const seeded = await seedWorkflow(
      t.db,
      {
        name: "placeholder",
        trigger: { type: "webhook" },
        steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
      },
      "placeholder",
      "ws-old-connection",
    );
    await createConnection(t.db, ring, {
      workspaceId: seeded.workspaceId,
      name: "team",
      connector: "slack",
      authKind: "oauth2",
      secrets: { accessToken: "xoxb-old" },
    });
    const res = await fetch(`${web.url}/api/v1/workflows/echo`, {
      method: "PUT",
      headers: { authorization: `Bearer ${seeded.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify(listening("C01GENERAL")),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "connection_not_routable",
      message: expect.stringContaining("reconnect it"),
    });
    expect(
      await t.db.workflow.findFirstOrThrow({
        where: { workspaceId: seeded.workspaceId, slug: "echo" },
        select: { enabled: true },
      }),
    ).toEqual({ enabled: false });
  });

  it("ignores other channels and unknown teams; refuses forged deliveries and unknown connectors", async () => {
    expect(JSON.parse((await deliver(message("T_ACME", "Ev3", "C02RANDOM0"))).text)).toEqual({ runs: [] });
    expect(JSON.parse((await deliver(message("T_NOBODY", "Ev4"))).text)).toEqual({ runs: [] });
    const before = await t.db.run.count();
    const forged = await deliver(message("T_ACME", "Ev5"), { secret: "not-the-app" });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.text).error).toMatchObject({
      code: "invalid_signature",
      message: expect.stringContaining("signature does not match"),
    });
    expect(await t.db.run.count()).toBe(before);
    expect((await fetch(`${web.url}/api/v1/events/github`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
