// A webhook's refused deliveries, worded for the people who set up its sender.

const REASONS: Record<string, { label: string; meaning: string }> = {
  bad_signature: { label: "Bad signature", meaning: "the signature or credentials did not match (401)" },
  rate_limited: { label: "Rate limited", meaning: "more requests than the webhook's rate limit allows (429)" },
  too_large: { label: "Too large", meaning: "a body over the size limit (413)" },
  workflow_disabled: { label: "Workflow disabled", meaning: "sent while the workflow was off (409)" },
  method_not_allowed: { label: "Wrong method", meaning: "a method the webhook does not take (405)" },
};

/** A refusal reason in plain words, and what it means; an unknown reason is shown as the server named it. */
export const refusalWords = (reason: string) => REASONS[reason] ?? { label: reason, meaning: reason };
