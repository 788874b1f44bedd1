// A workspace's allowlist at save time: IP literals the operator's tenant
// networks do not open are refused with a 400 (nothing written); names wait for
// the connect-time check, where they resolve.
import { createHttpClient } from "@switchyard/connectors";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { parseInput } from "./pagination";
import { updateWorkspaceSettings, workspaceSettingsInput } from "./workspace";

const t = useTestDatabase();
const http = createHttpClient({
  ssrf: { enabled: true, allowHosts: [], tenantNetworks: ["10.20.0.0/16", "127.0.0.1/32:3000"] },
});
let s: Services;
let caller: ApiCaller;
beforeAll(async () => {
  s = { db: t.db, http } as unknown as Services;
  const workspaceId = (await t.db.workspace.create({ data: { slug: "allowlist", name: "Allowlist" } })).id;
  caller = { workspaceId, tokenId: null, role: "admin", member: null };
});
afterAll(() => http.close());

const patch = (allowedInternalHosts: string[]) =>
  updateWorkspaceSettings(s, caller, parseInput(workspaceSettingsInput, { allowedInternalHosts }, "invalid_input"));

describe("workspace allowlist", () => {
  it("refuses IP literals outside the operator's tenant networks, naming each, and writes nothing", async () => {
    const err = (await patch(["erp.internal", "10.9.0.1", "172.16.0.5", "169.254.169.254", "2130706433:8233"]).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "invalid_input" });
    expect((err.details as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "allowedInternalHosts.1",
      "allowedInternalHosts.2",
      "allowedInternalHosts.3",
      "allowedInternalHosts.4",
    ]);
    expect(err.message).toContain(
      "allowedInternalHosts.4: 127.0.0.1:8233 is not in a network the operator opens to workspaces",
    );
    expect(
      (await t.db.workspace.findUniqueOrThrow({ where: { id: caller.workspaceId } })).allowedInternalHosts,
    ).toEqual([]);
  });

  it("stores entries inside them, with ports and in canonical form", async () => {
    const saved = await patch([
      "ERP.internal:8443",
      "10.20.0.7",
      "[::ffff:10.20.0.8]:443",
      "0x7f000001:3000",
      "erp.internal:8443",
    ]);
    expect(saved.allowedInternalHosts).toEqual(["erp.internal:8443", "10.20.0.7", "10.20.0.8:443", "127.0.0.1:3000"]);
    // The refused save above wrote no entry; this one writes one with what was stored.
    expect(await t.db.auditEntry.findMany({ where: { workspaceId: caller.workspaceId } })).toMatchObject([
      { action: "workspace.settings", details: { allowedInternalHosts: saved.allowedInternalHosts } },
    ]);
  });

  it("still refuses schemes, paths and wildcards as malformed", () => {
    for (const bad of [
      "https://erp.internal",
      "erp.internal/x",
      "*.internal",
      "erp.internal:99999",
      "[erp.internal]:80",
    ]) {
      expect(() => parseInput(workspaceSettingsInput, { allowedInternalHosts: [bad] }, "invalid_input")).toThrow(
        /must be a host name/,
      );
    }
  });
});
