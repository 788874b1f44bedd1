import { hashToken } from "@switchyard/db";
import { dispatchRun } from "@switchyard/workflows";
import type { StepDefinition } from "@switchyard/workflows/definition";
import { parseBody, readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import type { Services } from "../context";

/** Headers that carry the sender's credentials never enter run data. */
const PRIVATE_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * Accepts a webhook: checks the token, size and body, stores the event and its
 * run atomically, then starts the run. If Temporal is down the run stays queued
 * and the worker's relay starts it, so an accepted event is never lost.
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

  const body = parseBody(await readLimitedBody(request, s.webhookMaxBytes), request.headers.get("content-type"));
  const url = new URL(request.url);
  const payload = {
    method: request.method,
    headers: Object.fromEntries([...request.headers].filter(([name]) => !PRIVATE_HEADERS.has(name))),
    query: Object.fromEntries(url.searchParams),
    body,
  };

  const event = await s.db.event.create({
    data: {
      workspaceId: workflow.workspaceId,
      workflowId: workflow.id,
      source: "webhook",
      payload: payload as object,
      runs: { create: { workspaceId: workflow.workspaceId, workflowId: workflow.id, versionId: version.id } },
    },
    select: { runs: { select: { id: true } } },
  });
  const runId = event.runs[0]!.id;

  try {
    const { steps } = version.definition as { steps: StepDefinition[] };
    await dispatchRun(s.db, await s.engine(), { runId, steps, trigger: payload });
  } catch (err) {
    s.logger.warn("run stored but not started; the relay will start it", { runId, error: err instanceof Error ? err.message : String(err) });
  }
  return { runId };
}
