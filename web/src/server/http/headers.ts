import { isCredentialName } from "@switchyard/workflows/definition";
export const REDACTED = "[redacted]";

const storable = (entries: Iterable<[string, string]>, secret = isCredentialName): Record<string, string> =>
  Object.fromEntries([...entries].map(([name, value]) => [name, secret(name) ? REDACTED : value]));

/**
 * Request headers as stored in run data: every name kept, credential values replaced by "[redacted]",
 * and so are those named in `alsoSecret` (lower case; a webhook's auth headers, whatever their names).
 */
export const storableHeaders = (headers: Headers, alsoSecret: readonly string[] = []): Record<string, string> =>
  storable(headers, (name) => isCredentialName(name) || alsoSecret.includes(name.toLowerCase()));

/** A query string as stored in run data, by the same rule as headers: tokens and signatures travel in URLs too. */
export const storableQuery = (params: URLSearchParams): Record<string, string> => storable(params);

/**
 * Stored headers as the events API shows them: by today's rule (an event may be older than it), and
 * with every header in `alsoSecret` (lower-case names: those a workflow's webhook auth reads) redacted.
 */
export const redactedHeaders = (
  headers: Record<string, unknown>,
  alsoSecret: ReadonlySet<string>,
): Record<string, string> =>
  storable(
    Object.entries(headers).map(([name, value]) => [name, String(value)]),
    (name) => isCredentialName(name) || alsoSecret.has(name.toLowerCase()),
  );
