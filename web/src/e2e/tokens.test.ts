// API tokens through the real Next.js app and the real `switchyard` bin: created with a role (never
// above the creator's), the secret shown once and only its hash stored, listed without secrets,
// revoked (then refused with 401), and the workspace never left without an admin token.
import { generateApiToken, hashToken, type Role } from "@switchyard/db";
import { startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../server/context";
import { createToken } from "../server/services/tokens";
import { runCli } from "./cli";

const t = useTestDatabase();
let web: NextServer;
let workspaceId: string;
let otherWorkspaceId: string;
let admin: string;
let adminId: string;
let editor: string;
let viewer: string;

async function addToken(wsId: string, role: Role, userId?: string) {
  const token = generateApiToken();
  const row = await t.db.apiToken.create({
    data: { workspaceId: wsId, name: `seeded-${role}`, role, tokenHash: hashToken(token), userId },
  });
  return { token, id: row.id };
}

beforeAll(async () => {
  web = await startNextServer({ DATABASE_URL: t.url, TEMPORAL_ADDRESS: "127.0.0.1:1" });
  const user = await t.db.user.create({ data: { email: "ops@tokens.test" } });
  workspaceId = (
    await t.db.workspace.create({
      data: { slug: "tokens", name: "Tokens", members: { create: { userId: user.id, role: "owner" } } },
    })
  ).id;
  otherWorkspaceId = (await t.db.workspace.create({ data: { slug: "others", name: "Others" } })).id;
  ({ token: admin, id: adminId } = await addToken(workspaceId, "admin", user.id));
  editor = (await addToken(workspaceId, "editor")).token;
  viewer = (await addToken(workspaceId, "viewer")).token;
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

async function call(
  method: string,
  path: string,
  { token = admin, body }: { token?: string | null; body?: unknown } = {},
) {
  const res = await fetch(`${web.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("API tokens (REST)", () => {
  it("admin creates a token: its secret once, only its hash stored; it works with its role", async () => {
    const created = await call("POST", "/api/v1/tokens", { body: { name: " ci ", role: "editor" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: "ci",
      prefix: expect.stringMatching(/^sy_[\w-]{4}$/),
      role: "editor",
      token: expect.stringMatching(/^sy_[\w-]{32}$/),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      // Made with a user's token, so it is that user's too.
      user: "ops@tokens.test",
    });
    const { token, id } = created.body;
    expect(token.startsWith(created.body.prefix)).toBe(true);
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ workspaceId, role: "editor", tokenHash: hashToken(token) });
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await call("GET", "/api/v1/connections", { token })).status).toBe(200);
    expect(
      (
        await call("PUT", "/api/v1/workflows/made-by-ci", {
          token,
          body: {
            name: "CI",
            trigger: { type: "webhook" },
            steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
          },
        })
      ).status,
    ).toBe(201);
    // An editor may not administer tokens.
    expect((await call("GET", "/api/v1/tokens", { token })).body.error).toMatchObject({
      code: "forbidden",
      details: { required: "admin", actual: "editor" },
    });
  });

  it("lists newest first with a cursor, never a secret or a hash, and only this workspace's tokens", async () => {
    await addToken(otherWorkspaceId, "admin");
    const all = await call("GET", "/api/v1/tokens");
    expect(all.status).toBe(200);
    expect(all.body.items.map((x: { name: string }) => x.name)).toEqual([
      "ci",
      "seeded-viewer",
      "seeded-editor",
      "seeded-admin",
    ]);
    expect(Object.keys(all.body.items[0]).sort()).toEqual([
      "createdAt",
      "id",
      "lastUsedAt",
      "name",
      "prefix",
      "revokedAt",
      "role",
      "user",
    ]);
    const text = JSON.stringify(all.body);
    for (const secret of [admin, editor, viewer]) expect(text).not.toContain(secret);

    const first = await call("GET", "/api/v1/tokens?limit=3");
    expect(first.body.items).toHaveLength(3);
    const rest = await call("GET", `/api/v1/tokens?limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body).toEqual({ items: [all.body.items[3]], nextCursor: null });
    expect(await call("GET", "/api/v1/tokens?limit=0")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_query", message: "limit: limit must be at least 1" } },
    });
  });

  it("bad input gets a precise 400 and writes nothing; roles below admin get 403, no token 401", async () => {
    const before = await t.db.apiToken.count();
    const bad = await call("POST", "/api/v1/tokens", { body: { name: "", role: "owner" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "invalid_input",
      details: {
        errors: [
          { path: "name", message: "must not be empty" },
          { path: "role", message: "must be viewer, approver, editor or admin" },
        ],
      },
    });
    expect((await call("POST", "/api/v1/tokens", { body: { name: "x" } })).body.error.message).toBe(
      "role: must be viewer, approver, editor or admin",
    );
    expect(
      (await call("POST", "/api/v1/tokens", { body: { name: "x", role: "viewer", secret: "mine" } })).body.error
        .message,
    ).toContain('Unrecognized key: "secret"');
    expect(
      (await call("POST", "/api/v1/tokens", { body: { name: "x".repeat(101), role: "viewer" } })).body.error.message,
    ).toBe("name: must be at most 100 characters");
    expect((await call("POST", "/api/v1/tokens", { body: "{nope" })).body.error.code).toBe("invalid_json");
    expect((await call("POST", "/api/v1/tokens", { token: editor, body: { name: "x", role: "viewer" } })).status).toBe(
      403,
    );
    expect((await call("POST", "/api/v1/tokens", { token: viewer, body: { name: "x", role: "viewer" } })).status).toBe(
      403,
    );
    expect((await call("POST", "/api/v1/tokens", { token: null, body: { name: "x", role: "viewer" } })).status).toBe(
      401,
    );
    expect(await t.db.apiToken.count()).toBe(before);
  });

  it("a token cannot create or revoke a token with a higher role than its own", async () => {
    const s = { db: t.db } as Services;
    const editorRow = await t.db.apiToken.findFirstOrThrow({ where: { workspaceId, name: "seeded-editor" } });
    const higher = await createToken(
      s,
      { workspaceId, tokenId: editorRow.id, role: "editor", member: null },
      { name: "escalate", role: "admin" },
    ).catch((e: unknown) => e);
    expect(higher).toMatchObject({
      status: 403,
      code: "forbidden",
      message: "This token has the editor role, so it cannot create a token with the higher admin role.",
    });
    const same = await createToken(
      s,
      { workspaceId, tokenId: editorRow.id, role: "editor", member: null },
      { name: "peer", role: "editor" },
    );
    expect(same.role).toBe("editor");
    await t.db.apiToken.delete({ where: { id: same.id } });

    const owner = await addToken(workspaceId, "owner");
    expect((await call("DELETE", `/api/v1/tokens/${owner.id}`)).body.error.message).toBe(
      "This token has the admin role, so it cannot revoke a token with the higher owner role.",
    );
    await t.db.apiToken.delete({ where: { id: owner.id } });
  });

  it("DELETE revokes: the token then gets 401; again changes nothing; another workspace's token is 404", async () => {
    const { token, id } = (await call("POST", "/api/v1/tokens", { body: { name: "short-lived", role: "viewer" } }))
      .body;
    expect((await call("GET", "/api/v1/workspace", { token })).status).toBe(200);
    const revoked = await call("DELETE", `/api/v1/tokens/${id}`);
    expect(revoked).toMatchObject({ status: 200, body: { id, name: "short-lived", revokedAt: expect.any(String) } });
    expect(revoked.body.token).toBeUndefined();
    expect(await call("GET", "/api/v1/workspace", { token })).toMatchObject({
      status: 401,
      body: { error: { code: "unauthenticated" } },
    });
    expect((await call("DELETE", `/api/v1/tokens/${id}`)).body.revokedAt).toBe(revoked.body.revokedAt);

    const theirs = await addToken(otherWorkspaceId, "viewer");
    expect((await call("DELETE", `/api/v1/tokens/${theirs.id}`)).status).toBe(404);
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
    expect((await call("DELETE", "/api/v1/tokens/nope")).status).toBe(404);
  });

  it("the workspace's last active admin token cannot be revoked", async () => {
    const last = await call("DELETE", `/api/v1/tokens/${adminId}`);
    expect(last).toMatchObject({ status: 409, body: { error: { code: "last_admin_token" } } });
    const second = (await call("POST", "/api/v1/tokens", { body: { name: "second-admin", role: "admin" } })).body;
    // Each revoking itself at the same moment: one of the two must stay.
    const both = await Promise.all([
      call("DELETE", `/api/v1/tokens/${adminId}`),
      call("DELETE", `/api/v1/tokens/${second.id}`, { token: second.token }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.db.apiToken.count({ where: { workspaceId, role: "admin", revokedAt: null } })).toBe(1);
  });
});

describe("switchyard tokens (the real bin)", () => {
  let token: string;
  beforeAll(async () => {
    token = (
      await call("POST", "/api/v1/tokens", {
        token: (await addToken(workspaceId, "admin")).token,
        body: { name: "cli-admin", role: "admin" },
      })
    ).body.token;
  });
  const cli = (args: string[], as = token) => runCli({ SWITCHYARD_URL: web.url, SWITCHYARD_TOKEN: as }, args);

  it("tokens create → list → revoke", async () => {
    const created = await cli(["tokens", "create", "--role", "viewer", "--name", "grafana"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(
      /^Created viewer token "grafana" \(id \w+\)\. Its secret, shown only now \(only its hash is stored\):\n {2}sy_[\w-]{32}\n$/,
    );
    const secret = /sy_[\w-]+/.exec(created.stdout)![0];
    const id = /\(id (\w+)\)/.exec(created.stdout)![1]!;

    const listed = await cli(["tokens", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^TOKEN\s+NAME\s+ROLE\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+grafana\\s+viewer\\s+\\S+\\s+-\\s+-`));
    expect(listed.stdout).not.toContain("sy_");
    expect(JSON.parse((await cli(["tokens", "list", "--limit", "1", "--json"])).stdout)).toMatchObject({
      items: [{ id, name: "grafana" }],
      nextCursor: expect.any(String),
    });

    const revoked = await cli(["tokens", "revoke", id]);
    expect(revoked).toMatchObject({ code: 0, stderr: "" });
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked token ${id} \\("grafana", viewer\\) at \\d{4}-`));
    expect(await cli(["runs", "list"], secret)).toMatchObject({
      code: 1,
      stderr: "error: Unknown or revoked API token. (HTTP 401, unauthenticated)\n",
    });
  });

  it("refusals: a bad role (the API's precise message), missing options, an unknown token id", async () => {
    expect(await cli(["tokens", "create", "--role", "owner", "--name", "x"])).toMatchObject({
      code: 1,
      stderr:
        "error: role: must be viewer, approver, editor or admin (HTTP 400, invalid_input)\n  role: must be viewer, approver, editor or admin\n",
    });
    const missing = await cli(["tokens", "create", "--name", "x"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("tokens create needs --name <name> and --role <viewer|approver|editor|admin>");
    expect(await cli(["tokens", "revoke", "nope"])).toMatchObject({
      code: 1,
      stderr: "error: No API token nope in this workspace. (HTTP 404, not_found)\n",
    });
    expect((await cli(["tokens", "frobnicate"])).stderr).toContain('Unknown command "tokens frobnicate"');
  });
});
