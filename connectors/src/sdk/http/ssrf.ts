import { BlockList, isIP } from "node:net";

// Addresses a connector must never reach on a user's behalf: loopback, private,
// link-local (incl. cloud metadata 169.254.169.254), CGNAT, ULA (fd00::/8 incl.
// fd00:ec2::254), multicast, and reserved/documentation ranges.
const blocked = new BlockList();
for (const [net, prefix] of [
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
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
  // Tunnelling prefixes that can reach IPv4 space: 6to4, Teredo, local-use NAT64.
  ["2002::", 16],
  ["2001::", 32],
  ["64:ff9b:1::", 48],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** IPv4 addresses embedded in IPv6 forms that route to them (mapped, well-known NAT64); other tunnels are blocked whole. */
function embeddedIpv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^64:ff9b::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  }
  return undefined;
}

/** Why an address is refused, or undefined when it is public. */
export function blockedReason(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return `"${ip}" is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(ip) : ip;
  if (v4 && blocked.check(v4, "ipv4")) return `${ip} is a private, loopback, link-local or reserved address`;
  if (family === 6 && !v4 && blocked.check(ip, "ipv6")) return `${ip} is a private, loopback, link-local or reserved address`;
  return undefined;
}

export class SsrfError extends Error {
  override name = "SsrfError";
}

export interface SsrfPolicy {
  /** Off only for tests and trusted deployments; on by default. */
  enabled: boolean;
  /** Hosts the operator allows even though they resolve to internal addresses (any address). */
  allowHosts: readonly string[];
  /**
   * Hosts a workspace admin allows: they may resolve to private networks only,
   * never to loopback, link-local or cloud metadata, so a tenant can reach its
   * intranet but not the platform's own host or its credentials.
   */
  workspaceHosts?: readonly string[];
}

/** Private networks a workspace may open to its steps by name. */
const privateNetworks = new BlockList();
for (const [net, prefix] of [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["100.64.0.0", 10]] as const) privateNetworks.addSubnet(net, prefix, "ipv4");
privateNetworks.addSubnet("fc00::", 7, "ipv6");
/** Metadata services inside otherwise private ranges (AWS's IPv6 endpoint sits in fd00::/8). */
const METADATA = new Set(["fd00:ec2::254"]);

const isPrivateNetwork = (ip: string) => !METADATA.has(ip.toLowerCase()) && privateNetworks.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");

const listed = (hosts: readonly string[] | undefined, host: string) => !!hosts?.some((h) => h.toLowerCase() === host.toLowerCase());
export const isAllowedHost = (policy: SsrfPolicy, host: string) => listed(policy.allowHosts, host);

/** Throws unless every address `host` resolved to may be reached under `policy`. */
export function assertPublic(policy: SsrfPolicy, host: string, addresses: readonly { address: string }[]): void {
  if (!policy.enabled || isAllowedHost(policy, host)) return;
  const workspaceAllowed = listed(policy.workspaceHosts, host);
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (!reason || (workspaceAllowed && isPrivateNetwork(a.address))) continue;
    throw new SsrfError(`refused to connect to ${host}: ${reason}${workspaceAllowed ? " (a workspace's allowed hosts may reach private networks only)" : ""}`);
  }
}
