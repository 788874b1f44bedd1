/**
 * Names that carry a sender's credentials, or a signature that proves (and so
 * stands in for) its secret. Matched anywhere in the name, because senders
 * spell them every way (`apikey`, `x-auth`, `x-session-id`, `api_key`,
 * `X-Amz-Signature`, `X-Shopify-Hmac-Sha256`): redacting a harmless value costs less than storing a secret.
 */
const CREDENTIAL = /auth|token|secret|key|passw|sig|hmac|session|credential|cookie/;
/** Named like a key, but only deduplicates: workflows may read it. */
const NOT_CREDENTIAL = new Set(["idempotency-key", "x-idempotency-key"]);

export const REDACTED = "[redacted]";

function isCredential(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL.test(lower) && !NOT_CREDENTIAL.has(lower);
}

const storable = (entries: Iterable<[string, string]>, secret = isCredential): Record<string, string> =>
  Object.fromEntries([...entries].map(([name, value]) => [name, secret(name) ? REDACTED : value]));

/**
 * Request headers as stored in run data: every name kept, credential values replaced by "[redacted]",
 * and so are those named in `alsoSecret` (lower case; a webhook's auth headers, whatever their names).
 */
export const storableHeaders = (headers: Headers, alsoSecret: readonly string[] = []): Record<string, string> =>
  storable(headers, (name) => isCredential(name) || alsoSecret.includes(name.toLowerCase()));

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
    (name) => isCredential(name) || alsoSecret.has(name.toLowerCase()),
  );
