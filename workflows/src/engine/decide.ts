import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from "@temporalio/client";
import { ApplicationFailure } from "@temporalio/common";
import { classifyStartError, type EngineClient } from "../client";
import {
  decideCheckpointUpdate,
  REFUSALS,
  type DecisionKind,
  type DecisionReply,
  type DecisionRequest,
  type RefusalCode,
} from "../interpreter/checkpoint-contract";
import { alreadyDecided } from "../interpreter/checkpoint-rules";
import { workflowIdForRun } from "../interpreter/contract";
import type { EngineDeps } from "./deps";

export interface Decision extends Omit<DecisionRequest, "stepId"> {
  /** The caller's workspace: an approval of another workspace is not found. */
  workspaceId: string;
  approvalId: string;
}

/**
 * What a decision came to: counted (`decided`), refused by the checkpoint's rules (`refused`, with
 * the HTTP status that fits), an approval the workspace does not have (`not_found`), or an engine
 * that did not answer (`unavailable`: nothing was recorded).
 */
export type DecideOutcome =
  | { kind: "decided"; reply: DecisionReply }
  | { kind: "refused"; code: RefusalCode; httpStatus: number; message: string; details: Record<string, unknown> }
  | { kind: "not_found" }
  | { kind: "unavailable"; message: string };

/** Long enough for a worker to take the Update; a stalled engine is an outage, not a hung request. */
const UPDATE_DEADLINE_MS = 15_000;

function refusalOf(err: WorkflowUpdateFailedError): DecideOutcome | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type || !Object.hasOwn(REFUSALS, cause.type)) return undefined;
  const code = cause.type as RefusalCode;
  const details = (cause.details?.[0] ?? {}) as Record<string, unknown>;
  return { kind: "refused", code, httpStatus: REFUSALS[code], message: cause.message, details };
}

/**
 * A decision that reached a run already over: a second click that came after the first one's
 * decision ended the run hears what became of the checkpoint, as it would have a moment earlier.
 */
async function endedRunRefusal(db: EngineDeps["db"], approvalId: string): Promise<DecideOutcome> {
  const approval = await db.approval.findUnique({
    where: { id: approvalId },
    select: {
      status: true,
      decidedAt: true,
      decisions: { orderBy: { decidedAt: "asc" }, select: { actor: true, actorName: true, decision: true } },
    },
  });
  const refusal =
    approval?.decidedAt && approval.status !== "pending"
      ? alreadyDecided(
          { status: approval.status, at: approval.decidedAt.toISOString() },
          approval.decisions.map((d) => ({
            ...d,
            actorName: d.actorName ?? undefined,
            decision: d.decision as DecisionKind,
          })),
        )
      : { code: "already_decided" as const, message: "the run has ended", details: {} };
  return { kind: "refused", httpStatus: REFUSALS.already_decided, details: {}, ...refusal };
}

/**
 * Hands a person's decision to the run as a decideCheckpoint Update, the one way every channel
 * (inbox, API, CLI, email, Slack) decides. The workflow's validator applies the rules; the
 * workflow's own activities keep the record.
 */
export async function decide(deps: Pick<EngineDeps, "db" | "engineClient">, input: Decision): Promise<DecideOutcome> {
  const approval = await deps.db.approval.findFirst({
    where: { id: input.approvalId, workspaceId: input.workspaceId },
    select: { runId: true, stepId: true },
  });
  if (!approval) return { kind: "not_found" };
  const { workspaceId: _w, approvalId: _a, ...decision } = input;
  let client: EngineClient;
  try {
    client = await deps.engineClient();
  } catch (err) {
    return { kind: "unavailable", message: `the engine is unreachable: ${(err as Error).message}` };
  }
  const handle = client.temporal.workflow.getHandle(workflowIdForRun(approval.runId));
  try {
    const reply = await client.temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      handle.executeUpdate(decideCheckpointUpdate, { args: [{ ...decision, stepId: approval.stepId }] }),
    );
    return { kind: "decided", reply };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const refused = refusalOf(err);
      if (refused) return refused;
    }
    if (
      err instanceof WorkflowNotFoundError ||
      (err instanceof Error && /workflow execution already completed/i.test(err.message))
    )
      return endedRunRefusal(deps.db, input.approvalId);
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || classifyStartError(err) === "unreachable")
      return {
        kind: "unavailable",
        message: "the engine did not answer in time; look at the approval before deciding again",
      };
    throw err;
  }
}
