// The refusal matrix for REST, generated from the filesystem: every route.ts under /api/v1 is
// imported, and every method handler either carries its minimum role (apiRoute) or is on the
// public list with its reason. Each is called anonymously (401), with a token of each role below
// its minimum (403), and with another workspace's token on this workspace's things (404).
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Role } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hasRole } from "~/lib/roles";
import { rolesBelow, seedMatrixWorld, type MatrixWorld } from "./matrix-fixtures";

// Next's guard against importing server modules into client bundles; this test is the server.
vi.mock("server-only", () => ({}));
// No Next request here to read cookies from: an anonymous caller is a browser without a session cookie.
vi.mock("next-auth", async (original) => ({
  ...(await original<object>()),
  getServerSession: async () => null,
}));

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Handlers anyone may call, by "<route> <METHOD>", with the reason. A new one must be added here on purpose. */
const PUBLIC_ROUTES: Record<string, string> = {
  "events/[id] POST":
    "app-event deliveries (the segment names a connector): each connector verifies the provider's signature",
  "oauth/begin GET": "the OAuth consent page: the signed attempt id in the URL is the credential",
  "oauth/begin POST": "confirms the signed attempt above",
  "oauth/callback GET": "the provider's redirect: checked against the signed `state`",
  "schema/workflow GET": "the workflow JSON Schema, for editors: nothing of any workspace",
};

/** Handlers whose path names no workspace's thing, so another workspace's token acts on its own (as it may). */
const OWN_WORKSPACE_ONLY: Record<string, string> = {
  "workflows/[slug] PUT": "an upsert: the slug is created in the caller's own workspace",
  "connectors/[slug] GET": "the connector catalogue, the same for every workspace",
  "connections/oauth/[connector]/start POST": "names a connector from the catalogue",
};

type Handler = ((request: Request, context: { params: Promise<object> }) => Promise<Response>) & { minimum?: Role };
interface Endpoint {
  route: string;
  method: string;
  handler: Handler;
}

async function routeFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() && e.name !== "_lib"
        ? routeFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
        : Promise.resolve(e.name === "route.ts" ? [prefix.replace(/\/$/, "")] : []),
    ),
  );
  return nested.flat();
}

const t = useTestDatabase();
let world: MatrixWorld;
let endpoints: Endpoint[];

beforeAll(async () => {
  // The routes' modules read their environment when first imported.
  vi.stubEnv("DATABASE_URL", t.url);
  world = await seedMatrixWorld(t.db);
  const routes = await routeFiles(API_DIR);
  endpoints = (
    await Promise.all(
      routes.map(async (route) => {
        const mod = (await import(path.join(API_DIR, route, "route.ts"))) as Record<string, unknown>;
        return METHODS.filter((m) => typeof mod[m] === "function").map((method) => ({
          route,
          method,
          handler: mod[method] as Handler,
        }));
      }),
    )
  ).flat();
});

/** Path parameters naming `home`'s things (or `missing` for the control call). */
function paramsFor(route: string, thing: (kind: keyof MatrixWorld["resources"]) => string): Record<string, string> {
  const params: Record<string, string> = {};
  const segments = route.split("/");
  segments.forEach((segment, i) => {
    const name = /^\[(\w+)\]$/.exec(segment)?.[1];
    if (!name) return;
    const parent = segments[i - 1];
    if (name === "runId") params[name] = thing("run");
    else if (name === "slug") params[name] = parent === "workflows" ? thing("workflow") : "http";
    else if (name === "connector") params[name] = "http";
    else if (name === "stepId") params[name] = "a";
    else if (parent === "events") params[name] = thing("event");
    else if (parent === "approvals") params[name] = thing("approval");
    else if (parent === "connections") params[name] = thing("connection");
    else if (parent === "tokens") params[name] = thing("token");
    else throw new Error(`no value for the parameter ${name} of ${route}: teach paramsFor`);
  });
  return params;
}

async function answer(e: Endpoint, token: string | null, params: Record<string, string>) {
  const request = new Request(`http://127.0.0.1/api/v1/${e.route}`, {
    method: e.method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const response = await e.handler(request, { params: Promise.resolve(params) });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: response.status, code: body?.error?.code };
}

const call = async (e: Endpoint, token: string | null, params: Record<string, string>) =>
  (await answer(e, token, params)).status;

const key = (e: Endpoint) => `${e.route} ${e.method}`;

describe("REST refusal matrix", () => {
  it("finds every route, and each handler has a minimum role unless it is on the public list", () => {
    expect(endpoints.length).toBeGreaterThan(20);
    const unguarded = endpoints.filter((e) => !e.handler.minimum).map(key);
    expect(unguarded.sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  it("refuses anonymous callers and each role below the minimum, whatever the route", async () => {
    for (const e of endpoints.filter((x) => x.handler.minimum)) {
      const minimum = e.handler.minimum!;
      const params = paramsFor(e.route, (kind) => world.resources[kind]);
      expect({ at: key(e), status: await call(e, null, params) }).toEqual({ at: key(e), status: 401 });
      for (const role of rolesBelow(minimum, hasRole))
        expect({ at: key(e), role, status: await call(e, world.members[role].token, params) }).toEqual({
          at: key(e),
          role,
          status: 403,
        });
      // The control: the minimum role passes the check (on missing things, so nothing changes).
      const allowed = await call(
        e,
        world.members[minimum].token,
        paramsFor(e.route, () => "missing"),
      );
      expect({ at: key(e), allowed }).not.toEqual({
        at: key(e),
        allowed: expect.toSatisfy((s) => s === 401 || s === 403),
      });
    }
  });

  // Another workspace's token acts in its own workspace, where this one's things do not exist: the answer
  // must be the one for a thing that exists nowhere (404, or a 400 about the body, which names no thing).
  it("answers another workspace's owner as if this workspace's things did not exist", async () => {
    const named = endpoints.filter(
      (e) => e.handler.minimum && e.route.includes("[") && !(key(e) in OWN_WORKSPACE_ONLY),
    );
    expect(named.length).toBeGreaterThan(10);
    for (const e of named) {
      const theirs = await answer(
        e,
        world.stranger.token,
        paramsFor(e.route, (kind) => world.resources[kind]),
      );
      const nowhere = await answer(
        e,
        world.stranger.token,
        paramsFor(e.route, () => "missing"),
      );
      expect({ at: key(e), ...theirs }).toEqual({ at: key(e), ...nowhere });
      expect({ at: key(e), status: theirs.status }).toEqual({
        at: key(e),
        status: expect.toSatisfy((s) => s === 404 || s === 400),
      });
    }
  });
});
