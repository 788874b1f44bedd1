// A manual trigger's input schema through real processes: the Next.js server's REST API and the
// `switchyard` CLI, on PostgreSQL. No Temporal: accepted runs wait in the outbox, as stored.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedWorkflow, startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNUP_INPUT_SCHEMA } from "../server/services/workflow-test-kit";
import { runCli } from "./cli";

const t = useTestDatabase();
let web: NextServer;
let token: string;
let workspaceId: string;

const flow = (input: unknown) => ({
  name: "Signup",
  trigger: { type: "manual", input },
  steps: [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.body }}" } }],
});

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${web.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
const stored = () =>
  Promise.all([t.db.run.count({ where: { workspaceId } }), t.db.event.count({ where: { workspaceId } })]);

beforeAll(async () => {
  web = await startNextServer({ DATABASE_URL: t.url, TEMPORAL_ADDRESS: "127.0.0.1:1" });
  ({ apiToken: token, workspaceId } = await seedWorkflow(t.db, flow(undefined), "seeded"));
}, 600_000);

afterAll(async () => {
  await web?.stop();
});

describe("a manual trigger's input over HTTP", () => {
  it("refuses an invalid schema at save, naming its path", async () => {
    const bad = await call(
      "PUT",
      "/api/v1/workflows/signup",
      flow({ type: "object", properties: { a: { type: "strng" } } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "invalid_definition",
      details: { errors: [{ path: "$.trigger.input.properties.a.type", message: expect.any(String) }] },
    });
    expect((await call("PUT", "/api/v1/workflows/signup", flow(SIGNUP_INPUT_SCHEMA))).status).toBe(201);
  });

  it("answers 400 naming each bad field and stores nothing; a valid input runs with the schema's defaults", async () => {
    const before = await stored();
    const refused = await call("POST", "/api/v1/workflows/signup/runs", {
      input: { email: "nope", seats: 0, code: `${"a".repeat(40)}!` },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("invalid_input");
    expect(refused.body.error.message).toContain('/email must match format "email"');
    expect(refused.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { path: "/email", message: 'must match format "email"', keyword: "format" },
        { path: "/seats", message: "must be >= 1", keyword: "minimum" },
        { path: "/code", message: 'must match pattern "^(a+)+$"', keyword: "pattern" },
      ]),
    );
    expect(await stored()).toEqual(before);

    const accepted = await call("POST", "/api/v1/workflows/signup/runs", { input: { email: "ana@example.com" } });
    expect(accepted.status).toBe(202);
    const run = await t.db.run.findUniqueOrThrow({
      where: { id: accepted.body.runId },
      select: { source: true, event: { select: { payload: true } } },
    });
    expect(run).toEqual({ source: "api", event: { payload: { body: { email: "ana@example.com", seats: 1 } } } });
  });

  it("the CLI's run prints each bad field, and starts a run with a good input", async () => {
    const env = { SWITCHYARD_URL: web.url, SWITCHYARD_TOKEN: token };
    const refused = await runCli(env, ["run", "signup", "--input", '{"seats": 2}']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("invalid_input");
    expect(refused.stderr).toContain("/email: is required");

    const dir = await mkdtemp(path.join(tmpdir(), "switchyard-input-"));
    const file = path.join(dir, "input.json");
    await writeFile(file, JSON.stringify({ email: "bo@example.com" }));
    const started = await runCli(env, ["run", "signup", "--input-file", file]);
    expect(started).toMatchObject({ code: 0, stderr: "" });
    expect(started.stdout).toMatch(/^Started run \S+ of "signup"\.\n$/);
  });
});
