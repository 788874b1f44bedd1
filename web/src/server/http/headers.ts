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

const storable = (entries: Iterable<[string, string]>): Record<string, string> =>
  Object.fromEntries([...entries].map(([name, value]) => [name, isCredential(name) ? REDACTED : value]));

/** Request headers as stored in run data: every name kept, credential values replaced by "[redacted]". */
export const storableHeaders = (headers: Headers): Record<string, string> => storable(headers);

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
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isCredential(name) || alsoSecret.has(name.toLowerCase()) ? REDACTED : String(value),
    ]),
  );
