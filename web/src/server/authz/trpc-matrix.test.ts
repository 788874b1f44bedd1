// The refusal matrix for tRPC, generated from the router: every procedure declares its scope, and
// every workspace procedure refuses a member of another workspace (404), each role below its
// minimum (403) and an anonymous caller (401), by session and by token, whatever the input.
import type { Role } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hasRole } from "~/lib/roles";
import type { authenticateApiToken } from "../auth/api-token";
import type { sessionCaller } from "../auth/session-caller";
import type { Services } from "../context";
import type { ProcedureMeta, TrpcContext } from "../trpc/init";
import type { appRouter } from "../trpc/root";
import { rolesBelow, seedMatrixWorld, type MatrixWorld } from "./matrix-fixtures";

// Next's guard against importing server modules into client bundles; this test is the server.
vi.mock("server-only", () => ({}));

/** Procedures anyone may call, each with the reason. A new public procedure must be added here on purpose. */
const PUBLIC_PROCEDURES: Record<string, string> = {};

/** Plausible inputs that name nothing the caller may see: a refusal must not depend on which one is sent. */
const INPUTS: unknown[] = [undefined, { slug: "matrix", id: "arbitrary", runId: "arbitrary", limit: 10 }];

const t = useTestDatabase();
let world: MatrixWorld;
let router: typeof appRouter;
let auth: { session: typeof sessionCaller; token: typeof authenticateApiToken };
let services: Services;

beforeAll(async () => {
  // The server's modules read their environment when first imported.
  vi.stubEnv("DATABASE_URL", t.url);
  const [context, session, token, root] = await Promise.all([
    import("../context"),
    import("../auth/session-caller"),
    import("../auth/api-token"),
    import("../trpc/root"),
  ]);
  router = root.appRouter;
  auth = { session: session.sessionCaller, token: token.authenticateApiToken };
  services = { ...context.services(), db: t.db };
  world = await seedMatrixWorld(t.db);
});

type Caller = { session: string | null; workspace?: string } | { token: string };

/** A context resolving the caller as the tRPC route does: a bearer token, else the signed-in person. */
function contextFor(caller: Caller): TrpcContext {
  if ("token" in caller)
    return {
      services,
      authenticate: () => auth.token(t.db, `Bearer ${caller.token}`),
      signedInUserId: async () => null,
    };
  return {
    services,
    authenticate: () =>
      caller.session ? auth.session(t.db, caller.session, caller.workspace ?? null) : auth.token(t.db, null),
    signedInUserId: async () => caller.session,
  };
}

/** The error a call ends with (code and message), or "ok". */
async function outcome(path: string, caller: Caller, input: unknown): Promise<{ code: string; message?: string }> {
  const procedures = router.createCaller(contextFor(caller)) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<any>((node, key) => node[key], procedures) as (input: unknown) => Promise<unknown>;
  try {
    await fn(input);
    return { code: "ok" };
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
}

const procedures = () =>
  Object.entries(router._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>).map(
    ([path, procedure]) => ({ path, meta: procedure._def.meta }),
  );

describe("tRPC refusal matrix", () => {
  it("gives every procedure a scope, and only allowlisted ones are public", () => {
    const all = procedures();
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((p) => !p.meta).map((p) => p.path)).toEqual([]);
    const publics = all.filter((p) => p.meta?.scope === "public").map((p) => p.path);
    expect(publics.sort()).toEqual(Object.keys(PUBLIC_PROCEDURES).sort());
  });

  it("refuses a signed-out caller every user procedure (401)", async () => {
    for (const { path } of procedures().filter((p) => p.meta?.scope === "user"))
      for (const input of INPUTS)
        expect({ path, ...(await outcome(path, { session: null }, input)) }).toMatchObject({
          path,
          code: "UNAUTHORIZED",
        });
  });

  it("refuses every workspace procedure to strangers, to anonymous callers and to each role below its minimum", async () => {
    const workspaceProcedures = procedures().flatMap((p) =>
      p.meta?.scope === "workspace" ? [{ path: p.path, minimum: p.meta.minimum }] : [],
    );
    expect(workspaceProcedures.length).toBeGreaterThan(0);
    for (const { path, minimum } of workspaceProcedures) await expectRefusals(path, minimum);
  });
});

async function expectRefusals(path: string, minimum: Role) {
  const home = world.home.slug;
  for (const input of INPUTS) {
    const stranger = await outcome(path, { session: world.stranger.userId, workspace: home }, input);
    expect({ path, ...stranger }).toMatchObject({ path, code: "NOT_FOUND", message: `No workspace ${home}.` });
    expect({ path, ...(await outcome(path, { session: null }, input)) }).toMatchObject({ code: "UNAUTHORIZED" });
    for (const role of rolesBelow(minimum, hasRole)) {
      const member = world.members[role];
      const bySession = await outcome(path, { session: member.userId, workspace: home }, input);
      const byToken = await outcome(path, { token: member.token }, input);
      expect({ path, role, ...bySession }).toMatchObject({ path, role, code: "FORBIDDEN" });
      expect({ path, role, ...byToken }).toMatchObject({ path, role, code: "FORBIDDEN" });
    }
  }
  // The control: the minimum role gets past the check (an absent input then fails validation, or the call runs).
  const allowed = await outcome(path, { session: world.members[minimum].userId, workspace: home }, undefined);
  expect({ path, ...allowed }).not.toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|UNAUTHORIZED)$/) });
  expect(allowed.message ?? "").not.toBe(`No workspace ${home}.`);
}
