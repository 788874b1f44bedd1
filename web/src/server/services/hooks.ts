import { hashToken } from "@switchyard/db";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { parseBody, readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import type { Services } from "../context";
import { createAndDispatchRun } from "./start-run";

/** Headers that carry the sender's credentials never enter run data. */
const PRIVATE_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * Accepts a webhook: checks the token, size and body, then stores the event
 * and its run and starts it (see createAndDispatchRun).
 */
export async function receiveHook(s: Services, token: string, request: Request): Promise<{ runId: string }> {
  const workflow = await s.db.workflow.findUnique({
    where: { hookTokenHash: hashToken(token) },
    select: {
      id: true,
      workspaceId: true,
      enabled: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  const version = workflow?.versions[0];
  if (!workflow || !version) throw new ApiError(404, "not_found", "No workflow listens on this webhook URL.");
  if (!workflow.enabled) throw new ApiError(409, "workflow_disabled", "This workflow is disabled; enable it to accept events.");
  // Its steps read `trigger` as the polled item's shape; a webhook body would reach them as undefined fields.
  if ((version.definition as WorkflowDefinition).trigger.type === "poll") throw new ApiError(409, "not_a_webhook_workflow", "This workflow starts from a polling trigger, not from its webhook.");

  const body = parseBody(await readLimitedBody(request, s.webhookMaxBytes), request.headers.get("content-type"));
  const url = new URL(request.url);
  const payload = {
    method: request.method,
    headers: Object.fromEntries([...request.headers].filter(([name]) => !PRIVATE_HEADERS.has(name))),
    query: Object.fromEntries(url.searchParams),
    body,
  };

  return createAndDispatchRun(s, {
    workspaceId: workflow.workspaceId,
    workflowId: workflow.id,
    version,
    source: "webhook",
    event: { source: "webhook", payload },
  });
}
