// The inbox through real parts: a Next.js server, Temporal with an in-process worker, PostgreSQL and
// the `switchyard` CLI. Who sees and decides what (tokens act as the member who created them),
// decisions resuming runs, every refusal's answer, and the per-checkpoint statistics.
import { generateApiToken, hashToken, type Role } from "@switchyard/db";
import {
  seedWorkflow,
  startNextServer,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type NextServer,
  type SeededWorkflow,
  seedMember,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "../server/http/errors";
import { decideApproval } from "../server/services/approvals";
import { runCli } from "./cli";

const t = useTestDatabase();
const h = useEngine(t, "approvals");
let web: NextServer;
let main: SeededWorkflow;
let other: SeededWorkflow;

interface Member {
  id: string;
  email: string;
  token: string;
}
/** ana: approver; ola: owner (admin token); vic: viewer; eve: editor who starts runs. */
const m = {} as Record<"ana" | "ola" | "vic" | "eve" | "stranger", Member>;

const EDIT_KEY = "post.with.body.text";

const launch = () => ({
  name: "Launch",
  trigger: { type: "webhook" },
  steps: [
    {
      id: "review",
      uses: "core.checkpoint",
      with: {
        title: "Publish {{ trigger.body.text }}?",
        editable: [{ field: EDIT_KEY, label: "Post text" }],
        channels: ["web"],
      },
    },
    {
      id: "post",
      uses: "http.request",
      needs: ["review"],
      with: { url: `${h.sink.url}/post`, method: "POST", body: { text: "{{ trigger.body.text }}" } },
      retry: { maxAttempts: 1 },
    },
  ],
});

/** Only boss@ may decide this one: admins see it in the inbox, approvers do not. */
const named = () => ({
  name: "Named",
  trigger: { type: "webhook" },
  steps: [{ id: "review", uses: "core.checkpoint", with: { title: "Boss only", approvers: ["boss@example.com"] } }],
});

async function addMember(workspaceId: string, label: string, role: Role, tokenRole: Role): Promise<Member> {
  const email = `${label}-${workspaceId}@example.com`;
  const user = await seedMember(t.db, workspaceId, email, role, label[0]!.toUpperCase() + label.slice(1));
  const token = generateApiToken();
  await t.db.apiToken.create({
    data: { workspaceId, name: label, role: tokenRole, tokenHash: hashToken(token), userId: user.id },
  });
  return { id: user.id, email, token };
}

async function addWorkflow(workspaceId: string, slug: string, definition: object) {
  const seeded = await seedWorkflow(t.db, definition, slug);
  // seedWorkflow makes a workspace of its own; move the workflow over.
  await t.db.workflow.update({ where: { id: seeded.workflowId }, data: { workspaceId } });
}

beforeAll(async () => {
  const temporal = testTemporalConfig(h.taskQueue);
  [web, main, other] = await Promise.all([
    startNextServer({
      DATABASE_URL: t.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: h.taskQueue,
    }),
    seedWorkflow(t.db, launch(), "launch"),
    seedWorkflow(t.db, launch(), "launch"),
  ]);
  await addWorkflow(main.workspaceId, "named", named());
  [m.ana, m.ola, m.vic, m.eve, m.stranger] = await Promise.all([
    addMember(main.workspaceId, "ana", "approver", "approver"),
    addMember(main.workspaceId, "ola", "owner", "admin"),
    addMember(main.workspaceId, "vic", "viewer", "viewer"),
    addMember(main.workspaceId, "eve", "editor", "editor"),
    addMember(other.workspaceId, "stranger", "admin", "admin"),
  ]);
}, 180_000);

afterAll(async () => {
  await web?.stop();
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${web.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Starts a run through the API as `who`, and waits for its checkpoint to open. */
async function startAndWait(who: Member, slug: string, text = "Launch day!"): Promise<{ runId: string; id: string }> {
  const started = await call("POST", `/api/v1/workflows/${slug}/runs`, who.token, { input: { text } });
  expect(started.status).toBe(202);
  const { runId } = started.body as { runId: string };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const approval = await t.db.approval.findFirst({ where: { runId }, select: { id: true } });
    if (approval) return { runId, id: approval.id };
  }
  throw new Error(`run ${runId} opened no checkpoint`);
}

async function finished(runId: string) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    if (!["queued", "running"].includes(run.status)) return run.status;
  }
  throw new Error(`run ${runId} did not finish`);
}

const decision = (id: string, who: Member | string, body: object) =>
  call("POST", `/api/v1/approvals/${id}/decision`, typeof who === "string" ? who : who.token, body);
const idsOf = (a: Answer) => (a.body.items as { id: string }[]).map((i) => i.id);

describe("the inbox", () => {
  let launched: { runId: string; id: string };
  let bossOnly: { runId: string; id: string };
  let theirs: { runId: string; id: string };

  beforeAll(async () => {
    [launched, bossOnly, theirs] = await Promise.all([
      startAndWait(m.eve, "launch"),
      startAndWait(m.eve, "named"),
      startAndWait(m.stranger, "launch"),
    ]);
  });

  it("records the token's member as the run's starter", async () => {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: launched.runId } });
    expect(run.startedById).toBe(m.eve.id);
  });

  it("shows approvers what they may decide, admins everything, and nobody another workspace's", async () => {
    const ana = await call("GET", "/api/v1/approvals?status=pending", m.ana.token);
    expect(ana.status).toBe(200);
    expect(idsOf(ana)).toEqual([launched.id]);
    expect(ana.body.items[0]).toMatchObject({
      id: launched.id,
      runId: launched.runId,
      workflow: "launch",
      stepId: "review",
      kind: "approval",
      title: "Publish Launch day!?",
      editable: [{ key: EDIT_KEY, label: "Post text", type: "text", value: "Launch day!" }],
      form: [],
      approvers: null,
      quorum: 1,
      decisions: [],
      status: "pending",
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(ana.body.items[0].preview).toMatchObject([{ stepId: "post", uses: "http.request" }]);
    expect(ana.body.nextCursor).toBeNull();

    for (const admin of [m.ola.token, main.apiToken]) {
      const all = await call("GET", "/api/v1/approvals", admin);
      expect(idsOf(all).sort()).toEqual([launched.id, bossOnly.id].sort());
    }
    // Viewers read workflows and runs; approvals are for approvers and the roles above them.
    expect((await call("GET", "/api/v1/approvals", m.vic.token)).status).toBe(403);
    expect(idsOf(await call("GET", "/api/v1/approvals?workflow=named", m.ana.token))).toEqual([]);
    expect(idsOf(await call("GET", "/api/v1/approvals?status=decided", m.ola.token))).toEqual([]);
    expect((await call("GET", "/api/v1/approvals?workflow=nope", m.ana.token)).status).toBe(404);
    expect(idsOf(await call("GET", "/api/v1/approvals", m.stranger.token))).toEqual([theirs.id]);

    expect((await call("GET", `/api/v1/approvals/${launched.id}`, m.ana.token)).body.id).toBe(launched.id);
    expect((await call("GET", `/api/v1/approvals/${launched.id}`, m.stranger.token)).status).toBe(404);
    expect((await call("GET", `/api/v1/approvals/${bossOnly.id}`, m.ana.token)).status).toBe(404);
  });

  it("refuses non-approvers, the run's own starter, member-less tokens, bad fields and other workspaces", async () => {
    expect(await decision(launched.id, m.vic, { decision: "approve" })).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", details: { required: "approver", actual: "viewer" } } },
    });
    expect(await decision(launched.id, m.eve, { decision: "approve" })).toMatchObject({
      status: 403,
      body: { error: { code: "self_approval" } },
    });
    const memberless = await decision(launched.id, main.apiToken, { decision: "approve" });
    expect(memberless).toMatchObject({ status: 403, body: { error: { code: "no_member" } } });
    expect(memberless.body.error.message).toMatch(/acts for no member of this workspace/);
    expect(await decision(launched.id, m.ana, { decision: "approve", edits: { [EDIT_KEY]: 42 } })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_field", details: { field: EDIT_KEY } } },
    });
    expect(await decision(launched.id, m.ana, { decision: "approve", comment: "x".repeat(2001) })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request", details: { errors: [{ path: "comment" }] } } },
    });
    expect(await decision(launched.id, m.stranger, { decision: "approve" })).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
    expect(await t.db.approvalDecision.count({ where: { approvalId: launched.id } })).toBe(0);
  });

  it("a decision resumes the run with the edit; a second one gets 409 naming who decided and when", async () => {
    const ok = await decision(launched.id, m.ana, {
      decision: "approve",
      edits: { [EDIT_KEY]: "Edited" },
      comment: "ship it",
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { status: "approved", decidedBy: [{ email: m.ana.email, name: "Ana", decision: "approve" }], quorum: 1 },
    });
    expect(await finished(launched.runId)).toBe("succeeded");
    expect(JSON.parse(h.sink.calls("/post").at(-1)!.body as string)).toEqual({ text: "Edited" });

    const again = await decision(launched.id, m.ola, { decision: "reject" });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "already_decided",
      details: { status: "approved", decidedAt: ok.body.decidedAt, decidedBy: [{ email: m.ana.email }] },
    });
    expect(again.body.error.message).toBe(
      `This checkpoint is already approved by Ana <${m.ana.email}> at ${ok.body.decidedAt}.`,
    );

    const decided = await call("GET", "/api/v1/approvals?status=decided", m.ana.token);
    expect(decided.body.items).toMatchObject([
      { id: launched.id, status: "approved", decisions: [{ actor: m.ana.email, channel: "api", comment: "ship it" }] },
    ]);

    // An approver sees only approvals; the run view, for whoever may read runs, shows the checkpoint's decisions with its step.
    expect((await call("GET", `/api/v1/runs/${launched.runId}`, m.ana.token)).status).toBe(403);
    const run = await call("GET", `/api/v1/runs/${launched.runId}`, m.vic.token);
    expect(run.body.steps.review.approval).toMatchObject({
      id: launched.id,
      status: "approved",
      decisions: [
        {
          actor: m.ana.email,
          decision: "approve",
          channel: "api",
          comment: "ship it",
          edits: { [EDIT_KEY]: "Edited" },
        },
      ],
    });
  });

  it("answers 503 with Retry-After, recording nothing, while the engine is unreachable", async () => {
    const unreachable = { db: t.db, engine: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")) };
    const ana = { workspaceId: main.workspaceId, tokenId: "t", role: "approver" as const };
    const err = await decideApproval(
      unreachable,
      { ...ana, member: { id: m.ana.id, email: m.ana.email, name: "Ana", role: "approver" } },
      bossOnly.id,
      { decision: "approve" },
      "api",
    ).catch((e: unknown) => e);
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ error: { code: "engine_unavailable", message: /unreachable/ } });
    expect(await t.db.approvalDecision.count({ where: { approvalId: bossOnly.id } })).toBe(0);
  });
});

describe("the inbox's other doors", () => {
  it("tRPC decides with the channel web", async () => {
    const { runId, id } = await startAndWait(m.eve, "launch", "Via tRPC");
    const res = await fetch(`${web.url}/api/trpc/approvals.decide`, {
      method: "POST",
      headers: { authorization: `Bearer ${m.ana.token}`, "content-type": "application/json" },
      body: JSON.stringify({ id, decision: "reject", comment: "not today" }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).result.data).toMatchObject({ status: "rejected" });
    expect(await finished(runId)).toBe("succeeded");
    expect(await t.db.approvalDecision.findFirstOrThrow({ where: { approvalId: id } })).toMatchObject({
      actor: m.ana.email,
      channel: "web",
      decision: "reject",
    });
  });

  it("the CLI lists and approves with an edit", async () => {
    const { runId, id } = await startAndWait(m.eve, "launch", "Via CLI");
    const env = { SWITCHYARD_URL: web.url, SWITCHYARD_TOKEN: m.ana.token };
    const list = await runCli(env, ["approvals", "list", "--status", "pending", "--workflow", "launch"]);
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toMatch(/^APPROVAL\s+WORKFLOW\s+STEP\s+KIND\s+STATUS\s+APPROVALS\s+CREATED\s+TITLE\n/);
    expect(list.stdout).toContain(`${id}  launch    review  approval  pending  0/1`);

    const approved = await runCli(env, [
      "approvals",
      "approve",
      id,
      "--comment",
      "lgtm",
      "--edit",
      `${EDIT_KEY}=From CLI`,
    ]);
    expect(approved).toMatchObject({ code: 0, stderr: "" });
    expect(approved.stdout).toMatch(new RegExp(`^Approval ${id} is now approved \\(Ana\\) at \\S+\\.\\n$`));
    expect(await finished(runId)).toBe("succeeded");
    expect(JSON.parse(h.sink.calls("/post").at(-1)!.body as string)).toEqual({ text: "From CLI" });

    const twice = await runCli(env, ["approvals", "reject", id]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /^error: This checkpoint is already approved by Ana .* \(HTTP 409, already_decided\)\n$/,
    );
  });
});

describe("checkpoint statistics", () => {
  /** A fixed instant: the statistics measure between stored times and never read the clock. */
  const BASE = Date.UTC(2030, 0, 1);
  const HOUR = 3_600_000;
  const prefilled = [{ key: EDIT_KEY, label: "Post text", type: "text", required: true, value: "Hello" }];
  let stats: SeededWorkflow;
  let seq = 0;

  /** One approval of `stepId`, requested at hour `seq` and closed `seconds` later, with its decision. */
  async function seedApproval(
    stepId: string,
    status: "approved" | "rejected" | "submitted" | "timed_out" | "pending",
    seconds: number,
    decided: { decision?: string; edits?: object; channel?: string; testMode?: boolean } = {},
  ) {
    const createdAt = new Date(BASE + ++seq * HOUR);
    const decidedAt = status === "pending" ? null : new Date(createdAt.getTime() + seconds * 1000);
    const run = await t.db.run.create({
      data: {
        workspaceId: stats.workspaceId,
        workflowId: stats.workflowId,
        versionId: stats.versionId,
        status: "succeeded",
        dispatchedAt: createdAt,
        source: "api",
        testMode: decided.testMode ?? false,
      },
    });
    const decision =
      decided.decision ?? { approved: "approve", rejected: "reject", submitted: "submit" }[status as string];
    await t.db.approval.create({
      data: {
        workspaceId: stats.workspaceId,
        runId: run.id,
        stepId,
        kind: status === "submitted" ? "task" : "approval",
        title: stepId,
        preview: [],
        editable: status === "submitted" ? [] : prefilled,
        // A task that asks for what posting to Slack gives back: that action could take it over.
        form: status === "submitted" ? [{ key: "channel" }, { key: "ts" }] : [],
        approvers: { approvers: null, escalateTo: null, channels: ["web"] },
        quorum: 1,
        allowSelfApproval: false,
        status,
        onTimeout: "reject",
        createdAt,
        expiresAt: new Date(createdAt.getTime() + 24 * HOUR),
        decidedAt,
        ...(decision && decidedAt
          ? {
              decisions: {
                create: {
                  actor: "ana@example.com",
                  decision,
                  channel: decided.channel ?? "api",
                  decidedAt,
                  ...(decided.edits ? { edits: decided.edits } : {}),
                },
              },
            }
          : {}),
      },
    });
  }

  beforeAll(async () => {
    stats = await seedWorkflow(t.db, launch(), "stats");
    // review, oldest first: a rejection, an approval that changed the text, then 12 approvals that
    // changed nothing (some sent the prefilled value back), a timeout among them, and one pending.
    await seedApproval("review", "rejected", 60);
    await seedApproval("review", "approved", 120, { edits: { [EDIT_KEY]: "Changed" } });
    for (let i = 1; i <= 12; i++) {
      if (i === 6) await seedApproval("review", "timed_out", 86_400);
      await seedApproval("review", "approved", 10 * i, i % 2 ? { edits: { [EDIT_KEY]: "Hello" } } : {});
    }
    await seedApproval("review", "pending", 0);
    // Neither counts: auto mode decided one, and a developer's test run the other.
    await seedApproval("review", "approved", 5, { channel: "auto", edits: { [EDIT_KEY]: "Changed" } });
    await seedApproval("review", "rejected", 5, { testMode: true });
    for (const seconds of [600, 1800, 1200]) await seedApproval("count", "submitted", seconds);
  });

  it("per step: decisions, rates, time to decide, unchanged approvals in a row, and readiness", async () => {
    const res = await call("GET", "/api/v1/workflows/stats/checkpoints", stats.apiToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      readyAfter: 10,
      checkpoints: [
        {
          stepId: "count",
          kind: "task",
          title: "count",
          decisions: 3,
          approved: 0,
          rejected: 0,
          submitted: 3,
          timedOut: 0,
          pending: 0,
          approvalRate: 1,
          editRate: null,
          medianSecondsToDecide: 1200,
          p90SecondsToDecide: 1680,
          unchangedApprovalsInARow: 0,
          readyToAutomate: false,
          manualStepMedianSeconds: 1200,
          replaceableBy: expect.arrayContaining(["slack.postMessage"]),
        },
        {
          stepId: "review",
          kind: "approval",
          title: "review",
          decisions: 14,
          approved: 13,
          rejected: 1,
          submitted: 0,
          timedOut: 1,
          pending: 1,
          approvalRate: 13 / 14,
          editRate: 1 / 13,
          // 10, 20, ..., 120 and 60, 120: percentile_cont interpolates.
          medianSecondsToDecide: 65,
          p90SecondsToDecide: 117,
          unchangedApprovalsInARow: 12,
          readyToAutomate: true,
          manualStepMedianSeconds: null,
          replaceableBy: [],
        },
      ],
    });
  });

  it("takes another bar, and answers only for the caller's workspace", async () => {
    const strict = await call("GET", "/api/v1/workflows/stats/checkpoints?readyAfter=13", stats.apiToken);
    expect(strict.body.checkpoints[1]).toMatchObject({ unchangedApprovalsInARow: 12, readyToAutomate: false });
    const input = encodeURIComponent(JSON.stringify({ slug: "stats", readyAfter: 13 }));
    const viaTrpc = await fetch(`${web.url}/api/trpc/workflows.checkpoints?input=${input}`, {
      headers: { authorization: `Bearer ${stats.apiToken}` },
    });
    expect(((await viaTrpc.json()) as any).result.data).toEqual(strict.body);
    expect((await call("GET", "/api/v1/workflows/stats/checkpoints", main.apiToken)).status).toBe(404);
    expect((await call("GET", "/api/v1/workflows/stats/checkpoints?readyAfter=0", stats.apiToken)).status).toBe(400);
  });
});

describe("test mode", () => {
  it("a run started with testMode waits before each step with side effects; the starter approves or skips it as a dry run", async () => {
    await addWorkflow(main.workspaceId, "dry", {
      name: "Dry",
      trigger: { type: "webhook" },
      steps: [
        { id: "first", uses: "http.request", with: { url: `${h.sink.url}/dry-first`, method: "POST" } },
        {
          id: "second",
          uses: "http.request",
          needs: ["first"],
          with: { url: `${h.sink.url}/dry-second`, method: "POST" },
        },
      ],
    });
    const started = await call("POST", "/api/v1/workflows/dry/runs", m.eve.token, { input: {}, testMode: true });
    expect(started.status).toBe(202);
    const { runId } = started.body as { runId: string };
    const waitFor = async (stepId: string) => {
      for (;;) {
        const a = await t.db.approval.findFirst({ where: { runId, stepId }, select: { id: true } });
        if (a) return a.id;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    expect((await decision(await waitFor("first"), m.eve, { decision: "reject" })).status).toBe(200);
    expect((await decision(await waitFor("second"), m.eve, { decision: "approve" })).status).toBe(200);
    expect(await finished(runId)).toBe("succeeded");
    const run = await call("GET", `/api/v1/runs/${runId}`, m.eve.token);
    expect(run.body.steps.first).toMatchObject({ status: "skipped", reason: "test_skipped" });
    expect(run.body.steps.second).toMatchObject({ status: "succeeded" });
    expect(h.sink.calls("/dry-first")).toHaveLength(0);
    expect(h.sink.calls("/dry-second")).toHaveLength(1);
  });
});
