import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import { Agent, Pool } from "undici";
import { assertPublic, type SsrfPolicy } from "./ssrf";

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The port a URL connects to, default ports included. */
export const portOf = (url: URL) => Number(url.port) || (url.protocol === "https:" ? 443 : 80);

/**
 * An undici Agent that resolves host names itself and refuses to connect to
 * internal addresses. Checking at connect time covers every redirect hop and
 * DNS rebinding: the address checked is the address connected to.
 */
export function createGuardedAgent(policy: SsrfPolicy, connectTimeoutMs: number): Agent {
  const lookupFor = (port: number) => (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        assertPublic(policy, hostname, addresses, port);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
  // A pool per origin, so the lookup knows the port (allowlist entries and operator networks may name one).
  return new Agent({
    factory: (origin, opts) =>
      new Pool(origin, {
        ...opts,
        connect: { lookup: lookupFor(portOf(new URL(origin))) as never, timeout: connectTimeoutMs },
      }),
  });
}
