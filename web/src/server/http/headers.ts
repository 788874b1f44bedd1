/** Names that carry a sender's credentials, or a signature that proves (and so stands in for) its secret. */
const CREDENTIAL = /^(authorization|proxy-authorization|cookie)$|(^|-)(token|secret|key|password|signature)(-|$)/;
/** Named like a key, but only deduplicates: workflows may read it. */
const NOT_CREDENTIAL = new Set(["idempotency-key", "x-idempotency-key"]);

export const REDACTED = "[redacted]";

/** Request headers as stored in run data: every name kept, credential values replaced by "[redacted]". */
export function storableHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].map(([name, value]) => [name, CREDENTIAL.test(name) && !NOT_CREDENTIAL.has(name) ? REDACTED : value]));
}
