// Checkpoints through a real Temporal dev server and Postgres: decisions arrive as Updates through
// the engine's `decide`, the workflow applies the rules, and its activities keep the records.
import {
  prepareWorkflow,
  useEngine,
  useTestDatabase,
  type PreparedWorkflow,
  seedMember,
} from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { cancelRun, queryRunState } from "../client";
import { decide, type Decision } from "../engine/decide";
import type { ApprovalForChannels, CheckpointChannel } from "../activities/notify-checkpoint";
import type { MemberRole, NotifyReason } from "./checkpoint-contract";

const t = useTestDatabase();
const asked: { approvalId: string; reason: NotifyReason; status: string }[] = [];
const emailChannel: CheckpointChannel = {
  name: "email",
  async ask(approval: ApprovalForChannels, reason) {
    asked.push({ approvalId: approval.id, reason, status: approval.status });
  },
};
const h = useEngine(t, "checkpoints", { checkpointChannels: () => [emailChannel] });

let n = 0;
const unique = (base: string) => `${base}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

interface Member {
  email: string;
  role: MemberRole;
  id: string;
}

const emailFor = (label: string) => `${unique(label)}@example.com`;

const member = (workspaceId: string, role: MemberRole, email = emailFor(role)): Promise<Member> =>
  seedMember(t.db, workspaceId, email, role);

const post = (id: string, needs: string[], extra: Record<string, unknown> = {}) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST", body: { text: "Launch day!" } },
  retry: { maxAttempts: 1 },
  ...extra,
});

const checkpoint = (id: string, withProps: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  id,
  uses: "core.checkpoint",
  with: { title: "Publish the launch post?", ...withProps },
  ...extra,
});

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 25));
}

async function openApproval(runId: string, stepId: string) {
  for (;;) {
    const approval = await t.db.approval.findUnique({ where: { runId_stepId: { runId, stepId } } });
    if (approval) {
      const state = await queryRunState(h.engine, runId);
      if (state.steps[stepId]?.status === "waiting") return approval;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function decideAs(
  wf: PreparedWorkflow,
  approvalId: string,
  actor: Member,
  decision: Decision["decision"],
  rest: Partial<Decision> = {},
) {
  return decide(
    { db: t.db, engineClient: async () => h.engine },
    {
      workspaceId: wf.seeded.workspaceId,
      approvalId,
      actor: { email: actor.email, role: actor.role, name: actor.email.split("@")[0] },
      decision,
      channel: "api",
      ...rest,
    },
  );
}

async function flow(steps: unknown[]) {
  return prepareWorkflow(t.db, h.engine, { steps });
}

describe("approve and reject", () => {
  it("approval with an edit: the dependent runs with the edited input, an independent branch finished while it waited", async () => {
    const [gate, tweet, other] = [unique("gate"), unique("tweet"), unique("other")];
    const wf = await flow([
      checkpoint(gate, {
        editable: [{ field: `${tweet}.with.body.text`, label: "Post text" }],
        channels: ["web", "email"],
      }),
      post(tweet, [gate]),
      post(other, []),
    ]);
    const ana = await member(wf.seeded.workspaceId, "approver", emailFor("ana"));
    const runId = await wf.start();
    const approval = await openApproval(runId, gate);
    expect(h.sink.calls(`/${other}`)).toHaveLength(1);
    expect(approval.editable).toEqual([
      { key: `${tweet}.with.body.text`, label: "Post text", type: "text", required: true, value: "Launch day!" },
    ]);
    expect((approval.preview as { stepId: string; description: string }[])[0]).toMatchObject({ stepId: tweet });
    await until(() => asked.some((a) => a.approvalId === approval.id));
    expect(asked.filter((a) => a.approvalId === approval.id)).toEqual([
      { approvalId: approval.id, reason: "request", status: "pending" },
    ]);

    const bad = await decideAs(wf, approval.id, ana, "approve", { edits: { [`${tweet}.with.body.text`]: 42 } });
    expect(bad).toMatchObject({
      kind: "refused",
      code: "invalid_field",
      httpStatus: 400,
      details: { field: `${tweet}.with.body.text` },
    });

    const ok = await decideAs(wf, approval.id, ana, "approve", {
      edits: { [`${tweet}.with.body.text`]: "Launch day! {{ trigger }}" },
      comment: "ship it",
    });
    expect(ok).toMatchObject({ kind: "decided", reply: { status: "approved", approvals: 1, quorum: 1 } });

    const done = await wf.finish(runId);
    expect(done.steps[tweet]!.error).toBeNull();
    expect(done.status).toBe("succeeded");
    // The edit is data: its braces reach the connector as typed.
    expect(JSON.parse(h.sink.calls(`/${tweet}`)[0]!.body as string)).toEqual({ text: "Launch day! {{ trigger }}" });
    expect(done.steps[gate]).toMatchObject({ status: "succeeded" });
    expect(done.steps[gate]!.output).toMatchObject({
      decision: "approved",
      decisions: [{ actor: ana.email, channel: "api", comment: "ship it" }],
    });
    const row = await t.db.approval.findUniqueOrThrow({ where: { id: approval.id }, include: { decisions: true } });
    expect(row.status).toBe("approved");
    expect(row.decisions).toMatchObject([
      { actor: ana.email, decision: "approve", channel: "api", comment: "ship it" },
    ]);

    const again = await decideAs(wf, approval.id, ana, "reject");
    expect(again).toMatchObject({ kind: "refused", code: "already_decided", httpStatus: 409 });
  });

  it("a rejection skips the dependents with reason rejected and is not a failure", async () => {
    const [gate, tweet, after] = [unique("gate"), unique("tweet"), unique("after")];
    const wf = await flow([checkpoint(gate), post(tweet, [gate]), post(after, [tweet])]);
    const ana = await member(wf.seeded.workspaceId, "admin", emailFor("ana"));
    const runId = await wf.start();
    const approval = await openApproval(runId, gate);
    const r = await decideAs(wf, approval.id, ana, "reject", { comment: "not today" });
    expect(r).toMatchObject({ kind: "decided", reply: { status: "rejected" } });
    const done = await wf.finish(runId);
    expect(done.status).toBe("succeeded");
    expect(done.steps[tweet]).toMatchObject({ status: "skipped", reason: "rejected" });
    expect(done.steps[after]).toMatchObject({ status: "skipped", reason: "rejected" });
    expect(h.sink.calls(`/${tweet}`)).toHaveLength(0);
    expect(await t.db.alert.count({ where: { runId } })).toBe(0);
  });
});

describe("who may decide", () => {
  it("quorum 2 of 3: the same approver twice counts once, and the second approver decides", async () => {
    const [gate, tweet] = [unique("gate"), unique("tweet")];
    const emails = ["a", "b", "c"].map(emailFor);
    const wf2 = await flow([checkpoint(gate, { approvers: emails, quorum: 2 }), post(tweet, [gate])]);
    const people = await Promise.all(emails.map((e) => member(wf2.seeded.workspaceId, "viewer", e)));
    const runId = await wf2.start();
    const approval = await openApproval(runId, gate);
    expect(await decideAs(wf2, approval.id, people[0]!, "approve")).toMatchObject({
      kind: "decided",
      reply: { status: "pending", approvals: 1, quorum: 2 },
    });
    expect(await decideAs(wf2, approval.id, people[0]!, "approve")).toMatchObject({
      kind: "refused",
      code: "duplicate_decision",
    });
    expect(await decideAs(wf2, approval.id, people[1]!, "approve")).toMatchObject({
      kind: "decided",
      reply: { status: "approved", approvals: 2 },
    });
    expect((await wf2.finish(runId)).status).toBe("succeeded");
    expect(h.sink.calls(`/${tweet}`)).toHaveLength(1);
    expect(await t.db.approvalDecision.count({ where: { approvalId: approval.id } })).toBe(2);
  });

  it("refuses the run's own starter, non-approvers, a viewer without named approvers, and another workspace", async () => {
    const gate = unique("gate");
    const wf = await flow([checkpoint(gate)]);
    const owner = await member(wf.seeded.workspaceId, "owner", emailFor("owner"));
    const viewer = await member(wf.seeded.workspaceId, "viewer", emailFor("viewer"));
    const approver = await member(wf.seeded.workspaceId, "approver", emailFor("approver"));
    const runId = await wf.start({ startedById: owner.id });
    const approval = await openApproval(runId, gate);
    expect(await decideAs(wf, approval.id, owner, "approve")).toMatchObject({ code: "self_approval", httpStatus: 403 });
    expect(await decideAs(wf, approval.id, viewer, "approve")).toMatchObject({
      code: "not_an_approver",
      httpStatus: 403,
    });
    expect(await decideAs(wf, approval.id, approver, "submit")).toMatchObject({
      code: "wrong_decision",
      httpStatus: 400,
    });
    const stranger = await flow([checkpoint(unique("x"))]);
    expect(await decideAs(stranger, approval.id, approver, "approve")).toEqual({ kind: "not_found" });
    expect(await decideAs(wf, approval.id, approver, "approve")).toMatchObject({ kind: "decided" });
    expect((await wf.finish(runId)).status).toBe("succeeded");
  });

  it("allowSelfApproval lets the starter approve", async () => {
    const gate = unique("gate");
    const wf = await flow([checkpoint(gate, { allowSelfApproval: true })]);
    const owner = await member(wf.seeded.workspaceId, "owner", emailFor("owner"));
    const runId = await wf.start({ startedById: owner.id });
    const approval = await openApproval(runId, gate);
    expect(await decideAs(wf, approval.id, owner, "approve")).toMatchObject({ kind: "decided" });
    await wf.finish(runId);
  });
});

describe("tasks", () => {
  it("a task's submitted form values are its output, over the defaults; a missing required field is refused", async () => {
    const [task, use] = [unique("task"), unique("use")];
    const wf = await flow([
      checkpoint(task, {
        kind: "task",
        title: "Count the stock",
        form: [
          { name: "count", type: "number", label: "Items counted" },
          { name: "shelf", type: "select", options: ["A", "B"], default: "A" },
        ],
      }),
      post(use, [task], {
        with: { url: `${h.sink.url}/${use}`, method: "POST", body: `{{ steps.\`${task}\`.output }}` },
      }),
    ]);
    const ana = await member(wf.seeded.workspaceId, "editor", emailFor("ana"));
    const runId = await wf.start();
    const approval = await openApproval(runId, task);
    expect(await decideAs(wf, approval.id, ana, "submit", { values: {} })).toMatchObject({
      code: "invalid_field",
      details: { field: "count" },
    });
    expect(await decideAs(wf, approval.id, ana, "submit", { values: { count: 12, shelf: "C" } })).toMatchObject({
      code: "invalid_field",
      details: { field: "shelf" },
    });
    expect(await decideAs(wf, approval.id, ana, "submit", { values: { count: 12 } })).toMatchObject({
      kind: "decided",
      reply: { status: "submitted" },
    });
    const done = await wf.finish(runId);
    expect(done.steps[task]!.output).toEqual({ count: 12, shelf: "A" });
    expect(JSON.parse(h.sink.calls(`/${use}`)[0]!.body as string)).toEqual({ count: 12, shelf: "A" });
  });
});

describe("timeouts, reminders and escalation", () => {
  it.each([
    ["reject", "succeeded", "skipped"],
    ["approve", "succeeded", "succeeded"],
    ["fail", "failed", "skipped"],
  ] as const)("onTimeout %s", async (onTimeout, runStatus, dependent) => {
    const [gate, tweet] = [unique("gate"), unique("tweet")];
    const wf = await flow([checkpoint(gate, { timeout: "1s", onTimeout }), post(tweet, [gate])]);
    const runId = await wf.start();
    const done = await wf.finish(runId);
    expect(done.status).toBe(runStatus);
    expect(done.steps[tweet]!.status).toBe(dependent);
    const approval = await t.db.approval.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId: gate } } });
    expect(approval.status).toBe("timed_out");
    if (onTimeout === "fail") expect(done.steps[gate]!.error).toMatchObject({ type: "CheckpointTimedOut" });
  });

  it("reminds on its timer and escalates to more approvers, who may then decide", async () => {
    const gate = unique("gate");
    const [firstEmail, bossEmail] = [emailFor("first"), emailFor("boss")];
    const wf2 = await flow([
      checkpoint(gate, {
        approvers: [firstEmail],
        channels: ["web", "email"],
        remindEvery: "700ms",
        escalateAfter: "1500ms",
        escalateTo: [bossEmail],
      }),
    ]);
    const boss = await member(wf2.seeded.workspaceId, "viewer", bossEmail);
    const runId = await wf2.start();
    const approval = await openApproval(runId, gate);
    expect(await decideAs(wf2, approval.id, boss, "approve")).toMatchObject({ code: "not_an_approver" });
    await until(() => asked.some((a) => a.approvalId === approval.id && a.reason === "escalation"));
    const reasons = asked.filter((a) => a.approvalId === approval.id).map((a) => a.reason);
    expect(reasons[0]).toBe("request");
    expect(reasons).toContain("reminder");
    expect(reasons.filter((r) => r === "request")).toHaveLength(1);
    expect(await decideAs(wf2, approval.id, boss, "approve")).toMatchObject({ kind: "decided" });
    await wf2.finish(runId);
    const row = await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } });
    expect(row.remindedAt).not.toBeNull();
    expect(row.escalatedAt).not.toBeNull();
  });
});

describe("failures", () => {
  it("an autoApproveIf that fails fails the step and closes its approval; a decision then finds it decided", async () => {
    const gate = unique("gate");
    const wf = await flow([checkpoint(gate, { mode: "auto", autoApproveIf: "$notAFunction()" })]);
    const ana = await member(wf.seeded.workspaceId, "approver", emailFor("ana"));
    const runId = await wf.start();
    const done = await wf.finish(runId);
    expect(done.steps[gate]!.status).toBe("failed");
    const approval = await t.db.approval.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId: gate } } });
    expect(approval.status).toBe("cancelled");
    expect(await decideAs(wf, approval.id, ana, "approve")).toMatchObject({ kind: "refused", code: "already_decided" });
  });
});

describe("in the graph", () => {
  it("a checkpoint in a condition-skipped branch is skipped; one in a parallel branch waits without blocking its sibling", async () => {
    const [skippedGate, gate, sibling, after] = [unique("sg"), unique("gate"), unique("sib"), unique("after")];
    const wf = await flow([
      checkpoint(skippedGate, {}, { if: "{{ false }}" }),
      checkpoint(gate),
      post(sibling, []),
      post(after, [gate, sibling]),
    ]);
    const ana = await member(wf.seeded.workspaceId, "approver", emailFor("ana"));
    const runId = await wf.start();
    const approval = await openApproval(runId, gate);
    const state = await queryRunState(h.engine, runId);
    expect(state.steps[skippedGate]).toMatchObject({ status: "skipped", reason: "condition" });
    expect(h.sink.calls(`/${sibling}`)).toHaveLength(1);
    expect(state.steps[after]!.status).toBe("pending");
    await decideAs(wf, approval.id, ana, "approve");
    const done = await wf.finish(runId);
    expect(done.steps[after]!.status).toBe("succeeded");
    expect(await t.db.approval.count({ where: { runId, stepId: skippedGate } })).toBe(0);
  });

  it("a run cancelled while waiting ends cancelled and closes its approval", async () => {
    const gate = unique("gate");
    const wf = await flow([checkpoint(gate)]);
    const runId = await wf.start();
    const approval = await openApproval(runId, gate);
    await cancelRun(h.engine, runId);
    await wf.result(runId).catch(() => undefined);
    for (;;) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      if (run.status !== "running" && run.status !== "queued") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("cancelled");
    expect((await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("cancelled");
  });
});

describe("manual to automatic", () => {
  it.each([
    [`$string(preview.%TWEET%.body.text) = "Launch day!"`, "approved", 1],
    [`$length(preview.%TWEET%.body.text) > 500`, "pending", 0],
  ])("auto mode with autoApproveIf %s", async (expression, status, calls) => {
    const [gate, tweet] = [unique("gate"), unique("tweet")];
    const wf = await flow([
      checkpoint(gate, { mode: "auto", autoApproveIf: expression.replace("%TWEET%", `\`${tweet}\``) }),
      post(tweet, [gate]),
    ]);
    const runId = await wf.start();
    if (status === "approved") {
      const done = await wf.finish(runId);
      expect(done.steps[gate]!.output).toMatchObject({
        decision: "approved",
        decisions: [{ actor: "auto", channel: "auto" }],
      });
    } else {
      const approval = await openApproval(runId, gate);
      expect(approval.status).toBe("pending");
      await cancelRun(h.engine, runId);
      await wf.result(runId).catch(() => undefined);
    }
    expect(h.sink.calls(`/${tweet}`)).toHaveLength(calls);
  });
});

describe("re-runs", () => {
  it("a re-run takes a checkpoint's decision as it was: a rejection still holds its dependents, an approval's edits still apply", async () => {
    const [gate, tweet] = [unique("gate"), unique("tweet")];
    const edit = `${tweet}.with.body.text`;
    const wf = await flow([checkpoint(gate, { editable: [{ field: edit }] }), post(tweet, [gate])]);
    const rejected = await wf.finish(await wf.start({ reuse: { [gate]: { decision: "rejected" } } }));
    expect(rejected.steps[tweet]).toMatchObject({ status: "skipped", reason: "rejected" });
    expect(h.sink.calls(`/${tweet}`)).toHaveLength(0);
    const approved = await wf.finish(
      await wf.start({ reuse: { [gate]: { decision: "approved", edits: { [edit]: "Edited before" } } } }),
    );
    expect(approved.steps[gate]).toMatchObject({ status: "succeeded", reason: "reused" });
    expect(JSON.parse(h.sink.calls(`/${tweet}`)[0]!.body as string)).toEqual({ text: "Edited before" });
  });
});

describe("test mode", () => {
  it("each step with side effects waits for the developer: approved runs, rejected is skipped as a dry run and its dependents go on", async () => {
    const [first, second, shape, third] = [unique("first"), unique("second"), unique("shape"), unique("third")];
    const wf = await flow([
      post(first, []),
      post(second, [first]),
      { id: shape, uses: "core.transform", needs: [second], with: { value: 1 } },
      post(third, [shape]),
    ]);
    const dev = await member(wf.seeded.workspaceId, "editor", emailFor("dev"));
    const runId = await wf.start({ testMode: true, startedById: dev.id });
    const one = await openApproval(runId, first);
    expect(one.preview).toMatchObject([{ stepId: first, uses: "http.request", with: { method: "POST" } }]);
    expect(h.sink.calls(`/${first}`)).toHaveLength(0);
    expect(await decideAs(wf, one.id, dev, "approve")).toMatchObject({ kind: "decided" });
    const two = await openApproval(runId, second);
    expect(h.sink.calls(`/${first}`)).toHaveLength(1);
    expect(await decideAs(wf, two.id, dev, "reject")).toMatchObject({ kind: "decided" });
    const three = await openApproval(runId, third);
    expect(await decideAs(wf, three.id, dev, "approve")).toMatchObject({ kind: "decided" });
    const done = await wf.finish(runId);
    expect(done.status).toBe("succeeded");
    expect(done.steps[second]).toMatchObject({ status: "skipped", reason: "test_skipped" });
    expect(done.steps[shape]!.status).toBe("succeeded");
    expect(done.steps[third]!.status).toBe("succeeded");
    expect(h.sink.calls(`/${second}`)).toHaveLength(0);
    expect(h.sink.calls(`/${third}`)).toHaveLength(1);
    expect(await t.db.approval.count({ where: { runId } })).toBe(3);
  });
});
