// Slack approvals end to end: a real Next.js server (Bolt behind POST /api/slack/interactions),
// Temporal with an in-process worker that posts through the fake Slack Web API, and PostgreSQL.
// Clicks arrive as Slack signs them; the decision is the engine's, the message is updated in place.
import { randomBytes } from "node:crypto";
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { signSlackRequest, startFakeSlack, type FakeSlack } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing, type Role } from "@switchyard/db";
import {
  prepareWorkflow,
  startNextServer,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type NextServer,
  seedMember,
} from "@switchyard/devstack/testing";
import { createSlackCheckpointChannel } from "@switchyard/workflows/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const t = useTestDatabase();
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const SIGNING_SECRET = randomBytes(16).toString("hex");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY });
const TEAM = "T_ACME";
const CHANNEL = "C_APPROVALS";
let slack: FakeSlack;
let web: NextServer;

beforeAll(async () => {
  slack = await startFakeSlack({
    users: [
      { id: "U_ANA", email: "ana@example.com", realName: "Ana" },
      { id: "U_VIC", email: "vic@example.com", realName: "Vic" },
      // Slack's own shape (checkpoint definitions take `U0123ABC` ids, without underscores).
      { id: "U0BEA", email: "bea@example.com", realName: "Bea" },
    ],
  });
});
const h = useEngine(t, "approval-slack", {
  keyRing: () => ring,
  checkpointChannels: () => [
    createSlackCheckpointChannel({
      db: t.db,
      registry: builtinRegistry,
      http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
      keyRing: ring,
      baseUrls: { slack: slack.apiUrl },
    }),
  ],
});
beforeAll(async () => {
  const temporal = testTemporalConfig(h.taskQueue);
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SWITCHYARD_OAUTH_CLIENTS: JSON.stringify({
      slack: { clientId: "c", clientSecret: "s", signingSecret: SIGNING_SECRET },
    }),
    // The fake listens on loopback; the guard itself is covered by the HTTP client's tests.
    SWITCHYARD_SSRF_GUARD: "off",
    SWITCHYARD_API_BASE_URLS: JSON.stringify({ slack: slack.apiUrl }),
  });
}, 180_000);
afterAll(async () => {
  await web?.stop();
  await slack?.close();
});

async function until<T>(find: () => Promise<T | null | undefined> | T | null | undefined): Promise<T> {
  for (;;) {
    const found = await find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An interaction as Slack posts it: form-encoded, the JSON in `payload`, signed with the app's secret. */
function interact(payload: Record<string, unknown>, sign: { secret?: string; at?: number } = {}) {
  const body = `payload=${encodeURIComponent(JSON.stringify({ team: { id: TEAM, domain: "acme" }, api_app_id: "A1", ...payload }))}`;
  return fetch(`${web.url}/api/slack/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signSlackRequest(body, { secret: SIGNING_SECRET, ...sign }),
    },
    body,
  });
}

const click = (approvalId: string, user: string, actionId = "checkpoint.approve", sign = {}) =>
  interact(
    {
      type: "block_actions",
      user: { id: user, username: user.toLowerCase(), team_id: TEAM },
      trigger_id: "1.2.trigger",
      container: { type: "message", channel_id: CHANNEL, message_ts: "1700000000.000001" },
      channel: { id: CHANNEL, name: "approvals" },
      response_url: "https://hooks.slack.invalid/actions/1",
      actions: [{ type: "button", action_id: actionId, block_id: `checkpoint:${approvalId}`, value: approvalId }],
    },
    sign,
  );

/** A checkpoint modal submitted by Ana: `state` is Slack's view.state.values, by block id. */
const submitView = (approvalId: string, callbackId: string, state: Record<string, Record<string, unknown>>) =>
  interact({
    type: "view_submission",
    user: { id: "U_ANA", username: "u_ana", team_id: TEAM },
    trigger_id: "1.3.trigger",
    view: {
      id: "V1",
      type: "modal",
      callback_id: callbackId,
      private_metadata: approvalId,
      hash: "1.abc",
      state: { values: state },
    },
  });

/** The "Approve with changes" modal submitted with one number input. */
const submitModal = (approvalId: string, field: string, value: string) =>
  submitView(approvalId, "checkpoint.edit", { [field]: { value: { type: "number_input", value } } });

type Block = { type: string; text?: { text: string }; elements?: unknown[]; block_id?: string };
const blocksOf = (message: Record<string, unknown>) => message.blocks as Block[];
const hasButtons = (message: Record<string, unknown>) => blocksOf(message).some((b) => b.type === "actions");
/** The chat.update calls of one posted request, in order. */
const updatesOf = (posted: { ts: string }) => slack.calls("chat.update").filter((u) => u.ts === posted.ts);
/** Private replies to one Slack user after the `since`th chat.postEphemeral. */
const whispersTo = (user: string, since: number) =>
  slack
    .calls("chat.postEphemeral")
    .slice(since)
    .filter((m) => m.user === user);
const OUTCOME_TIME = String.raw`at <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>$`;

const member = (workspaceId: string, email: string, role: Role) => seedMember(t.db, workspaceId, email, role);

async function waitingApproval(
  review: Record<string, unknown> = {},
  publish: unknown = "Launch day!",
  { startedBy }: { startedBy?: string } = {},
) {
  const wf = await prepareWorkflow(t.db, h.engine, {
    steps: [
      {
        id: "review",
        uses: "core.checkpoint",
        with: {
          title: "Publish 1.2?",
          approvers: ["ana@example.com"],
          channels: ["web", "slack"],
          slack: { connection: "team", channel: CHANNEL },
          ...review,
        },
      },
      { id: "publish", uses: "core.transform", needs: ["review"], with: { value: publish } },
    ],
  });
  const { workspaceId } = wf.seeded;
  await createConnection(t.db, ring, {
    workspaceId,
    name: "team",
    connector: "slack",
    authKind: "oauth2",
    secrets: { accessToken: "xoxb-acme" },
    metadata: { account: { id: TEAM } },
  });
  await member(workspaceId, "ana@example.com", "approver");
  await member(workspaceId, "vic@example.com", "viewer");
  await member(workspaceId, "bea@example.com", "approver");
  const startedById = startedBy && (await t.db.user.findUniqueOrThrow({ where: { email: startedBy } })).id;
  const runId = await wf.start(startedById ? { startedById } : {});
  const approval = await until(async () => {
    const found = await t.db.approval.findFirst({ where: { runId } });
    return found?.slackMessage ? found : undefined;
  });
  return { wf, runId, approval, posted: approval.slackMessage as { channel: string; ts: string } };
}

describe("Slack interactions", () => {
  it("refuses bad signatures and stale timestamps, privately refuses a non-approver, and decides a double click once", async () => {
    const { wf, runId, approval } = await waitingApproval();

    expect((await click(approval.id, "U_ANA", "checkpoint.approve", { secret: "not-the-app" })).status).toBe(401);
    expect((await click(approval.id, "U_ANA", "checkpoint.approve", { at: Date.now() - 6 * 60_000 })).status).toBe(401);

    // A viewer is not an approver: a private reply, and the run keeps waiting.
    expect((await click(approval.id, "U_VIC")).status).toBe(200);
    const refusal = await until(() => slack.calls("chat.postEphemeral").find((m) => m.user === "U_VIC"));
    expect(refusal).toMatchObject({ channel: CHANNEL, text: "vic@example.com is not an approver of this checkpoint" });
    expect(await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "pending" });
    expect(slack.calls("chat.update")).toEqual([]);

    // Ana clicks twice: one decision; the second click is told it is already decided.
    const [first, second] = await Promise.all([click(approval.id, "U_ANA"), click(approval.id, "U_ANA")]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await wf.finish(runId)).status).toBe("succeeded");
    expect(await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } })).toMatchObject([
      { actor: "ana@example.com", decision: "approve", channel: "slack" },
    ]);
    const again = await until(() => slack.calls("chat.postEphemeral").find((m) => m.user === "U_ANA"));
    expect(again.text).toMatch(/already (decided|approved)/);
    // A click once the run is over hears what became of the checkpoint too.
    const whispered = slack.calls("chat.postEphemeral").length;
    expect((await click(approval.id, "U_ANA")).status).toBe(200);
    const late = await until(() => slack.calls("chat.postEphemeral")[whispered]);
    expect(late).toMatchObject({ user: "U_ANA" });
    // The validator's words: who decided, and when.
    expect(late.text).toMatch(/^this checkpoint is already approved \(.*\(approve\), at \d{4}-\d\d-\d\dT/);

    const update = await until(() => slack.calls("chat.update")[0]);
    expect(update).toMatchObject({ channel: CHANNEL, ts: "1700000000.000001" });
    // The audit log names the clicker by address, once however many clicks (written before the update).
    expect(
      await t.db.auditEntry.findMany({ where: { action: "approval.decide", targetId: approval.id } }),
    ).toMatchObject([
      { actorId: null, actorLabel: "ana@example.com", details: { decision: "approve", channel: "slack" } },
    ]);
    const blocks = update.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    expect(blocks.at(-1)!.text!.text).toMatch(
      /^:white_check_mark: Approved by <@U_ANA> at <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>$/,
    );
  }, 120_000);

  it("opens the edit modal prefilled, shows a field error in it, and approves with the change", async () => {
    const field = "publish.with.value";
    const { wf, runId, approval } = await waitingApproval(
      { editable: [{ field, label: "Copies", type: "number" }] },
      5,
    );
    const opened = slack.calls("views.open").length;
    expect((await click(approval.id, "U_ANA", "checkpoint.edit")).status).toBe(200);
    const modal = await until(() => slack.calls("views.open")[opened]);
    expect(modal).toMatchObject({
      trigger_id: "1.2.trigger",
      view: { callback_id: "checkpoint.edit", private_metadata: approval.id },
    });
    expect((modal.view as { blocks: unknown[] }).blocks).toContainEqual(
      expect.objectContaining({
        block_id: field,
        element: expect.objectContaining({ type: "number_input", initial_value: "5" }),
      }),
    );

    const wrong = await submitModal(approval.id, field, "lots");
    expect(await wrong.json()).toEqual({ response_action: "errors", errors: { [field]: "Copies must be a number" } });
    expect(await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "pending" });

    expect((await submitModal(approval.id, field, "7")).status).toBe(200);
    const done = await wf.finish(runId);
    expect(done.status).toBe("succeeded");
    expect(done.steps.publish!.output).toBe(7);
    expect(await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } })).toMatchObject([
      { actor: "ana@example.com", decision: "approve", channel: "slack", edits: { [field]: 7 } },
    ]);
  }, 120_000);

  it("shows a quorum's progress in place with the buttons kept, and the second approval decides", async () => {
    const { wf, runId, approval, posted } = await waitingApproval({
      approvers: ["ana@example.com", "bea@example.com"],
      quorum: 2,
    });

    expect((await click(approval.id, "U_ANA")).status).toBe(200);
    const progress = await until(() => updatesOf(posted)[0]);
    expect(progress).toMatchObject({ channel: CHANNEL, text: "Approval needed: Publish 1.2? (1 of 2 approvals)" });
    expect(blocksOf(progress)).toContainEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "1 of 2 approvals: <@U_ANA>" }],
    });
    expect(blocksOf(progress).find((b) => b.type === "actions")!.elements).toEqual([
      expect.objectContaining({ action_id: "checkpoint.approve", value: approval.id }),
      expect.objectContaining({ action_id: "checkpoint.reject", value: approval.id }),
    ]);
    expect(await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "pending" });

    expect((await click(approval.id, "U0BEA")).status).toBe(200);
    expect((await wf.finish(runId)).status).toBe("succeeded");
    expect(
      await t.db.approvalDecision.findMany({ where: { approvalId: approval.id }, orderBy: { decidedAt: "asc" } }),
    ).toMatchObject([
      { actor: "ana@example.com", decision: "approve", channel: "slack" },
      { actor: "bea@example.com", decision: "approve", channel: "slack" },
    ]);
    // Both the click's answer and the worker settle the message: each shows the outcome, buttons gone.
    const outcomes = await until(() => {
      const settled = updatesOf(posted).filter((u) => !hasButtons(u));
      return settled.length >= 2 ? settled : undefined;
    });
    for (const outcome of outcomes)
      expect(blocksOf(outcome).at(-1)!.text!.text).toMatch(
        new RegExp(String.raw`^:white_check_mark: Approved by <@U_ANA>, <@U0BEA> ${OUTCOME_TIME}`),
      );
  }, 60_000);

  it("escalates in the request's thread, naming the added approver, who then decides with a click", async () => {
    const { wf, runId, approval, posted } = await waitingApproval({ escalateAfter: "1500ms", escalateTo: ["U0BEA"] });

    const escalation = await until(() => slack.calls("chat.postMessage").find((m) => m.thread_ts === posted.ts));
    expect(escalation).toMatchObject({
      channel: CHANNEL,
      text: "Nobody has decided yet, so this now also asks <@U0BEA>.",
    });

    expect((await click(approval.id, "U0BEA")).status).toBe(200);
    expect((await wf.finish(runId)).status).toBe("succeeded");
    expect(await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } })).toMatchObject([
      { actor: "bea@example.com", decision: "approve", channel: "slack" },
    ]);
    const outcome = await until(() => updatesOf(posted).find((u) => !hasButtons(u)));
    expect(blocksOf(outcome).at(-1)!.text!.text).toMatch(
      new RegExp(String.raw`^:white_check_mark: Approved by <@U0BEA> ${OUTCOME_TIME}`),
    );
  }, 60_000);

  it("opens a task's form in a modal and takes its typed values as the step's output", async () => {
    const form = [
      { name: "note", label: "Release note" },
      { name: "copies", label: "Copies", type: "number", default: 1 },
      { name: "track", label: "Track", type: "select", options: ["stable", "beta"] },
      { name: "announce", label: "Announce", type: "boolean", required: false },
    ];
    const { wf, runId, approval, posted } = await waitingApproval({ kind: "task", title: "Write the notes", form });
    const request = slack
      .calls("chat.postMessage")
      .find((m) => m.channel === CHANNEL && !m.thread_ts && m.text === "Task: Write the notes");
    expect(blocksOf(request!).find((b) => b.type === "actions")!.elements).toEqual([
      expect.objectContaining({ action_id: "checkpoint.form", value: approval.id }),
    ]);

    const opened = slack.calls("views.open").length;
    expect((await click(approval.id, "U_ANA", "checkpoint.form")).status).toBe(200);
    const modal = await until(() => slack.calls("views.open")[opened]);
    expect(modal).toMatchObject({
      trigger_id: "1.2.trigger",
      view: { callback_id: "checkpoint.form", private_metadata: approval.id },
    });
    const inputs = (modal.view as { blocks: Record<string, unknown>[] }).blocks.filter((b) => b.type === "input");
    expect(inputs).toEqual([
      expect.objectContaining({
        block_id: "note",
        optional: false,
        element: expect.objectContaining({ type: "plain_text_input" }),
      }),
      expect.objectContaining({
        block_id: "copies",
        element: expect.objectContaining({ type: "number_input", initial_value: "1" }),
      }),
      expect.objectContaining({
        block_id: "track",
        element: expect.objectContaining({
          type: "static_select",
          options: [expect.objectContaining({ value: "stable" }), expect.objectContaining({ value: "beta" })],
        }),
      }),
      expect.objectContaining({
        block_id: "announce",
        optional: true,
        element: expect.objectContaining({ type: "radio_buttons" }),
      }),
    ]);

    const state = {
      note: { value: { type: "plain_text_input", value: "Faster builds" } },
      copies: { value: { type: "number_input", value: "3" } },
      track: { value: { type: "static_select", selected_option: { value: "beta" } } },
      announce: { value: { type: "radio_buttons", selected_option: { value: "true" } } },
    };
    const { note: _note, ...withoutNote } = state;
    const incomplete = await submitView(approval.id, "checkpoint.form", withoutNote);
    expect(await incomplete.json()).toEqual({
      response_action: "errors",
      errors: { note: "Release note is required" },
    });
    expect(await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "pending" });

    expect((await submitView(approval.id, "checkpoint.form", state)).status).toBe(200);
    const done = await wf.finish(runId);
    expect(done.status).toBe("succeeded");
    const values = { note: "Faster builds", copies: 3, track: "beta", announce: true };
    expect(done.steps.review!.output).toEqual(values);
    expect(await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } })).toMatchObject([
      { actor: "ana@example.com", decision: "submit", channel: "slack", values },
    ]);
    const outcome = await until(() => updatesOf(posted).find((u) => !hasButtons(u)));
    expect(blocksOf(outcome).at(-1)!.text!.text).toMatch(
      new RegExp(String.raw`^:white_check_mark: Submitted by <@U_ANA> ${OUTCOME_TIME}`),
    );
  }, 60_000);

  it("privately refuses the run's own starter, and the run keeps waiting for another approver", async () => {
    const { wf, runId, approval, posted } = await waitingApproval(
      { approvers: ["ana@example.com", "bea@example.com"] },
      "Launch day!",
      { startedBy: "ana@example.com" },
    );
    const since = slack.calls("chat.postEphemeral").length;

    expect((await click(approval.id, "U_ANA")).status).toBe(200);
    const refusal = await until(() => whispersTo("U_ANA", since)[0]);
    expect(refusal).toMatchObject({
      channel: CHANNEL,
      text: "you started this run, and this checkpoint does not allow self-approval",
    });
    expect(await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "pending" });
    expect(await t.db.approvalDecision.count({ where: { approvalId: approval.id } })).toBe(0);
    expect(updatesOf(posted)).toEqual([]);

    expect((await click(approval.id, "U0BEA")).status).toBe(200);
    expect((await wf.finish(runId)).status).toBe("succeeded");
    expect(await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } })).toMatchObject([
      { actor: "bea@example.com", decision: "approve", channel: "slack" },
    ]);
  }, 60_000);
});
