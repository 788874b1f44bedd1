// `npm run dev` must not open the machine's other services (Temporal UI and
// gRPC, PostgreSQL) to workspaces: only the demo workspace reaches the web
// app's own port. The policy is built from the very env the dev stack gives
// web and worker, and checked without sending any traffic.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  assertPublic,
  connectorRuntimeEnv,
  httpConfigFrom,
  parseEnv,
  SsrfError,
  workspaceEntryProblem,
  type SsrfPolicy,
} from "@switchyard/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoNetworkEnv, ensureDemo } from "./demo";
import { seedWorkflow } from "./seed";
import { useTestDatabase } from "./testing";

const t = useTestDatabase();
const webUrl = "http://127.0.0.1:3000";
const LOCAL_SERVICES = [8233, 7233, 5432, 3001, 80];
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "switchyard-demo-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The SSRF policy web and worker run under in `npm run dev` (see dev.ts). */
const devPolicy = (inherited: Record<string, string> = {}): SsrfPolicy =>
  httpConfigFrom(parseEnv(connectorRuntimeEnv, { ...inherited, ...demoNetworkEnv(inherited, webUrl) })).ssrf!;
const reaches = (policy: SsrfPolicy, workspaceHosts: string[], host: string, port: number) => {
  try {
    assertPublic({ ...policy, workspaceHosts }, host, [{ address: "127.0.0.1" }], port);
    return true;
  } catch (err) {
    if (err instanceof SsrfError) return false;
    throw err;
  }
};

describe("dev stack reach", () => {
  it("sets no operator allowlist, and opens only the web app's port to workspace allowlists", () => {
    expect(demoNetworkEnv({}, webUrl)).not.toHaveProperty("SWITCHYARD_ALLOWED_INTERNAL_HOSTS");
    const policy = devPolicy();
    expect(policy.allowHosts).toEqual([]);
    expect(policy.tenantNetworks).toEqual(["127.0.0.1/32:3000"]);
    // The operator's own networks are kept beside the demo's.
    expect(devPolicy({ SWITCHYARD_TENANT_ALLOWED_NETWORKS: "10.0.0.0/8" }).tenantNetworks).toEqual([
      "10.0.0.0/8",
      "127.0.0.1/32:3000",
    ]);
  });

  it("the demo workspace reaches the web app and nothing else on this machine; other workspaces reach nothing", async () => {
    await ensureDemo(t.db, dataDir, webUrl);
    const { allowedInternalHosts: demo } = await t.db.workspace.findUniqueOrThrow({ where: { slug: "demo" } });
    expect(demo).toEqual(["127.0.0.1:3000"]);
    const other = await seedWorkflow(t.db, {
      name: "x",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    });
    const { allowedInternalHosts: otherHosts } = await t.db.workspace.findUniqueOrThrow({
      where: { id: other.workspaceId },
    });

    const policy = devPolicy();
    expect(reaches(policy, demo, "127.0.0.1", 3000)).toBe(true);
    for (const port of LOCAL_SERVICES) expect(reaches(policy, demo, "127.0.0.1", port)).toBe(false);
    expect(reaches(policy, otherHosts, "127.0.0.1", 3000)).toBe(false);

    // Whatever another workspace's admin lists, in whichever spelling of loopback, the other ports stay shut.
    const greedy = [
      "127.0.0.1",
      "localhost",
      "127.0.0.1:8233",
      "2130706433",
      "0x7f000001:7233",
      "[::ffff:127.0.0.1]:5432",
    ];
    for (const host of ["127.0.0.1", "localhost", "2130706433", "0177.0.0.1", "0x7f000001", "127.1"]) {
      for (const port of LOCAL_SERVICES) expect(reaches(policy, greedy, host, port)).toBe(false);
    }
    expect(workspaceEntryProblem(policy, "127.0.0.1:8233")).toMatch(/not in a network the operator opens/);
    expect(workspaceEntryProblem(policy, "2130706433:5432")).toMatch(/not in a network the operator opens/);
  });

  it("a demo workspace from before keeps its allowlist and gains the web app's port once", async () => {
    await t.db.workspace.update({ where: { slug: "demo" }, data: { allowedInternalHosts: ["erp.internal"] } });
    await ensureDemo(t.db, dataDir, webUrl);
    await ensureDemo(t.db, dataDir, webUrl);
    expect((await t.db.workspace.findUniqueOrThrow({ where: { slug: "demo" } })).allowedInternalHosts).toEqual([
      "erp.internal",
      "127.0.0.1:3000",
    ]);
  });
});
