import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import { Agent } from "undici";
import { assertPublic, type SsrfPolicy } from "./ssrf";

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
      try {
        assertPublic(policy, hostname, addresses);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
  return new Agent({ connect: { lookup: lookup as never, timeout: connectTimeoutMs } });
}
