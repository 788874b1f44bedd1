// Forgetting a step's memory through the REST handlers and the editor's tRPC mutations, on real
// Postgres: editors and above only, one step of one workflow of the caller's workspace only,
// a step id that could name no step refused precisely, and every change in the audit log.
import { generateApiToken, hashToken, type Role } from "@switchyard/db";
import { seedMember, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { REMEMBERING_WORKFLOW } from "./step-memory-fixtures";

// Next's guard against importing server modules into client bundles; this test is the server.
vi.mock("server-only", () => ({}));

type Handler = (request: Request, context: { params: Promise<object> }) => Promise<Response>;

const t = useTestDatabase();

let ours: SeededWorkflow;
let theirs: SeededWorkflow;
const tokens = {} as Record<Role | "stranger", string>;
let clear: Handler;
let reset: Handler;

async function tokenFor(wf: SeededWorkflow, role: Role, label: string): Promise<string> {
  const user = await seedMember(t.db, wf.workspaceId, `${label}-${wf.workspaceId}@example.com`, role);
  const token = generateApiToken();
  await t.db.apiToken.create({
    data: { workspaceId: wf.workspaceId, name: label, role, tokenHash: hashToken(token), userId: user.id },
  });
  return token;
}

/** What each workflow remembers: cached results of `fetch` (and of `legacy`, a step only an older version had) and `push`'s items. */
async function remember(wf: SeededWorkflow): Promise<void> {
  const at = new Date(Date.UTC(2026, 10, 1));
  await t.db.stepCacheEntry.createMany({
    data: ["fetch", "fetch", "legacy"].map((stepId, i) => ({
      workflowId: wf.workflowId,
      stepId,
      key: `key-${i}`,
      output: { i },
      runId: "run-origin",
      durationMs: 40,
      expiresAt: new Date(Date.UTC(2100, 0, 1)),
      usedAt: at,
    })),
  });
  await t.db.incrementalItem.createMany({
    data: ["a", "b", "c"].map((key) => ({
      workflowId: wf.workflowId,
      stepId: "push",
      key,
      definitionHash: "h",
      fingerprint: key,
      runId: "run-origin",
      durationMs: 25,
      processedAt: at,
    })),
  });
}

const remembered = async (wf: SeededWorkflow) => ({
  cache: Object.fromEntries(
    (await t.db.stepCacheEntry.groupBy({ by: ["stepId"], where: { workflowId: wf.workflowId }, _count: true })).map(
      (g) => [g.stepId, g._count],
    ),
  ),
  items: await t.db.incrementalItem.count({ where: { workflowId: wf.workflowId } }),
});

async function post(handler: Handler, token: string, slug: string, stepId: string) {
  const kind = handler === clear ? "cache/clear" : "incremental/reset";
  const response = await handler(
    new Request(`http://127.0.0.1/api/v1/workflows/${slug}/steps/${encodeURIComponent(stepId)}/${kind}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    }),
    { params: Promise.resolve({ slug, stepId }) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  // The routes' modules read their environment when first imported.
  vi.stubEnv("DATABASE_URL", t.url);
  ours = await seedWorkflow(t.db, REMEMBERING_WORKFLOW, "sync");
  theirs = await seedWorkflow(t.db, REMEMBERING_WORKFLOW, "mirror");
  for (const role of ["viewer", "editor", "admin"] as const) tokens[role] = await tokenFor(ours, role, role);
  tokens.stranger = await tokenFor(theirs, "owner", "stranger");
  clear = (await import("~/app/api/v1/workflows/[slug]/steps/[stepId]/cache/clear/route")).POST as Handler;
  reset = (await import("~/app/api/v1/workflows/[slug]/steps/[stepId]/incremental/reset/route")).POST as Handler;
});

beforeEach(async () => {
  await t.db.stepCacheEntry.deleteMany({});
  await t.db.incrementalItem.deleteMany({});
  await Promise.all([remember(ours), remember(theirs)]);
});

describe("POST /workflows/<slug>/steps/<id>/cache/clear and /incremental/reset", () => {
  it("forgets one step's cached results, then another's items, and records each in the audit log", async () => {
    expect(await post(clear, tokens.editor, "sync", "fetch")).toEqual({ status: 200, body: { cleared: 2 } });
    expect(await remembered(ours)).toEqual({ cache: { legacy: 1 }, items: 3 });
    expect(await post(reset, tokens.admin, "sync", "push")).toEqual({ status: 200, body: { forgotten: 3 } });
    expect(await remembered(ours)).toEqual({ cache: { legacy: 1 }, items: 0 });
    // The same step ids of another workspace's workflow are its own.
    expect(await remembered(theirs)).toEqual({ cache: { fetch: 2, legacy: 1 }, items: 3 });
    const audit = await t.db.auditEntry.findMany({
      where: { workspaceId: ours.workspaceId, targetId: ours.workflowId },
      orderBy: { action: "asc" },
      select: { action: true, targetType: true, targetLabel: true, details: true, actorLabel: true },
    });
    expect(audit).toEqual([
      {
        action: "workflow.step_cache_clear",
        targetType: "workflow",
        targetLabel: "sync",
        details: { stepId: "fetch", cleared: 2 },
        actorLabel: expect.stringMatching(/^editor-/),
      },
      {
        action: "workflow.step_memory_reset",
        targetType: "workflow",
        targetLabel: "sync",
        details: { stepId: "push", forgotten: 3 },
        actorLabel: expect.stringMatching(/^admin-/),
      },
    ]);
  });

  it("clears a step that only an older version had; a step nothing remembers answers 0", async () => {
    expect(await post(clear, tokens.editor, "sync", "legacy")).toEqual({ status: 200, body: { cleared: 1 } });
    expect(await post(reset, tokens.editor, "sync", "never-was")).toEqual({ status: 200, body: { forgotten: 0 } });
  });

  it("refuses a viewer (403) and forgets nothing", async () => {
    for (const handler of [clear, reset])
      expect(await post(handler, tokens.viewer, "sync", "fetch")).toMatchObject({
        status: 403,
        body: { error: { code: "forbidden" } },
      });
    expect(await remembered(ours)).toEqual({ cache: { fetch: 2, legacy: 1 }, items: 3 });
  });

  it("answers another workspace's owner 404, as for a workflow that does not exist, and forgets nothing", async () => {
    for (const handler of [clear, reset]) {
      const answer = await post(handler, tokens.stranger, "sync", "fetch");
      expect(answer).toEqual({
        status: 404,
        body: { error: { code: "not_found", message: 'No workflow "sync" in this workspace.' } },
      });
    }
    expect(await remembered(ours)).toEqual({ cache: { fetch: 2, legacy: 1 }, items: 3 });
  });

  it("refuses a step id no definition could have, saying what a step id is", async () => {
    for (const stepId of ["Fetch", "1st", "fetch rows", "x".repeat(64), "trigger.body"])
      expect(await post(clear, tokens.editor, "sync", stepId)).toEqual({
        status: 400,
        body: {
          error: {
            code: "invalid_step_id",
            message: `Invalid step id "${stepId}": a step id is 1-63 lowercase letters, digits, - or _, starting with a letter.`,
          },
        },
      });
    expect(await remembered(ours)).toEqual({ cache: { fetch: 2, legacy: 1 }, items: 3 });
  });
});

describe("the editor's mutations", () => {
  it("forget as REST does, by the same rules", async () => {
    const [{ appRouter }, { authenticateApiToken }, context] = await Promise.all([
      import("../trpc/root"),
      import("../auth/api-token"),
      import("../context"),
    ]);
    const callerWith = (token: string) =>
      appRouter.createCaller({
        services: { ...context.services(), db: t.db },
        authenticate: () => authenticateApiToken(t.db, `Bearer ${token}`),
        signedInUserId: async () => null,
      });
    const editor = callerWith(tokens.editor);
    expect(await editor.workflows.clearStepCache({ slug: "sync", stepId: "fetch" })).toEqual({ cleared: 2 });
    expect(await editor.workflows.resetIncrementalStep({ slug: "sync", stepId: "push" })).toEqual({ forgotten: 3 });
    await expect(
      callerWith(tokens.viewer).workflows.clearStepCache({ slug: "sync", stepId: "legacy" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(editor.workflows.clearStepCache({ slug: "sync", stepId: "Not An Id" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await remembered(ours)).toEqual({ cache: { legacy: 1 }, items: 0 });
  });
});
