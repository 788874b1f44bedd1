import { BlockList, isIP } from "node:net";

type Family = "ipv4" | "ipv6";

const subnets = (list: readonly (readonly [string, number])[]) => {
  const b = new BlockList();
  for (const [net, prefix] of list) b.addSubnet(net, prefix, isIP(net) === 6 ? "ipv6" : "ipv4");
  return b;
};

// Addresses a connector must never reach on a user's behalf: loopback, private,
// link-local (incl. cloud metadata 169.254.169.254), CGNAT, ULA (fd00::/8 incl.
// fd00:ec2::254), multicast, and reserved/documentation ranges. IPv6 forms that
// carry an IPv4 address are checked as that address (see canonicalAddress).
const blocked = subnets([
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
  // Tunnels whose IPv4 endpoint is not at a fixed place we could check: 6to4,
  // Teredo (server and obfuscated client), local-use NAT64 (any prefix length).
  ["2002::", 16],
  ["2001::", 32],
  ["64:ff9b:1::", 48],
]);

/** The eight 16-bit groups of an address isIP() accepted as IPv6. */
function ipv6Groups(ip: string): number[] {
  let text = ip.replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const [head = "", tail] = text.split("::");
  if (tail === undefined) return groups(head);
  const [h, t] = [groups(head), groups(tail)];
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}

interface Address {
  address: string;
  family: Family;
}

/**
 * The address a connection really reaches. IPv6 forms that carry an IPv4
 * address (mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96, compatible ::/96,
 * well-known NAT64 64:ff9b::/96) become that IPv4 address, so every rule and
 * allowlist applies to them exactly as to the IPv4 address; other IPv6
 * addresses are compressed as URLs write them.
 */
export function canonicalAddress(ip: string): Address | undefined {
  const family = isIP(ip);
  if (family === 4) return { address: ip, family: "ipv4" };
  if (family !== 6) return undefined;
  const g = ipv6Groups(ip);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const carriesIpv4 =
    (zero(0, 5) && g[5] === 0xffff) ||
    (zero(0, 4) && g[4] === 0xffff && g[5] === 0) ||
    (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) ||
    (zero(0, 6) && (g[6] !== 0 || g[7]! > 1));
  if (carriesIpv4) return { address: [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join("."), family: "ipv4" };
  return {
    address: new URL(`http://[${g.map((x) => x.toString(16)).join(":")}]/`).hostname.slice(1, -1),
    family: "ipv6",
  };
}

/**
 * A host as the guard compares it: lower case, without brackets, IP literals
 * canonical, and the legacy numeric IPv4 forms the resolver and WHATWG URLs
 * accept (2130706433, 0x7f000001, 0177.0.0.1, 127.1) as the dotted quad they
 * mean, so an allowlist never tells them apart from the address itself.
 */
export function normalizeHost(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  const ip = canonicalAddress(bare);
  if (ip) return ip.address;
  if (/^[0-9a-fx.]+$/.test(bare)) {
    try {
      const parsed = new URL(`http://${bare}/`).hostname;
      if (isIP(parsed) === 4) return parsed;
    } catch {
      // Not a numeric IPv4 form after all: a name.
    }
  }
  return bare;
}

/** Why an address is refused, or undefined when it is public. */
export function blockedReason(ip: string): string | undefined {
  const a = canonicalAddress(ip);
  if (!a) return `"${ip}" is not an IP address`;
  return blocked.check(a.address, a.family)
    ? `${ip} is a private, loopback, link-local or reserved address`
    : undefined;
}

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** An allowlist entry: a host, and the one port it opens when it names one. */
export interface HostEntry {
  host: string;
  port?: number;
}

/**
 * `name`, `name:port`, an IP literal, or `[IPv6]:port`; undefined
 * when the entry is none of these (schemes, paths, wildcards).
 */
export function parseHostEntry(entry: string): HostEntry | undefined {
  const text = entry.trim().toLowerCase();
  const m =
    /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text) ??
    (isIP(text) === 6 ? [text, text] : /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(text));
  if (!m || (text.startsWith("[") && isIP(m[1]!) !== 6)) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const host = normalizeHost(m[1]!);
  return HOST_NAME.test(host) || isIP(host) ? { host, port } : undefined;
}

/** The stored form of an entry, the one `parseHostEntry` reads back. */
export const formatHostEntry = ({ host, port }: HostEntry) =>
  port === undefined ? host : `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;

interface NetworkRule {
  network: string;
  prefix: number;
  family: Family;
  port?: number;
  contains: BlockList;
}

/**
 * `10.0.0.0/8`, `fd00::/8`, or with the one port it opens:
 * `127.0.0.1/32:3000`, `fd00::/8:443`. Throws on anything else.
 */
export function parseNetwork(text: string): NetworkRule {
  const m = /^([^/]+)\/(\d{1,3})(?::(\d{1,5}))?$/.exec(text.trim());
  const a = m ? canonicalAddress(m[1]!) : undefined;
  if (!m || !a || isIP(m[1]!) !== (a.family === "ipv4" ? 4 : 6))
    throw new Error(
      `"${text}" is not a network like 10.0.0.0/8, fd00::/8 or 127.0.0.1/32:3000 (IPv4 networks in dotted form)`,
    );
  const prefix = Number(m[2]);
  if (prefix > (a.family === "ipv4" ? 32 : 128))
    throw new Error(`"${text}": prefix /${prefix} is too long for ${a.family === "ipv4" ? "IPv4" : "IPv6"}`);
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new Error(`"${text}": port ${port} is out of range`);
  const contains = new BlockList();
  contains.addSubnet(a.address, prefix, a.family);
  return { network: a.address, prefix, family: a.family, port, contains };
}

// Never opened by a network that merely covers them: an operator who opens
// 0.0.0.0/0 or 169.254.0.0/16 to workspaces has not opened the host itself or
// its metadata service. Only a network inside one of these reaches into it.
const EXPLICIT_ONLY = [
  "0.0.0.0/8",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "::/128",
  "::1/128",
  "fe80::/10",
  // Metadata services: AWS (IMDS, ECS, EKS pod identity), GCP, Azure, Oracle; Alibaba sits inside CGNAT.
  "169.254.169.254/32",
  "169.254.170.2/32",
  "169.254.170.23/32",
  "100.100.100.200/32",
  "fd00:ec2::254/128",
  "fd00:ec2::23/128",
].map(parseNetwork);

const inside = (rule: NetworkRule, a: Address) => rule.family === a.family && rule.contains.check(a.address, a.family);
const within = (rule: NetworkRule, outer: NetworkRule) =>
  rule.family === outer.family && rule.prefix >= outer.prefix && outer.contains.check(rule.network, rule.family);

/** Whether an operator network opens `address` (on `port`, or on some port with "any") to workspace allowlists. */
function tenantReachable(
  networks: readonly string[] | undefined,
  a: Address,
  port: number | "any" | undefined,
): boolean {
  const guarded = EXPLICIT_ONLY.filter((c) => inside(c, a));
  return (networks ?? []).some((text) => {
    const rule = parseNetwork(text);
    const portOk = rule.port === undefined || port === "any" || rule.port === port;
    return portOk && inside(rule, a) && guarded.every((c) => within(rule, c));
  });
}

export class SsrfError extends Error {
  override name = "SsrfError";
}

export interface SsrfPolicy {
  /** Off only for tests and trusted deployments; on by default. */
  enabled: boolean;
  /** Entries (`host` or `host:port`) the operator allows whatever they resolve to. */
  allowHosts: readonly string[];
  /**
   * Networks (see parseNetwork) the operator lets workspaces open with their
   * own allowlists; none by default. In a hosted deployment the private ranges
   * hold the platform's own database and Temporal, so only the operator may
   * decide which of them a tenant reaches.
   */
  tenantNetworks?: readonly string[];
  /**
   * Entries (`host` or `host:port`) a workspace admin allows:
   * they reach blocked addresses only inside `tenantNetworks`.
   */
  workspaceHosts?: readonly string[];
}

const listed = (entries: readonly string[] | undefined, host: string, port: number | undefined) => {
  const name = normalizeHost(host);
  return !!entries?.some((e) => {
    const entry = parseHostEntry(e);
    return entry?.host === name && (entry.port === undefined || entry.port === port);
  });
};

const WORKSPACE_REACH =
  " (a workspace's allowed hosts may reach private networks only, " +
  "and only those the operator opens to workspaces in SWITCHYARD_TENANT_ALLOWED_NETWORKS)";

/**
 * Throws unless every address `host` resolved to may be reached under `policy`.
 * `port` is where the connection goes; without it, entries and networks that
 * name a port do not apply.
 */
export function assertPublic(
  policy: SsrfPolicy,
  host: string,
  addresses: readonly { address: string }[],
  port?: number,
): void {
  if (!policy.enabled || listed(policy.allowHosts, host, port)) return;
  const workspaceAllowed = listed(policy.workspaceHosts, host, port);
  for (const { address } of addresses) {
    const reason = blockedReason(address);
    if (!reason) continue;
    const a = canonicalAddress(address);
    if (workspaceAllowed && a && tenantReachable(policy.tenantNetworks, a, port)) continue;
    throw new SsrfError(`refused to connect to ${host}: ${reason}${workspaceAllowed ? WORKSPACE_REACH : ""}`);
  }
}

/**
 * Why a workspace allowlist entry is refused: not a host entry, or an IP
 * literal no operator network opens to workspaces (it could never be reached).
 * Names are checked where they resolve, at connect time.
 */
export function workspaceEntryProblem(policy: SsrfPolicy, entry: string): string | undefined {
  const parsed = parseHostEntry(entry);
  if (!parsed)
    return (
      "must be a host name like erp.internal or an IP address, optionally with a port (erp.internal:8443), " +
      "without scheme or wildcard"
    );
  const a = canonicalAddress(parsed.host);
  if (!policy.enabled || !a || !blockedReason(a.address) || listed(policy.allowHosts, parsed.host, parsed.port))
    return undefined;
  if (tenantReachable(policy.tenantNetworks, a, parsed.port ?? "any")) return undefined;
  return (
    `${formatHostEntry(parsed)} is not in a network the operator opens to workspaces ` +
    "(SWITCHYARD_TENANT_ALLOWED_NETWORKS)"
  );
}
