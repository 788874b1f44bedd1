/** A step's id: a slug, so templates can read `steps.<id>` and URLs can carry it. */
export const STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
/** `<connector>.<operation>`, as connectors name their actions and triggers. */
export const USES = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/;

/**
 * Names that carry a sender's credentials, or a signature that proves (and so stands in for) its
 * secret. Matched anywhere in the name, because senders spell them every way (`apikey`, `x-auth`,
 * `x-session-id`, `api_key`, `X-Amz-Signature`, `X-Shopify-Hmac-Sha256`): redacting a harmless
 * value costs less than storing a secret.
 */
const CREDENTIAL = /auth|token|secret|key|passw|sig|hmac|session|credential|cookie/;
/** Named like a key, but only deduplicates: workflows may read it. */
const NOT_CREDENTIAL = new Set(["idempotency-key", "x-idempotency-key"]);

/** Whether a header or query parameter of this name is a credential, never to be stored in clear. */
export function isCredentialName(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL.test(lower) && !NOT_CREDENTIAL.has(lower);
}
