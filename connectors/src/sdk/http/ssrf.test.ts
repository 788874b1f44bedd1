// The guard's address rules, the operator's tenant networks and port-scoped
// allowlists. Names resolve through a stubbed resolver that only ever answers
// loopback (or an address the guard must refuse before connecting), so no
// traffic leaves this machine.
import dns from "node:dns";
import { startSink, type Sink } from "@switchyard/devstack";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../env";
import { connectorRuntimeEnv, httpConfigFrom } from "../runtime-config";
import { createHttpClient } from "./client";
import {
  assertPublic,
  blockedReason,
  normalizeHost,
  parseHostEntry,
  SsrfError,
  workspaceEntryProblem,
  type SsrfPolicy,
} from "./ssrf";

let sink: Sink;
let port: number;
beforeAll(async () => {
  sink = await startSink();
  port = Number(new URL(sink.url).port);
});
afterAll(() => sink?.close());
afterEach(() => vi.restoreAllMocks());

/** Answers `name` with `address` and leaves every other name to the real resolver. */
function resolveAs(name: string, address: string) {
  const real = dns.lookup.bind(dns);
  vi.spyOn(dns, "lookup").mockImplementation(((host: string, options: object, callback: (...a: unknown[]) => void) => {
    if (host !== name) return real(host, options as never, callback as never);
    const family = address.includes(":") ? 6 : 4;
    callback(null, (options as { all?: boolean }).all ? [{ address, family }] : address, family);
  }) as never);
}

const check = (policy: SsrfPolicy, host: string, address: string, p?: number) => () =>
  assertPublic(policy, host, [{ address }], p);

describe("IPv6 forms that carry an IPv4 address", () => {
  it.each([
    "::127.0.0.1",
    "::7f00:1",
    "::10.0.0.1",
    "::ffff:0:127.0.0.1",
    "::ffff:0:7f00:1",
    "::ffff:0:a9fe:a9fe",
    "::ffff:0:10.1.2.3",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:a00:1::1",
    "2002:c0a8:101::",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "64:ff9b:1::a00:1",
  ])("refuses %s", (ip) => expect(blockedReason(ip)).toMatch(/private, loopback, link-local or reserved/));

  it.each(["64:ff9b::8.8.8.8", "::ffff:0:8.8.8.8", "2606:4700:4700::1111"])("lets public %s through", (ip) =>
    expect(blockedReason(ip)).toBeUndefined(),
  );

  it("refuses them as URL literals before connecting, as the URL parser rewrites them", async () => {
    const c = createHttpClient({ ssrf: { enabled: true, allowHosts: [] }, maxRetries: 0 });
    for (const host of ["[::127.0.0.1]", "[::ffff:0:127.0.0.1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]"]) {
      await expect(c.request({ url: `http://${host}:${port}/embedded` })).rejects.toThrow(SsrfError);
    }
    expect(sink.calls("/embedded")).toHaveLength(0);
    await c.close();
  });

  it("are compared with allowlists and networks as their IPv4 address", () => {
    const policy = { enabled: true, allowHosts: [], workspaceHosts: ["10.1.2.3"], tenantNetworks: ["10.0.0.0/8"] };
    expect(check(policy, "::ffff:a01:203", "::ffff:a01:203")).not.toThrow();
    expect(check(policy, "::ffff:0:10.1.2.3", "::ffff:0:10.1.2.3")).not.toThrow();
    expect(check({ ...policy, tenantNetworks: [] }, "::ffff:a01:203", "::ffff:a01:203")).toThrow(SsrfError);
  });
});

describe("numeric IPv4 forms", () => {
  const forms = ["2130706433", "0177.0.0.1", "0x7f000001", "127.1", "0x7f.1", "[::ffff:127.0.0.1]"];

  it.each(forms)("%s is 127.0.0.1 to the guard", (form) => {
    expect(normalizeHost(form)).toBe("127.0.0.1");
    expect(parseHostEntry(`${form}:3000`)).toEqual({ host: "127.0.0.1", port: 3000 });
  });

  it("open nothing 127.0.0.1 does not, and only on the port allowed", () => {
    const policy = {
      enabled: true,
      allowHosts: [],
      workspaceHosts: ["127.0.0.1:3000"],
      tenantNetworks: ["127.0.0.1/32:3000"],
    };
    for (const form of forms) {
      expect(check(policy, form, "127.0.0.1", 3000)).not.toThrow();
      expect(check(policy, form, "127.0.0.1", 8233)).toThrow(SsrfError);
      expect(check({ ...policy, workspaceHosts: [] }, form, "127.0.0.1", 3000)).toThrow(SsrfError);
    }
    // A workspace that lists a numeric form lists 127.0.0.1, nothing more.
    expect(check({ ...policy, workspaceHosts: ["2130706433"] }, "127.0.0.1", "127.0.0.1", 8233)).toThrow(SsrfError);
  });

  it("resolveHost checks the address the resolver reads them as", async () => {
    const guarded = createHttpClient({ ssrf: { enabled: true, allowHosts: [] } });
    const allowing = createHttpClient({ ssrf: { enabled: true, allowHosts: ["127.0.0.1:5432"] } });
    for (const form of forms) {
      await expect(guarded.resolveHost(form, 5432)).rejects.toThrow(SsrfError);
      await expect(allowing.resolveHost(form, 5432)).resolves.toBe("127.0.0.1");
      await expect(allowing.resolveHost(form, 8233)).rejects.toThrow(SsrfError);
    }
    await Promise.all([guarded.close(), allowing.close()]);
  });
});

describe("operator networks for workspace allowlists", () => {
  const ws = (tenantNetworks: string[]): SsrfPolicy => ({
    enabled: true,
    allowHosts: [],
    workspaceHosts: ["erp.internal"],
    tenantNetworks,
  });

  it("opens nothing by default: a workspace cannot reach the platform's private networks", () => {
    for (const address of ["10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "fd12::1"])
      expect(check(ws([]), "erp.internal", address)).toThrow(SsrfError);
  });

  it("opens exactly the networks listed", () => {
    const policy = ws(["10.20.0.0/16", "fd12::/16"]);
    expect(check(policy, "erp.internal", "10.20.3.4")).not.toThrow();
    expect(check(policy, "ERP.internal", "fd12::1")).not.toThrow();
    expect(check(policy, "erp.internal", "10.21.0.1")).toThrow(SsrfError);
    expect(check(policy, "erp.internal", "172.16.0.1")).toThrow(
      /allowed hosts may reach private networks only, and only those the operator opens/,
    );
    expect(check(policy, "other.internal", "10.20.3.4")).toThrow(SsrfError);
    expect(check(policy, "erp.internal", "8.8.8.8")).not.toThrow();
  });

  it("never opens loopback, link-local or metadata through a network that merely covers them", () => {
    const wide = ws(["0.0.0.0/0", "::/0", "169.254.0.0/16", "fd00::/8", "100.64.0.0/10"]);
    for (const address of [
      "127.0.0.1",
      "0.0.0.0",
      "169.254.169.254",
      "169.254.170.2",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "100.100.100.200",
      "::ffff:127.0.0.1",
    ]) {
      expect(check(wide, "erp.internal", address)).toThrow(SsrfError);
    }
    expect(check(wide, "erp.internal", "169.254.1.1")).not.toThrow();
    expect(check(wide, "erp.internal", "10.0.0.1")).not.toThrow();
    // Only when the operator names them.
    expect(check(ws(["169.254.169.254/32"]), "erp.internal", "169.254.169.254")).not.toThrow();
    expect(check(ws(["127.0.0.1/32:3000"]), "erp.internal", "127.0.0.1", 3000)).not.toThrow();
    expect(check(ws(["127.0.0.1/32:3000"]), "erp.internal", "127.0.0.1", 8233)).toThrow(SsrfError);
    expect(check(ws(["127.0.0.1/32:3000"]), "erp.internal", "127.0.0.1")).toThrow(SsrfError);
  });

  it("checks the address a name resolves to at connect time (DNS rebinding), on the port connected to", async () => {
    const c = createHttpClient({
      ssrf: { enabled: true, allowHosts: [], tenantNetworks: [`127.0.0.1/32:${port}`] },
      maxRetries: 0,
    }).withAllowedHosts(["erp.internal"]);
    resolveAs("erp.internal", "127.0.0.1");
    expect((await c.request({ url: `http://erp.internal:${port}/erp` })).status).toBe(200);
    await expect(c.request({ url: `http://erp.internal:${port + 1}/erp` })).rejects.toThrow(
      /refused to connect to erp\.internal/,
    );
    await c.close();

    // The name now answers the metadata address (a fresh pool, so no socket from before is reused).
    const again = createHttpClient({
      ssrf: { enabled: true, allowHosts: [], tenantNetworks: [`127.0.0.1/32:${port}`, "10.0.0.0/8"] },
      maxRetries: 0,
    }).withAllowedHosts(["erp.internal"]);
    resolveAs("erp.internal", "169.254.169.254");
    await expect(again.request({ url: `http://erp.internal:${port}/erp` })).rejects.toThrow(
      /refused to connect to erp\.internal: 169\.254\.169\.254/,
    );
    resolveAs("erp.internal", "172.16.0.9");
    await expect(again.request({ url: `http://erp.internal:${port}/erp` })).rejects.toThrow(SsrfError);
    expect(sink.calls("/erp")).toHaveLength(1);
    await again.close();
  });

  it("port-scoped workspace entries open that port only", () => {
    const policy = {
      enabled: true,
      allowHosts: [],
      workspaceHosts: ["erp.internal:8443"],
      tenantNetworks: ["10.0.0.0/8"],
    };
    expect(check(policy, "erp.internal", "10.0.0.5", 8443)).not.toThrow();
    expect(check(policy, "erp.internal", "10.0.0.5", 22)).toThrow(SsrfError);
    expect(check(policy, "erp.internal", "10.0.0.5")).toThrow(SsrfError);
  });

  it("explains at save time why an IP literal can never be reached", () => {
    const policy = { enabled: true, allowHosts: [], tenantNetworks: ["10.0.0.0/8", "127.0.0.1/32:3000"] };
    expect(workspaceEntryProblem({ ...policy, tenantNetworks: [] }, "10.0.0.7")).toMatch(
      /10\.0\.0\.7 is not in a network the operator opens to workspaces/,
    );
    expect(workspaceEntryProblem(policy, "10.0.0.7")).toBeUndefined();
    expect(workspaceEntryProblem(policy, "[::ffff:10.0.0.7]:443")).toBeUndefined();
    expect(workspaceEntryProblem(policy, "192.168.0.7")).toMatch(/not in a network/);
    expect(workspaceEntryProblem(policy, "127.0.0.1:3000")).toBeUndefined();
    expect(workspaceEntryProblem(policy, "2130706433:8233")).toMatch(/^127\.0\.0\.1:8233 is not in a network/);
    expect(workspaceEntryProblem(policy, "169.254.169.254")).toMatch(/not in a network/);
    expect(workspaceEntryProblem(policy, "erp.internal")).toBeUndefined();
    expect(workspaceEntryProblem(policy, "8.8.8.8")).toBeUndefined();
    expect(workspaceEntryProblem(policy, "https://erp.internal")).toMatch(/must be a host name/);
    expect(workspaceEntryProblem(policy, "*.internal")).toMatch(/must be a host name/);
  });

  it("is read from SWITCHYARD_TENANT_ALLOWED_NETWORKS (empty by default) into the client config", () => {
    const read = (vars: Record<string, string>) => httpConfigFrom(parseEnv(connectorRuntimeEnv, vars)).ssrf;
    expect(read({})).toMatchObject({ enabled: true, allowHosts: [], tenantNetworks: [] });
    expect(read({ SWITCHYARD_TENANT_ALLOWED_NETWORKS: " 10.0.0.0/8, fd12::/16:443 " })?.tenantNetworks).toEqual([
      "10.0.0.0/8",
      "fd12::/16:443",
    ]);
    expect(() => read({ SWITCHYARD_TENANT_ALLOWED_NETWORKS: "10.0.0.0" })).toThrow(
      /SWITCHYARD_TENANT_ALLOWED_NETWORKS: "10\.0\.0\.0" is not a network/,
    );
    expect(() => read({ SWITCHYARD_TENANT_ALLOWED_NETWORKS: "10.0.0.0/33" })).toThrow(/prefix \/33/);
    expect(() => read({ SWITCHYARD_ALLOWED_INTERNAL_HOSTS: "https://erp.internal" })).toThrow(
      /SWITCHYARD_ALLOWED_INTERNAL_HOSTS/,
    );
  });
});
