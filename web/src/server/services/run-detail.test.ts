// The run screen's reads on real Postgres: every step of the pinned definition with its state
// and approval, inputs and outputs only on demand (large ones as their size until asked for),
// and nothing of another workspace's runs.
import { seedMember, seedRun, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import {
  getRunDetail,
  getStepDetail,
  getStepPayload,
  INLINE_PAYLOAD_BYTES,
  overlayLiveSteps,
  runInWorkspace,
} from "./run-detail";

const t = useTestDatabase();
const DEFINITION = {
  name: "Announce a release",
  trigger: { type: "webhook" },
  steps: [
    { id: "review", uses: "core.checkpoint", with: { approvers: ["ana@x.io"], title: "Announce?" } },
    { id: "tweet", uses: "core.transform", needs: ["review"], with: { value: 1 } },
    { id: "log", uses: "core.transform", with: { value: 2 } },
    { id: "notify", uses: "core.transform", needs: ["tweet"], with: { value: 3 } },
  ],
};
const at = (s: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, s));
const LARGE = { rows: "x".repeat(INLINE_PAYLOAD_BYTES + 10) };

let wf: SeededWorkflow;
let runId: string;
let foreignRun: string;
beforeAll(async () => {
  wf = await seedWorkflow(t.db, DEFINITION, "announce");
  const other = await seedWorkflow(t.db, DEFINITION, "announce");
  runId = await seedRun(t.db, wf, { body: { version: "1.2" } });
  foreignRun = await seedRun(t.db, other, {});
  const ana = await seedMember(t.db, wf.workspaceId, "ana@x.io", "approver", "Ana");
  await t.db.run.update({
    where: { id: runId },
    data: { status: "partially_succeeded", testMode: true, startedById: ana.id, startedAt: at(0), endedAt: at(9) },
  });
  await t.db.stepRun.createMany({
    data: [
      { runId, stepId: "review", status: "succeeded", startedAt: at(0), endedAt: at(5), input: { title: "Announce?" } },
      {
        runId,
        stepId: "tweet",
        status: "failed",
        attempts: 3,
        startedAt: at(5),
        endedAt: at(8),
        input: { value: 1 },
        error: { message: "429 Too Many Requests", type: "RateLimited" },
      },
      { runId, stepId: "log", status: "succeeded", startedAt: at(0), endedAt: at(1), output: LARGE },
      { runId, stepId: "notify", status: "skipped", blockedBy: "tweet", reason: "upstream_failed" },
    ],
  });
  await t.db.approval.create({
    data: {
      workspaceId: wf.workspaceId,
      runId,
      stepId: "review",
      kind: "approval",
      title: "Announce 1.2?",
      preview: [],
      editable: [],
      form: [],
      approvers: { approvers: ["ana@x.io"] },
      quorum: 1,
      allowSelfApproval: false,
      onTimeout: "reject",
      expiresAt: at(3600),
      createdAt: at(0),
      decidedAt: at(5),
      status: "approved",
      decisions: {
        create: {
          actor: "ana@x.io",
          actorName: "Ana",
          decision: "approve",
          channel: "slack",
          decidedAt: at(5),
          edits: { "tweet.with.text": "Shorter" },
          comment: "ship it",
        },
      },
    },
  });
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => e,
  );

describe("getRunDetail", () => {
  it("shows every step of the pinned definition in its order, with states, approvals and no payloads", async () => {
    const run = await getRunDetail(t.db, wf.workspaceId, runId);
    expect(run).toMatchObject({
      id: runId,
      workflow: "announce",
      workflowName: "Announce a release",
      status: "partially_succeeded",
      testMode: true,
      eventSource: "test",
      startedBy: "Ana",
      startedAt: at(0).toISOString(),
      endedAt: at(9).toISOString(),
    });
    expect(run.definition.steps.map((s) => s.id)).toEqual(["review", "tweet", "log", "notify"]);
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ["review", "succeeded"],
      ["tweet", "failed"],
      ["log", "succeeded"],
      ["notify", "skipped"],
    ]);
    expect(run.steps[1]).toMatchObject({ attempts: 3, error: { message: "429 Too Many Requests" } });
    expect(run.steps[3]).toMatchObject({ blockedBy: "tweet", reason: "upstream_failed", startedAt: null });
    expect(run.steps[0]!.approval).toEqual({
      id: expect.any(String),
      kind: "approval",
      title: "Announce 1.2?",
      status: "approved",
      quorum: 1,
      openedAt: at(0).toISOString(),
      decidedAt: at(5).toISOString(),
      expiresAt: at(3600).toISOString(),
      decisions: [
        {
          actor: "ana@x.io",
          actorName: "Ana",
          decision: "approve",
          channel: "slack",
          decidedAt: at(5).toISOString(),
          edits: { "tweet.with.text": "Shorter" },
          values: null,
          comment: "ship it",
        },
      ],
    });
    expect(run.steps.every((s) => !("output" in s) && !("input" in s))).toBe(true);
  });

  it("shows a step without a row yet as pending", async () => {
    const fresh = await seedRun(t.db, wf, {});
    const run = await getRunDetail(t.db, wf.workspaceId, fresh);
    expect(run.steps.map((s) => s.status)).toEqual(["pending", "pending", "pending", "pending"]);
    expect(run).toMatchObject({ status: "queued", testMode: false, startedBy: null });
  });

  it("answers another workspace's run exactly as a missing one", async () => {
    const foreign = await refusal(getRunDetail(t.db, wf.workspaceId, foreignRun));
    const missing = await refusal(getRunDetail(t.db, wf.workspaceId, "no-such-run"));
    expect(foreign).toBeInstanceOf(ApiError);
    expect(foreign).toMatchObject({ status: 404, code: "not_found" });
    expect((foreign as ApiError).message).toBe((missing as ApiError).message.replace("no-such-run", foreignRun));
  });

  it("tells the run page whether the run is this workspace's", async () => {
    expect(await runInWorkspace(t.db, wf.workspaceId, runId)).toBe(true);
    expect(await runInWorkspace(t.db, wf.workspaceId, foreignRun)).toBe(false);
    expect(await runInWorkspace(t.db, wf.workspaceId, "no-such-run")).toBe(false);
  });
});

describe("getStepDetail and getStepPayload", () => {
  it("sends small inputs and outputs whole, with the step's status", async () => {
    expect(await getStepDetail(t.db, wf.workspaceId, runId, "tweet")).toEqual({
      stepId: "tweet",
      status: "failed",
      input: { value: { value: 1 } },
      output: null,
      changes: null,
    });
  });

  it("sends a large (claim-checked) output as its size, and whole when asked for", async () => {
    const detail = await getStepDetail(t.db, wf.workspaceId, runId, "log");
    expect(detail.output).toEqual({ bytes: JSON.stringify(LARGE).length });
    expect(await getStepPayload(t.db, wf.workspaceId, runId, "log", "output")).toEqual({ value: LARGE });
    expect(await getStepPayload(t.db, wf.workspaceId, runId, "log", "input")).toEqual({ value: null });
  });

  it("shows a step of the definition without a row as pending, with nothing yet", async () => {
    const fresh = await seedRun(t.db, wf, {});
    expect(await getStepDetail(t.db, wf.workspaceId, fresh, "notify")).toEqual({
      stepId: "notify",
      status: "pending",
      input: null,
      output: null,
      changes: null,
    });
  });

  it("refuses a step the run's version lacks, and any step of another workspace's run, as missing", async () => {
    expect(await refusal(getStepDetail(t.db, wf.workspaceId, runId, "nope"))).toMatchObject({
      status: 404,
      message: `Run ${runId} has no step "nope".`,
    });
    expect(await refusal(getStepDetail(t.db, wf.workspaceId, foreignRun, "log"))).toMatchObject({ status: 404 });
    expect(await refusal(getStepPayload(t.db, wf.workspaceId, foreignRun, "log", "output"))).toMatchObject({
      status: 404,
    });
  });
});

describe("overlayLiveSteps", () => {
  const step = (id: string, status: string) => ({
    id,
    uses: "http.request",
    status,
    attempts: 0,
    startedAt: null,
    endedAt: null,
    error: null,
    blockedBy: null,
    reason: null,
    approval: null,
  });

  it("fills in steps the workflow settled itself and keeps every recorded row", () => {
    const steps = [
      step("tweet", "failed"),
      step("notify", "pending"),
      step("pure", "pending"),
      step("later", "pending"),
    ];
    const live = {
      tweet: { status: "running" as const },
      notify: { status: "skipped" as const, blockedBy: "tweet", reason: "upstream_failed" as const },
      pure: { status: "succeeded" as const },
      later: { status: "pending" as const },
    };
    expect(overlayLiveSteps(steps, live).map((s) => [s.id, s.status, s.blockedBy, s.reason])).toEqual([
      ["tweet", "failed", null, null],
      ["notify", "skipped", "tweet", "upstream_failed"],
      ["pure", "succeeded", null, null],
      ["later", "pending", null, null],
    ]);
  });
});
