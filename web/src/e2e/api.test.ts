// The REST API (workflows, runs, re-runs, roles, tenancy) and the `switchyard` CLI,
// through real processes: a Next.js server, Temporal with an in-process worker,
// PostgreSQL, and a local HTTP sink standing in for outside APIs.
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generateApiToken, hashToken, type Role } from "@switchyard/db";
import {
  seedWorkflow,
  startNextServer,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type NextServer,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const t = useTestDatabase();
const h = useEngine(t, "api");
let web: NextServer;
/** Admin token of the main workspace, and tokens with other roles or of another workspace. */
let admin: string;
let viewer: string;
let editor: string;
let stranger: string;
let workspaceId: string;

async function addToken(wsId: string, role: Role): Promise<string> {
  const token = generateApiToken();
  await t.db.apiToken.create({ data: { workspaceId: wsId, name: role, role, tokenHash: hashToken(token) } });
  return token;
}

beforeAll(async () => {
  const temporal = testTemporalConfig(h.taskQueue);
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
  });
  // A workspace with an admin token (its seeded workflow is "seeded"), and a second tenant.
  const main = await seedWorkflow(
    t.db,
    {
      name: "Seeded",
      trigger: { type: "webhook" },
      steps: [{ id: "x", uses: "http.request", with: { url: `${h.sink.url}/x` } }],
    },
    "seeded",
  );
  ({ workspaceId, apiToken: admin } = main);
  [viewer, editor] = await Promise.all([addToken(workspaceId, "viewer"), addToken(workspaceId, "editor")]);
  stranger = (
    await seedWorkflow(
      t.db,
      {
        name: "Other",
        trigger: { type: "webhook" },
        steps: [{ id: "x", uses: "http.request", with: { url: `${h.sink.url}/x` } }],
      },
      "theirs",
    )
  ).apiToken;
}, 180_000);

afterAll(async () => {
  await web?.stop();
});

interface Answer {
  status: number;
  body: any;
}

async function call(
  method: string,
  path: string,
  { token = admin, body, type = "application/json" }: { token?: string | null; body?: unknown; type?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${web.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": type }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The run once finished, by the API's own wait (no polling); a run still going after it fails the test. */
async function waitForRun(runId: string, token = admin): Promise<Record<string, any>> {
  const { status, body: run } = await call("GET", `/api/v1/runs/${runId}?wait=50s`, { token });
  expect(status).toBe(200);
  if (["queued", "running"].includes(run.status)) throw new Error(`run ${runId} still ${run.status} after 50 s`);
  return run;
}

const step = (id: string, needs: string[] = [], extra: Record<string, unknown> = {}) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST" },
  retry: { maxAttempts: 1 },
  ...extra,
});

const storedCounts = async () => ({
  workflows: await t.db.workflow.count(),
  versions: await t.db.workflowVersion.count(),
});

describe("workflows API", () => {
  it("PUT creates version 1 with a one-time webhook URL, then adds a version only when the definition changes", async () => {
    const def = { name: "Versioned", trigger: { type: "webhook" }, steps: [step("a")] };
    const created = await call("PUT", "/api/v1/workflows/versioned", { body: def });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      version: 1,
      hookUrl: expect.stringMatching(/^\/hooks\/[\w-]{20,}$/),
    });
    const row = await t.db.workflow.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.hookTokenHash).toBe(hashToken(created.body.hookUrl.slice("/hooks/".length)));

    // Same definition, other key order: nothing new, same version, no webhook URL again.
    const same = await call("PUT", "/api/v1/workflows/versioned", {
      body: { steps: def.steps, trigger: def.trigger, name: def.name },
    });
    expect(same).toEqual({ status: 200, body: { id: created.body.id, version: 1 } });

    const changed = await call("PUT", "/api/v1/workflows/versioned", {
      body: { ...def, name: "Versioned v2", steps: [step("a"), step("b", ["a"])] },
    });
    expect(changed).toEqual({ status: 200, body: { id: created.body.id, version: 2 } });
    const versions = await t.db.workflowVersion.findMany({
      where: { workflowId: created.body.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    // Stored definitions are the parsed form, with defaults filled in.
    expect((versions[0]!.definition as any).steps[0]).toMatchObject({
      needsMode: "all",
      continueOnError: false,
      with: { method: "POST" },
    });

    const got = await call("GET", "/api/v1/workflows/versioned");
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: created.body.id,
      slug: "versioned",
      name: "Versioned v2",
      enabled: true,
      version: 2,
      definition: { steps: [{ id: "a" }, { id: "b", needs: ["a"] }] },
    });
    expect(Date.parse(got.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(got.body.createdAt));
  });

  it("PUT rejects an invalid definition with every error and its JSON path, and writes nothing", async () => {
    await call("PUT", "/api/v1/workflows/valid-one", {
      body: { name: "Valid", trigger: { type: "webhook" }, steps: [step("a")] },
    });
    const bad = {
      name: "Broken",
      trigger: { type: "webhook" },
      steps: [step("a", ["nope"]), step("a"), { id: "c", uses: "nothing.here" }],
    };
    for (const slug of ["brand-new", "valid-one"]) {
      const before = await storedCounts();
      const res = await call("PUT", `/api/v1/workflows/${slug}`, { body: bad });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "invalid_definition",
        message: expect.stringContaining("3 errors"),
      });
      expect(res.body.error.details.errors).toEqual(
        expect.arrayContaining([
          { path: "$.steps[1].id", message: expect.stringContaining('duplicate step id "a"') },
          { path: "$.steps[0].needs[0]", message: 'unknown step "nope"' },
          { path: "$.steps[2].uses", message: 'unknown operation "nothing.here"' },
        ]),
      );
      expect(await storedCounts()).toEqual(before);
    }
    const schemaErrors = await call("PUT", "/api/v1/workflows/brand-new", {
      body: { trigger: { type: "webhook" }, steps: [] },
    });
    expect(schemaErrors.body.error.details.errors.map((e: any) => e.path)).toEqual(
      expect.arrayContaining(["$.name", "$.steps"]),
    );

    expect((await call("PUT", "/api/v1/workflows/Not_A_Slug", { body: bad })).body.error.code).toBe("invalid_slug");
    expect((await call("PUT", "/api/v1/workflows/brand-new", { body: '{"name": ' })).body.error.code).toBe(
      "invalid_json",
    );
    expect((await call("PUT", "/api/v1/workflows/brand-new", { body: "<xml/>", type: "application/xml" })).status).toBe(
      415,
    );
  });

  it("PUT accepts YAML (application/yaml and text/yaml)", async () => {
    const yaml = `name: From YAML\ntrigger:\n  type: webhook\nsteps:\n  - id: a\n    uses: http.request\n    with:\n      url: ${h.sink.url}/a\n  - id: b\n    uses: http.request\n    needs: [a]\n    with:\n      url: ${h.sink.url}/b\n`;
    const res = await call("PUT", "/api/v1/workflows/from-yaml", { body: yaml, type: "application/yaml" });
    expect(res.status).toBe(201);
    const got = await call("GET", "/api/v1/workflows/from-yaml");
    expect(got.body.definition).toMatchObject({
      name: "From YAML",
      steps: [
        { id: "a", needs: [] },
        { id: "b", needs: ["a"] },
      ],
    });
    expect(
      (await call("PUT", "/api/v1/workflows/from-yaml", { body: yaml, type: "text/yaml; charset=utf-8" })).body.version,
    ).toBe(1);

    const broken = await call("PUT", "/api/v1/workflows/from-yaml", {
      body: "name: [unclosed",
      type: "application/yaml",
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("invalid_yaml");
  });

  it("lists workflows newest first with cursor pagination, and validates limit", async () => {
    for (const slug of ["list-1", "list-2", "list-3"])
      await call("PUT", `/api/v1/workflows/${slug}`, {
        body: { name: slug, trigger: { type: "webhook" }, steps: [step("a")] },
      });
    const all = await t.db.workflow.count({ where: { workspaceId } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await call("GET", `/api/v1/workflows?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((w: any) => w.slug));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);
    expect(seen.slice(0, 3)).toEqual(["list-3", "list-2", "list-1"]);
    expect(seen).not.toContain("theirs");

    const bad = await call("GET", "/api/v1/workflows?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_query", details: { errors: [{ path: "limit" }] } });
    expect((await call("GET", "/api/v1/workflows?cursor=garbage")).body.error.code).toBe("invalid_cursor");
  });

  it("disable makes webhooks and API starts answer 409; enable restores them", async () => {
    const { body } = await call("PUT", "/api/v1/workflows/toggled", {
      body: { name: "Toggled", trigger: { type: "webhook" }, steps: [step("a")] },
    });
    const disabled = await call("POST", "/api/v1/workflows/toggled/disable");
    expect(disabled).toMatchObject({ status: 200, body: { slug: "toggled", enabled: false } });
    expect((await call("POST", "/api/v1/workflows/toggled/runs", { body: { input: {} } })).status).toBe(409);
    expect((await fetch(`${web.url}${body.hookUrl}`, { method: "POST", body: "{}" })).status).toBe(409);

    expect((await call("POST", "/api/v1/workflows/toggled/enable")).body.enabled).toBe(true);
    const started = await call("POST", "/api/v1/workflows/toggled/runs", { body: { input: {} } });
    expect(started.status).toBe(202);
    await waitForRun(started.body.runId);
  });

  it("serves the JSON Schema of definitions without authentication", async () => {
    const res = await call("GET", "/api/v1/schema/workflow", { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      $schema: expect.stringContaining("json-schema.org"),
      type: "object",
      required: ["name", "trigger", "steps"],
    });
    // Input form: defaulted fields are optional.
    expect(res.body.properties.steps.items.required).toEqual(["id", "uses"]);
  });
});

describe("connectors API", () => {
  it("lists the catalog with JSON Schemas for the UI's forms, and one connector by slug", async () => {
    const list = await call("GET", "/api/v1/connectors", { token: viewer });
    expect(list.status).toBe(200);
    const slugs = (list.body.items as { slug: string }[]).map((c) => c.slug);
    expect(slugs).toEqual(expect.arrayContaining(["core", "http"]));
    const one = await call("GET", "/api/v1/connectors/http", { token: viewer });
    expect(one.body.actions[0]).toMatchObject({
      name: "request",
      props: { type: "object", properties: { url: { format: "uri" } } },
    });
    expect((await call("GET", "/api/v1/connectors/nope", { token: viewer })).status).toBe(404);
    expect((await call("GET", "/api/v1/connectors", { token: null })).status).toBe(401);
  });
});

describe("roles and tenancy", () => {
  it("a viewer reads but gets 403 on every write, over REST and tRPC; an editor may write", async () => {
    const def = { name: "Roles", trigger: { type: "webhook" }, steps: [step("a")] };
    expect((await call("GET", "/api/v1/workflows/seeded", { token: viewer })).status).toBe(200);
    expect((await call("GET", "/api/v1/runs", { token: viewer })).status).toBe(200);
    const before = await storedCounts();
    const put = await call("PUT", "/api/v1/workflows/roles", { token: viewer, body: def });
    expect(put.status).toBe(403);
    expect(put.body.error).toEqual({
      code: "forbidden",
      message:
        "This token has the viewer role; to change workflows and start, cancel or re-run runs it needs editor or higher.",
      details: { required: "editor", actual: "viewer" },
    });
    expect(await storedCounts()).toEqual(before);
    for (const [method, p] of [
      ["POST", "/api/v1/workflows/seeded/disable"],
      ["POST", "/api/v1/workflows/seeded/runs"],
      ["POST", "/api/v1/runs/x/rerun"],
      ["POST", "/api/v1/runs/x/cancel"],
    ]) {
      expect((await call(method!, p!, { token: viewer, body: {} })).status).toBe(403);
    }
    const trpc = await fetch(`${web.url}/api/trpc/workflows.upsert`, {
      method: "POST",
      headers: { authorization: `Bearer ${viewer}`, "content-type": "application/json" },
      body: JSON.stringify({ slug: "roles", definition: def }),
    });
    expect({ status: trpc.status, body: await trpc.json() }).toMatchObject({
      status: 403,
      body: { error: { message: expect.stringContaining("needs editor") } },
    });

    expect((await call("PUT", "/api/v1/workflows/roles", { token: editor, body: def })).status).toBe(201);
    expect((await call("GET", "/api/v1/workflows/roles", { token: null })).status).toBe(401);
  });

  it("another workspace's token gets 404 for our workflows and runs, never data", async () => {
    const { body } = await call("POST", "/api/v1/workflows/seeded/runs", { body: { input: { secret: "ours" } } });
    const runId = body.runId;
    const attempts: [string, string, unknown?][] = [
      ["GET", "/api/v1/workflows/seeded"],
      ["POST", "/api/v1/workflows/seeded/enable"],
      ["POST", "/api/v1/workflows/seeded/runs", { input: {} }],
      ["GET", `/api/v1/runs/${runId}`],
      ["GET", "/api/v1/runs?workflow=seeded"],
      ["POST", `/api/v1/runs/${runId}/cancel`],
      ["POST", `/api/v1/runs/${runId}/rerun`, {}],
    ];
    for (const [method, p, b] of attempts) {
      const res = await call(method, p, { token: stranger, body: b });
      expect([p, res.status]).toEqual([p, 404]);
      expect(res.body.error.code).toBe("not_found");
      expect(JSON.stringify(res.body)).not.toContain("ours");
    }
    const theirs = await call("GET", "/api/v1/runs", { token: stranger });
    expect(theirs.body.items.map((r: any) => r.id)).not.toContain(runId);
    await waitForRun(runId);
  });
});

describe("runs API", () => {
  it("POST /workflows/<slug>/runs starts an api run with {input} that completes", async () => {
    await call("PUT", "/api/v1/workflows/api-start", {
      body: {
        name: "API start",
        trigger: { type: "webhook" },
        steps: [step("s1", [], { with: { url: `${h.sink.url}/s1`, method: "POST", body: "{{ trigger.body }}" } })],
      },
    });
    const res = await call("POST", "/api/v1/workflows/api-start/runs", { body: { input: { order: 42 } } });
    expect(res.status).toBe(202);
    const run = await waitForRun(res.body.runId);
    expect(run).toMatchObject({
      workflow: "api-start",
      version: 1,
      status: "succeeded",
      source: "api",
      rerunOf: null,
      steps: { s1: { status: "succeeded" } },
    });
    expect(JSON.parse(h.sink.calls("/s1").at(-1)!.body)).toEqual({ order: 42 });
    const stored = await t.db.run.findUniqueOrThrow({ where: { id: res.body.runId }, include: { event: true } });
    expect(stored).toMatchObject({ source: "api", event: { source: "api", payload: { body: { order: 42 } } } });
    expect(stored.dispatchedAt).not.toBeNull();

    expect((await call("POST", "/api/v1/workflows/api-start/runs", { body: { inputs: 1 } })).body.error.code).toBe(
      "invalid_request",
    );
    expect((await call("POST", "/api/v1/workflows/missing/runs", { body: {} })).status).toBe(404);
  });

  it("GET /runs/<id>?wait answers when the run finishes, at the timeout with its state, and refuses a bad wait", async () => {
    await call("PUT", "/api/v1/workflows/waited", {
      body: {
        name: "Waited",
        trigger: { type: "webhook" },
        steps: [{ id: "hold", uses: "core.delay", with: { duration: "1500ms" } }],
      },
    });
    const { runId } = (await call("POST", "/api/v1/workflows/waited/runs", { body: { input: {} } })).body;
    // A short wait ends at its timeout with the run as it stands.
    const early = await call("GET", `/api/v1/runs/${runId}?wait=100ms`);
    expect(early).toMatchObject({
      status: 200,
      body: { id: runId, status: expect.stringMatching(/^(queued|running)$/) },
    });
    const done = await call("GET", `/api/v1/runs/${runId}?wait=50s`);
    expect(done.body).toMatchObject({ id: runId, status: "succeeded", steps: { hold: { status: "succeeded" } } });
    // A finished run answers at once whatever the wait.
    expect((await call("GET", `/api/v1/runs/${runId}?wait=50s`)).body.status).toBe("succeeded");

    for (const wait of ["forever", "90s", "-1", "1m"]) {
      const bad = await call("GET", `/api/v1/runs/${runId}?wait=${wait}`);
      expect(bad).toMatchObject({
        status: 400,
        body: {
          error: {
            code: "invalid_query",
            details: { errors: [{ path: "wait", message: "wait must be a duration of at most 55s, like 30s" }] },
          },
        },
      });
    }
    expect((await call("GET", `/api/v1/runs/no-such-run?wait=50s`)).status).toBe(404);
  });

  it("lists runs filtered by workflow and status, newest first, with a stable cursor", async () => {
    await call("PUT", "/api/v1/workflows/listed", {
      body: { name: "Listed", trigger: { type: "webhook" }, steps: [step("l1")] },
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await call("POST", "/api/v1/workflows/listed/runs", { body: { input: { i } } })).body.runId);
    await Promise.all(ids.map((id) => waitForRun(id)));

    const first = await call("GET", "/api/v1/runs?workflow=listed&status=succeeded&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0]).toMatchObject({ workflow: "listed", version: 1, status: "succeeded", source: "api" });
    const second = await call(
      "GET",
      `/api/v1/runs?workflow=listed&status=succeeded&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await call("GET", "/api/v1/runs?workflow=listed&status=failed")).body.items).toEqual([]);

    const badStatus = await call("GET", "/api/v1/runs?status=done");
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details.errors[0]).toEqual({
      path: "status",
      message: expect.stringContaining("queued, running, succeeded"),
    });
    expect((await call("GET", "/api/v1/runs?limit=1000")).status).toBe(400);
    expect((await call("GET", "/api/v1/runs?workflow=nope")).status).toBe(404);
  });

  describe("re-runs", () => {
    // a → b → c, and d on its own. b fails the first time.
    let original: string;
    beforeAll(async () => {
      await call("PUT", "/api/v1/workflows/chain", {
        body: {
          name: "Chain",
          trigger: { type: "webhook" },
          steps: [step("a"), step("b", ["a"]), step("c", ["b"]), step("d")],
        },
      });
      h.sink.on("/b", { status: 400 });
      original = (await call("POST", "/api/v1/workflows/chain/runs", { body: { input: { n: 1 } } })).body.runId;
      const run = await waitForRun(original);
      expect(run.status).toBe("partially_succeeded");
      expect(run.steps).toMatchObject({
        a: { status: "succeeded" },
        b: { status: "failed" },
        c: { status: "skipped", blockedBy: "b" },
        d: { status: "succeeded" },
      });
      h.sink.on("/b", { status: 200 });
    });

    const sinkCounts = () => Object.fromEntries(["a", "b", "c", "d"].map((id) => [id, h.sink.calls(`/${id}`).length]));

    it("from a step: a new run of the same version and event that reuses the succeeded steps outside that step's subtree", async () => {
      const before = sinkCounts();
      const res = await call("POST", `/api/v1/runs/${original}/rerun`, { body: { fromStep: "b" } });
      expect(res.status).toBe(202);
      const [old, rerun] = await Promise.all([
        t.db.run.findUniqueOrThrow({ where: { id: original }, include: { steps: true } }),
        t.db.run.findUniqueOrThrow({ where: { id: res.body.runId } }),
      ]);
      expect(rerun).toMatchObject({
        source: "rerun",
        rerunOfId: original,
        fromStep: "b",
        versionId: old.versionId,
        eventId: old.eventId,
        workflowId: old.workflowId,
      });
      const output = (id: string) => old.steps.find((s) => s.stepId === id)!.output;
      expect(rerun.reuse).toEqual({ a: output("a"), d: output("d") });

      const run = await waitForRun(res.body.runId);
      expect(run).toMatchObject({ status: "succeeded", source: "rerun", rerunOf: original, fromStep: "b" });
      expect(run.steps).toMatchObject({
        a: { status: "succeeded", reason: "reused", reusedFrom: original },
        b: { status: "succeeded" },
        c: { status: "succeeded" },
        d: { status: "succeeded", reason: "reused", reusedFrom: original },
      });
      expect(run.steps.b).not.toHaveProperty("reusedFrom");
      // Nothing upstream or unrelated ran again: only b and c reached the sink.
      expect(sinkCounts()).toEqual({ ...before, b: before.b! + 1, c: before.c! + 1 });
    });

    it("without a step: re-runs everything, reusing nothing", async () => {
      const before = sinkCounts();
      const res = await call("POST", `/api/v1/runs/${original}/rerun`, { body: {} });
      expect(res.status).toBe(202);
      const rerun = await t.db.run.findUniqueOrThrow({ where: { id: res.body.runId } });
      expect(rerun).toMatchObject({ source: "rerun", rerunOfId: original, fromStep: null, reuse: null });
      expect((await waitForRun(res.body.runId)).status).toBe("succeeded");
      expect(sinkCounts()).toEqual({ a: before.a! + 1, b: before.b! + 1, c: before.c! + 1, d: before.d! + 1 });
    });

    it("rejects an unknown step (400) and a run that is still going (409); cancel stops a running run and 409s once ended", async () => {
      const before = await t.db.run.count();
      const unknown = await call("POST", `/api/v1/runs/${original}/rerun`, { body: { fromStep: "zz" } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({
        code: "unknown_step",
        message: expect.stringContaining("a, b, c, d"),
      });
      expect((await call("POST", `/api/v1/runs/${original}/rerun`, { body: { from: "b" } })).body.error.code).toBe(
        "invalid_request",
      );
      expect(await t.db.run.count()).toBe(before);

      await call("PUT", "/api/v1/workflows/slow", {
        body: { name: "Slow", trigger: { type: "webhook" }, steps: [step("slow")] },
      });
      h.sink.on("/slow", { delayMs: 20_000 });
      const { runId } = (await call("POST", "/api/v1/workflows/slow/runs", { body: {} })).body;
      const busy = await call("POST", `/api/v1/runs/${runId}/rerun`, { body: {} });
      expect(busy.status).toBe(409);
      expect(busy.body.error.code).toBe("run_in_progress");

      const cancel = await call("POST", `/api/v1/runs/${runId}/cancel`);
      expect(cancel).toEqual({ status: 202, body: { runId, status: "cancelling" } });
      expect((await waitForRun(runId)).status).toBe("cancelled");
      const again = await call("POST", `/api/v1/runs/${runId}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("run_finished");
    });
  });
});

describe("events API", () => {
  it("lists a webhook's event, shows it whole beside the app-event endpoint, counts a refusal, and replays it", async () => {
    const created = await call("PUT", "/api/v1/workflows/evented", {
      body: { name: "Evented", trigger: { type: "webhook" }, steps: [step("e")] },
    });
    const hookUrl = `${web.url}${created.body.hookUrl}`;
    const sent = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=secret", "idempotency-key": "k-1" },
      body: JSON.stringify({ order: 7 }),
    });
    const { runId } = (await sent.json()) as { runId: string };
    await waitForRun(runId);
    expect((await fetch(hookUrl, { method: "PUT" })).status).toBe(405);

    // Refusals are written once a second, with the others of that second.
    let listed!: Awaited<ReturnType<typeof call>>;
    await vi.waitFor(
      async () => {
        listed = await call("GET", "/api/v1/events?workflow=evented", { token: viewer });
        expect(listed.body.refusals).toHaveLength(1);
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.refusals).toEqual([
      { reason: "method_not_allowed", count: 1, firstAt: expect.any(String), lastAt: expect.any(String) },
    ]);
    const [event] = listed.body.items;
    expect(event).toMatchObject({
      source: "webhook",
      bodyPreview: '{"order": 7}',
      verification: "none",
      idempotencyKey: "k-1",
      run: { id: runId, status: "succeeded" },
    });
    expect(event.headers["x-hub-signature-256"]).toBe("[redacted]");
    expect((await call("GET", "/api/v1/workflows/evented", { token: viewer })).body.refusals).toHaveLength(1);

    const whole = await call("GET", `/api/v1/events/${event.id}`, { token: viewer });
    expect(whole).toMatchObject({ status: 200, body: { id: event.id, body: { order: 7 } } });
    expect((await call("GET", `/api/v1/events/${event.id}`, { token: stranger })).status).toBe(404);
    // The same segment still takes app-event deliveries; an unknown connector is a 404.
    expect((await call("POST", "/api/v1/events/nonesuch", { token: null, body: {} })).status).toBe(404);

    expect((await call("POST", `/api/v1/events/${event.id}/replay`, { token: viewer })).status).toBe(403);
    const replayed = await call("POST", `/api/v1/events/${event.id}/replay`, { token: editor });
    expect(replayed).toMatchObject({ status: 202, body: { runId: expect.any(String), eventId: expect.any(String) } });
    expect(await waitForRun(replayed.body.runId)).toMatchObject({ status: "succeeded", source: "replay" });
    const replay = await call("GET", `/api/v1/events/${replayed.body.eventId}`, { token: viewer });
    expect(replay.body).toMatchObject({ source: "replay", replayOf: event.id, body: { order: 7 } });
    expect((await call("GET", "/api/v1/events?status=bogus")).body.error.code).toBe("invalid_query");
  });
});

describe("switchyard CLI (the real bin)", () => {
  const bin = path.resolve(import.meta.dirname, "../../../node_modules/.bin/switchyard");
  const cli = (args: string[], token?: string) =>
    promisify(execFile)(process.execPath, [bin, ...args], {
      // Only what the CLI reads: nothing leaks in from the test process.
      env: {
        NODE_ENV: "test",
        SWITCHYARD_URL: web.url,
        DATABASE_URL: t.url,
        ...(token ? { SWITCHYARD_TOKEN: token } : {}),
      },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({
        code: err.code,
        stdout: err.stdout,
        stderr: err.stderr,
      }),
    );

  it("bootstrap → apply -f (YAML) → runs get / list → rerun", async () => {
    const boot = await cli(["bootstrap", "--workspace", "cli-ws", "--email", "ops@example.com"]);
    expect(boot.stderr).toBe("");
    expect(boot.code).toBe(0);
    const token = /sy_[\w-]+/.exec(boot.stdout)![0];
    const ws = await t.db.workspace.findUniqueOrThrow({
      where: { slug: "cli-ws" },
      include: { members: { include: { user: true } }, apiTokens: true },
    });
    expect(ws.members).toMatchObject([{ role: "owner", user: { email: "ops@example.com" } }]);
    expect(ws.apiTokens).toMatchObject([{ role: "admin", userId: ws.members[0]!.userId, tokenHash: hashToken(token) }]);

    const again = await cli(["bootstrap", "--workspace", "cli-ws"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Workspace "cli-ws" already exists');

    const dir = await mkdtemp(path.join(tmpdir(), "switchyard-cli-"));
    const file = path.join(dir, "cli-flow.yaml");
    await writeFile(
      file,
      `name: CLI flow\ntrigger: { type: webhook }\nsteps:\n  - id: one\n    uses: http.request\n    with: { url: "${h.sink.url}/one" }\n`,
    );
    const applied = await cli(["apply", "-f", file], token);
    expect(applied).toMatchObject({ code: 0, stderr: "" });
    expect(applied.stdout).toContain('Created workflow "cli-flow" (version 1)');
    expect(applied.stdout).toMatch(/Webhook URL \(shown only now\): http:\/\/127\.0\.0\.1:\d+\/hooks\//);

    const broken = path.join(dir, "broken.json");
    await writeFile(
      broken,
      JSON.stringify({ name: "Broken", trigger: { type: "webhook" }, steps: [{ id: "x", uses: "nope.nope" }] }),
    );
    const rejected = await cli(["apply", "-f", broken, "--slug", "cli-flow"], token);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain("invalid_definition");
    expect(rejected.stderr).toContain('$.steps[0].uses: unknown operation "nope.nope"');

    const { runId } = (await call("POST", "/api/v1/workflows/cli-flow/runs", { token, body: { input: {} } })).body;
    const got = await cli(["runs", "get", runId, "--wait", "50s"], token);
    expect(got).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(got.stdout)).toMatchObject({
      id: runId,
      workflow: "cli-flow",
      status: "succeeded",
      steps: { one: { status: "succeeded" } },
    });

    const listed = await cli(["runs", "list", "--workflow", "cli-flow"], token);
    expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+cli-flow\\s+1\\s+succeeded\\s+api`));

    const rerun = await cli(["rerun", runId, "--from", "one"], token);
    expect(rerun).toMatchObject({ code: 0, stderr: "" });
    const newId = /Started run (\S+)/.exec(rerun.stdout)![1]!;
    expect(await t.db.run.findUniqueOrThrow({ where: { id: newId } })).toMatchObject({
      rerunOfId: runId,
      fromStep: "one",
      source: "rerun",
    });
    await waitForRun(newId, token);

    const missing = await cli(["runs", "get", "nope"], token);
    expect(missing).toMatchObject({ code: 1, stderr: "error: No run nope in this workspace. (HTTP 404, not_found)\n" });
  });
});
