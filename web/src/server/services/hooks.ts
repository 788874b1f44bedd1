import { hashToken } from "@switchyard/db";
import { receiveProviderWebhook, webhookAcceptSeconds } from "@switchyard/workflows/engine";
import {
  appTriggerOf,
  authHeaders,
  DEFAULT_SYNC_TIMEOUT_MS,
  toMs,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";
import { MethodNotAllowedError } from "../http/api-error";
import { parseHookBody, readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import { storableHeaders, storableQuery } from "../http/headers";
import { checkDelivery, checkEventBody } from "../http/input-policy";
import { asSentence } from "../http/text";
import type { Services } from "../context";
import { engineDeps } from "./engine-deps";
import { checkAuth, checkRate } from "./hook-checks";
import { dedupeKeyOf, IDEMPOTENCY_WINDOW_MS, idempotencyKeyOf } from "./hook-keys";
import { awaitHookAnswer } from "./hook-sync";
import { acceptRequestedRun, eventLimits, eventTooLarge } from "./start-run";
import { countingRefusals } from "./webhook-refusals";

const STARTS_FROM: Record<Exclude<WorkflowDefinition["trigger"]["type"], "webhook">, string> = {
  poll: "a polling trigger",
  event: "app events",
  schedule: "its schedule",
  manual: "the API, the CLI or the web app only",
};

/** The methods a webhook URL takes: its trigger's, POST by default. */
const methodsOf = (trigger: WorkflowDefinition["trigger"]) =>
  (trigger.type === "webhook" && trigger.methods) || ["POST"];

/** The methods a webhook URL answers (OPTIONS, and HEAD where GET is taken); 404 for an unknown token. */
export async function hookMethods(s: Services, token: string): Promise<string[]> {
  const workflow = await findHookWorkflow(s, token);
  return [...methodsOf((workflow.versions[0]!.definition as WorkflowDefinition).trigger), "OPTIONS"];
}

/** The workflow the URL's token opens: the current URL, or one a rotation replaced within its grace; 404 otherwise. */
async function findHookWorkflow(s: Services, token: string) {
  const hash = hashToken(token);
  const workflow = await s.db.workflow.findFirst({
    where: {
      OR: [{ hookTokenHash: hash }, { previousHookTokenHash: hash, previousHookTokenUntil: { gt: new Date() } }],
    },
    select: {
      id: true,
      workspaceId: true,
      enabled: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  if (!workflow?.versions[0]) throw new ApiError(404, "not_found", "No workflow listens on this webhook URL.");
  return workflow;
}

/**
 * Accepts a webhook. Its checks, in order: the token, the method, the body's size (streamed),
 * its content type, the trigger's auth, the rate limits. The engine then stores the event with
 * its run and starts it (acceptRun). A repeat with the same Idempotency-Key (or key at the
 * trigger's `idempotencyKey` path) within 24 h answers the first run, `duplicate`. A sync
 * webhook answers with its run (awaitHookAnswer). A workflow whose trigger is a connector's
 * webhook (GitHub, Stripe) has its deliveries verified and read by that trigger instead.
 */
export async function receiveHook(s: Services, token: string, request: Request): Promise<Response> {
  const arrived = performance.now();
  const workflow = await findHookWorkflow(s, token);
  // Refusals of a known workflow (auth, limits, method, size, disabled) are counted against it.
  return countingRefusals(s, workflow.id, () => takeHook(s, workflow, request, arrived));
}

async function takeHook(
  s: Services,
  workflow: Awaited<ReturnType<typeof findHookWorkflow>>,
  request: Request,
  arrived: number,
): Promise<Response> {
  const version = workflow.versions[0]!;
  const trigger = (version.definition as WorkflowDefinition).trigger;
  const methods = methodsOf(trigger);
  if (!methods.includes(request.method as (typeof methods)[number]))
    throw new MethodNotAllowedError(request.method, methods);
  if (!workflow.enabled)
    throw new ApiError(409, "workflow_disabled", "This workflow is disabled; enable it to accept events.");
  // Its steps read `trigger` as the polled item's, event's or fire's shape; a webhook body would reach them as undefined fields.
  if (trigger.type !== "webhook")
    throw new ApiError(
      409,
      "not_a_webhook_workflow",
      `This workflow starts from ${STARTS_FROM[trigger.type]}, not from its webhook.`,
    );
  // The workflow's own limit holds while the body streams in, never above the installation's.
  const maxBytes = Math.min(trigger.maxBodyBytes ?? s.webhookMaxBytes, s.webhookMaxBytes);
  if (appTriggerOf(trigger)) return receiveProviderDelivery(s, workflow, request, maxBytes);

  // A malformed key is refused before the body is read.
  const headerKey = idempotencyKeyOf(request.headers);
  const bytes = await readLimitedBody(request, maxBytes);
  const { body, encoding } = parseHookBody(bytes, request.headers.get("content-type"));
  checkEventBody(body);
  if (trigger.auth) await checkAuth(s, workflow, trigger.auth, { headers: request.headers, body: bytes });
  await checkRate(s, workflow, trigger);

  const url = new URL(request.url);
  const payload = {
    method: request.method,
    // Run data is shown to everyone who can read runs; the sender's credentials are not theirs to see.
    headers: storableHeaders(request.headers, authHeaders(trigger.auth)),
    query: storableQuery(url.searchParams),
    body,
    ...(encoding ? { bodyEncoding: encoding } : {}),
  };
  const dedupeKey = dedupeKeyOf(headerKey, trigger, { body, headers: request.headers, query: url.searchParams });
  const accepted = await acceptRequestedRun(
    s,
    {
      workspaceId: workflow.workspaceId,
      workflowId: workflow.id,
      version,
      source: "webhook",
      event: {
        source: "webhook",
        payload,
        verification: trigger.auth ? "verified" : "none",
        ...(dedupeKey ? { dedupeKey } : {}),
      },
    },
    {
      dedupeForMs: IDEMPOTENCY_WINDOW_MS,
      // Base64 takes 4 characters for every 3 bytes: a body within its limit must still fit as an event.
      ...(encoding ? { maxEventBytes: eventLimits(s).maxEventBytes! + Math.ceil(maxBytes / 3) } : {}),
    },
  );
  webhookAcceptSeconds.observe((performance.now() - arrived) / 1_000);
  if (trigger.mode === "sync")
    return awaitHookAnswer(
      s,
      { workspaceId: workflow.workspaceId, runId: accepted.runId },
      toMs(trigger.timeout ?? DEFAULT_SYNC_TIMEOUT_MS),
      request.signal,
    );
  return Response.json({ runId: accepted.runId }, { status: accepted.duplicate ? 200 : 202 });
}

/** A connector's webhook trigger (GitHub, Stripe): the trigger verifies the delivery and reads its events. */
async function receiveProviderDelivery(
  s: Services,
  workflow: Awaited<ReturnType<typeof findHookWorkflow>>,
  request: Request,
  maxBytes: number,
): Promise<Response> {
  const bytes = await readLimitedBody(request, maxBytes);
  const text = new TextDecoder().decode(bytes);
  checkDelivery(text);
  const outcome = await receiveProviderWebhook(
    engineDeps(s),
    { workflowId: workflow.id, workspaceId: workflow.workspaceId, version: workflow.versions[0]! },
    { headers: Object.fromEntries(request.headers), body: text },
    eventLimits(s),
  );
  if (outcome.status === "refused") throw new ApiError(401, "invalid_delivery", outcome.reason);
  if (outcome.status === "unavailable") throw new ApiError(503, "try_again", asSentence(outcome.reason));
  if (outcome.status === "too_large") throw eventTooLarge(outcome.error, "what the trigger reads from the delivery");
  return Response.json({ runs: outcome.runs }, { status: 202 });
}
