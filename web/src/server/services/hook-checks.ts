// A plain webhook's checks that need the workflow's state: its auth's secret, and its rate limits.
import {
  DEFAULT_WEBHOOK_RATE,
  isSealedRef,
  secretOf,
  type WebhookAuth,
  type WebhookTrigger,
} from "@switchyard/workflows/definition";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { checkHookAuth, type AuthCheck } from "./hook-auth";
import { takeWebhookToken } from "./hook-rate-limit";
import { HookSecretUnavailableError, readHookSecret } from "./hook-secrets";

/** Sealed secrets kept decrypted per process, the most recently used first out last. */
const MAX_CACHED_SECRETS = 1_000;

type Workflow = { id: string; workspaceId: string };

/**
 * The auth's secret. A sealed one never changes (a new secret gets a new reference), so it is
 * read and decrypted once per process: a flood of refused requests then costs no database work.
 */
async function secretFor(s: Services, workflow: Workflow, auth: WebhookAuth): Promise<string> {
  const ref = secretOf(auth);
  const at = { workspaceId: workflow.workspaceId, workflowId: workflow.id };
  if (!isSealedRef(ref)) return readHookSecret(s.db, s.keyRing(), at, ref);
  const key = `${workflow.id}:${ref.sealed}`;
  const cached = s.hookSecrets.get(key);
  if (cached !== undefined) return cached;
  const value = await readHookSecret(s.db, s.keyRing(), at, ref);
  if (s.hookSecrets.size >= MAX_CACHED_SECRETS) s.hookSecrets.delete(s.hookSecrets.keys().next().value!);
  s.hookSecrets.set(key, value);
  return value;
}

/** Refuses (401) a request the trigger's auth does not pass; a secret that cannot be read refuses it too. */
export async function checkAuth(
  s: Services,
  workflow: Workflow,
  auth: WebhookAuth,
  request: { headers: Headers; body: Uint8Array },
): Promise<void> {
  let check: AuthCheck;
  try {
    check = checkHookAuth(auth, await secretFor(s, workflow, auth), request, Date.now());
  } catch (err) {
    if (!(err instanceof HookSecretUnavailableError)) throw err;
    // The workflow's owner must hear of it; the sender learns only that it was refused.
    s.logger.warn("webhook secret unavailable; request refused", { workflowId: workflow.id, reason: err.message });
    check = { ok: false, reason: "This webhook's credentials cannot be checked right now." };
  }
  if (!check.ok)
    throw new ApiError(
      401,
      "unauthorized",
      check.reason,
      undefined,
      check.challenge ? { "www-authenticate": check.challenge } : undefined,
    );
}

/** Refuses (429, Retry-After) a request over the workflow's rate or its workspace's; nothing is stored. */
export async function checkRate(s: Services, workflow: Workflow, trigger: WebhookTrigger): Promise<void> {
  const own = trigger.rateLimit ?? DEFAULT_WEBHOOK_RATE;
  const decision = await takeWebhookToken(
    s.db,
    { workflowId: workflow.id, workspaceId: workflow.workspaceId },
    own,
    s.workspaceWebhookRate,
  );
  if (decision.granted) return;
  const byWorkflow = decision.limit === "workflow";
  const { perSecond } = byWorkflow ? own : s.workspaceWebhookRate;
  throw new ApiError(
    429,
    "rate_limited",
    `This ${byWorkflow ? "webhook" : "workspace"} takes at most ${perSecond} requests per second; try again in ${decision.retryAfterSeconds}s.`,
    { limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds },
    { "retry-after": String(decision.retryAfterSeconds) },
  );
}
