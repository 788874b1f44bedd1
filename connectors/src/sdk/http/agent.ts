import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import { Agent } from "undici";
import { blockedReason, isAllowedHost, SsrfError, type SsrfPolicy } from "./ssrf";

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici Agent that resolves host names itself and refuses to connect to
 * internal addresses. Checking at connect time covers every redirect hop and
 * DNS rebinding: the address checked is the address connected to.
 */
export function createGuardedAgent(policy: SsrfPolicy, connectTimeoutMs: number): Agent {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (policy.enabled && !isAllowedHost(policy, hostname)) {
        for (const a of addresses) {
          const reason = blockedReason(a.address);
          if (reason) return callback(new SsrfError(`refused to connect to ${hostname}: ${reason}`), []);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
  return new Agent({ connect: { lookup: lookup as never, timeout: connectTimeoutMs } });
}
