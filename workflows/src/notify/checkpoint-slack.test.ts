// The checkpoint's Slack channel through a real Temporal dev server and Postgres, against the fake
// Slack Web API: one request message however often the activity is retried, reminders in its
// thread, and the outcome shown in place.
import { randomBytes } from "node:crypto";
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { startFakeSlack, type FakeSlack } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing } from "@switchyard/db";
import { prepareWorkflow, useEngine, useTestDatabase, seedMember } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointChannel } from "../activities/notify-checkpoint";
import { decide } from "../engine/decide";
import { createSlackCheckpointChannel } from "./checkpoint-slack";

const t = useTestDatabase();
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
let slack: FakeSlack;
let emailAttempts = 0;
/** Fails its first request, so the activity (and with it the Slack channel) is retried. */
const flakyEmail: CheckpointChannel = {
  name: "email",
  async ask(_approval, reason) {
    if (reason === "request" && ++emailAttempts === 1) throw new Error("mail server hiccup");
  },
};

beforeAll(async () => {
  slack = await startFakeSlack({
    users: [
      { id: "U_ANA", email: "ana@example.com", realName: "Ana" },
      { id: "U0BEA", email: "bea@example.com", realName: "Bea" },
    ],
  });
});
afterAll(async () => {
  await slack?.close();
});
const h = useEngine(t, "checkpoint-slack", {
  keyRing: () => ring,
  checkpointChannels: () => [
    createSlackCheckpointChannel({
      db: t.db,
      registry: builtinRegistry,
      http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
      keyRing: ring,
      baseUrls: { slack: slack.apiUrl },
    }),
    flakyEmail,
  ],
});

async function until<T>(find: () => Promise<T | null | undefined> | T | null | undefined): Promise<T> {
  for (;;) {
    const found = await find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("checkpoint Slack channel", () => {
  it("posts one Block Kit request, reminds in its thread, and shows the outcome in place", async () => {
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "review",
          uses: "core.checkpoint",
          with: {
            title: "Publish <!channel> 1.2?",
            message: "The release notes are ready.",
            approvers: ["ana@example.com"],
            channels: ["web", "slack", "email"],
            slack: { connection: "team", channel: "C_APPROVALS" },
            editable: [{ field: "publish.with.value", label: "Text" }],
            remindEvery: "3s",
          },
        },
        { id: "publish", uses: "core.transform", needs: ["review"], with: { value: "Launch day!" } },
      ],
    });
    const { workspaceId } = wf.seeded;
    await createConnection(t.db, ring, {
      workspaceId,
      name: "team",
      connector: "slack",
      authKind: "oauth2",
      secrets: { accessToken: "xoxb-acme" },
      metadata: { account: { id: "T_ACME" } },
    });
    await seedMember(t.db, workspaceId, "ana@example.com", "approver", "Ana");
    const runId = await wf.start();

    // The email channel failed the first attempt; the retry found the Slack message already posted.
    await until(() => emailAttempts >= 2 || undefined);
    const approval = await until(async () => {
      const found = await t.db.approval.findFirst({ where: { runId } });
      return found?.slackMessage ? found : undefined;
    });
    const [request, ...more] = slack.calls("chat.postMessage");
    expect(more.filter((m) => !m.thread_ts)).toEqual([]);
    expect(approval.slackMessage).toEqual({ channel: "C_APPROVALS", ts: "1700000000.000001" });
    expect(request).toMatchObject({ channel: "C_APPROVALS", text: "Approval needed: Publish <!channel> 1.2?" });
    const blocks = request!.blocks as { type: string; text?: { text: string }; elements?: unknown[] }[];
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Publish <!channel> 1.2?" } });
    expect(blocks.find((b) => b.type === "actions")!.elements).toEqual([
      expect.objectContaining({ action_id: "checkpoint.approve", value: approval.id, style: "primary" }),
      expect.objectContaining({ action_id: "checkpoint.reject", value: approval.id, style: "danger" }),
      expect.objectContaining({ action_id: "checkpoint.edit", value: approval.id }),
    ]);
    expect(JSON.stringify(blocks)).not.toContain("xoxb");

    const reminder = await until(() => slack.calls("chat.postMessage").find((m) => m.thread_ts));
    expect(reminder).toMatchObject({
      channel: "C_APPROVALS",
      thread_ts: "1700000000.000001",
      text: "Reminder for <@U_ANA>: this still waits for a decision (0 of 1 approvals so far).",
    });

    const outcome = await decide(
      { db: t.db, engineClient: async () => h.engine },
      {
        workspaceId,
        approvalId: approval.id,
        actor: { email: "ana@example.com", name: "Ana", role: "approver" },
        decision: "approve",
        channel: "api",
      },
    );
    expect(outcome).toMatchObject({ kind: "decided", reply: { status: "approved" } });
    expect((await wf.finish(runId)).status).toBe("succeeded");
    const update = await until(() => slack.calls("chat.update")[0]);
    const decidedAt = (await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).decidedAt!;
    expect(update).toMatchObject({ channel: "C_APPROVALS", ts: "1700000000.000001" });
    const shown = update.blocks as { type: string; text?: { text: string } }[];
    expect(shown.some((b) => b.type === "actions")).toBe(false);
    expect(shown.at(-1)!.text!.text).toBe(
      `:white_check_mark: Approved by <@U_ANA> at <!date^${Math.floor(decidedAt.getTime() / 1000)}^{time}|` +
        `${decidedAt.toISOString().slice(11, 16)} UTC>`,
    );
    expect(slack.calls("chat.postMessage").filter((m) => !m.thread_ts)).toHaveLength(1);
  }, 60_000);

  it("escalates in the request's thread, mentioning those it adds, who may then decide", async () => {
    const channel = "C_ESCALATIONS";
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "review",
          uses: "core.checkpoint",
          with: {
            title: "Rotate the keys?",
            approvers: ["ana@example.com"],
            channels: ["web", "slack"],
            slack: { connection: "team", channel },
            escalateAfter: "1500ms",
            escalateTo: ["bea@example.com"],
          },
        },
        { id: "rotate", uses: "core.transform", needs: ["review"], with: { value: "rotated" } },
      ],
    });
    const { workspaceId } = wf.seeded;
    await createConnection(t.db, ring, {
      workspaceId,
      name: "team",
      connector: "slack",
      authKind: "oauth2",
      secrets: { accessToken: "xoxb-acme" },
      metadata: { account: { id: "T_ACME" } },
    });
    for (const email of ["ana@example.com", "bea@example.com"]) await seedMember(t.db, workspaceId, email, "approver");
    const runId = await wf.start();
    const approval = await until(async () => {
      const found = await t.db.approval.findFirst({ where: { runId } });
      return found?.slackMessage ? found : undefined;
    });
    const posted = approval.slackMessage as { channel: string; ts: string };
    expect(posted.channel).toBe(channel);

    // The escalation names the added approver (found by email), in the thread, not as a new message.
    const escalation = await until(() => slack.calls("chat.postMessage").find((m) => m.thread_ts === posted.ts));
    expect(escalation).toEqual({
      channel,
      thread_ts: posted.ts,
      text: "Nobody has decided yet, so this now also asks <@U0BEA>.",
    });
    expect(slack.calls("chat.postMessage").filter((m) => m.channel === channel && !m.thread_ts)).toHaveLength(1);
    expect((await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).escalatedAt).not.toBeNull();

    const outcome = await decide(
      { db: t.db, engineClient: async () => h.engine },
      {
        workspaceId,
        approvalId: approval.id,
        actor: { email: "bea@example.com", role: "approver" },
        decision: "approve",
        channel: "api",
      },
    );
    expect(outcome).toMatchObject({ kind: "decided", reply: { status: "approved" } });
    expect((await wf.finish(runId)).status).toBe("succeeded");
    const update = await until(() => slack.calls("chat.update").find((u) => u.ts === posted.ts));
    const shown = update.blocks as { type: string; text?: { text: string } }[];
    expect(shown.some((b) => b.type === "actions")).toBe(false);
    expect(shown.at(-1)!.text!.text).toMatch(/^:white_check_mark: Approved by <@U0BEA> at <!date\^\d+\^/);
  }, 60_000);
});
