// HTTP names shared by definitions (a webhook's headers) and the core.respond action, with no
// dependency, so the browser's editor can use them too (`@switchyard/connectors/http-names`).

/** A header name as RFC 9110 spells a token. */
export const HTTP_HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** The statuses a sync webhook's answer may have: final ones (no 1xx, which HTTP sends before an answer). */
export const ANSWER_STATUS = { min: 200, max: 599 } as const;

/** Headers a sync webhook's answer may set: what describes its body, and `x-` headers of its own. */
const ANSWER_HEADERS = new Set([
  "cache-control",
  "content-disposition",
  "content-language",
  "content-type",
  "etag",
  "expires",
  "last-modified",
  "retry-after",
  "vary",
]);

/** `x-` headers browsers or proxies act on for the whole origin (framing, DNS prefetch, permissions). */
const RESERVED_X =
  /^x-(frame-options|content-type-options|xss-protection|dns-prefetch-control|permitted-cross-domain-policies|forwarded-|real-ip|powered-by|accel-)/;

/**
 * Whether a workflow's answer may carry the header. An answer is served from Switchyard's own
 * origin, so nothing that acts on the origin (cookies, HSTS, reporting, CORS, redirects,
 * Clear-Site-Data, encodings) is ever taken from a tenant: an allowlist, not a denylist.
 */
export const isAnswerHeader = (name: string): boolean => {
  const lower = name.toLowerCase();
  return ANSWER_HEADERS.has(lower) || (lower.startsWith("x-") && !RESERVED_X.test(lower));
};
