// The inbox: a workspace's approvals as their approvers (or its admins) see them, and decisions,
// which go to the run through the engine's `decide` (the workflow applies the rules and keeps the record).
import type { Db, Prisma } from "@switchyard/db";
import { decide, type Channel, type DecideOutcome, type DecisionReply } from "@switchyard/workflows/engine";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { EngineUnavailableError } from "../http/api-error";
import { ApiError } from "../http/errors";
import { accessSelect, deciderOf, inboxFilter } from "./approval-access";
import { recordDecision } from "./approval-audit";
import {
  approvalInclude,
  approvalView,
  closedByRow,
  closedByWorkflow,
  closedMessage,
  type ApprovalView,
} from "./approval-view";
import type { DecisionBody, ListApprovalsQuery } from "./approvals.schema";
import { actorOf } from "./audit";
import { newestFirst, paginateKept, type Page } from "./pagination";
import { workflowIdOf } from "./workflows";

const BY_STATUS = {
  pending: { status: "pending" },
  decided: { NOT: { status: "pending" } },
} as const satisfies Record<NonNullable<ListApprovalsQuery["status"]>, Prisma.ApprovalWhereInput>;

/** Newest first; filtering by an unknown workflow is a 404, not an empty page. */
export async function listApprovals(db: Db, caller: ApiCaller, query: ListApprovalsQuery): Promise<Page<ApprovalView>> {
  const keep = inboxFilter(caller);
  const workflowId = query.workflow ? await workflowIdOf(db, caller.workspaceId, query.workflow) : undefined;
  const filter: Prisma.ApprovalWhereInput = {
    workspaceId: caller.workspaceId,
    ...(workflowId ? { run: { workflowId } } : {}),
    ...(query.status ? BY_STATUS[query.status] : {}),
  };
  return paginateKept(
    query,
    ({ take, where }) =>
      db.approval.findMany({ where: { ...filter, ...where }, orderBy: newestFirst, take, select: accessSelect }),
    keep,
    (ids) =>
      db.approval.findMany({ where: { id: { in: ids }, workspaceId: caller.workspaceId }, include: approvalInclude }),
    approvalView,
  );
}

const notFound = (id: string) => new ApiError(404, "not_found", `No approval ${id} in this workspace.`);

/** One approval, if the caller would see it in the inbox; otherwise, like another workspace's, a 404. */
export async function getApproval(db: Db, caller: ApiCaller, id: string): Promise<ApprovalView> {
  const keep = inboxFilter(caller);
  const row = await db.approval.findFirst({ where: { id, workspaceId: caller.workspaceId }, include: approvalInclude });
  if (!row || !keep(row)) throw notFound(id);
  return approvalView(row);
}

export interface DecisionAnswer {
  /** `pending` while more approvals are needed to reach the quorum. */
  status: DecisionReply["status"];
  decidedBy: DecisionReply["decidedBy"];
  decidedAt: string | null;
  approvals: number;
  quorum: number;
}

/** The 409 for a closed checkpoint names who closed it and when, from the workflow's answer or else the row. */
async function alreadyDecided(db: Db, caller: ApiCaller, id: string, details: Record<string, unknown>) {
  let closed = closedByWorkflow(details);
  if (!closed) {
    const row = await db.approval.findFirst({
      where: { id, workspaceId: caller.workspaceId },
      include: approvalInclude,
    });
    if (!row) return notFound(id);
    closed = closedByRow(row);
  }
  return new ApiError(409, "already_decided", closedMessage(closed), closed);
}

async function refusal(
  db: Db,
  caller: ApiCaller,
  id: string,
  outcome: Exclude<DecideOutcome, { kind: "decided" }>,
): Promise<ApiError> {
  switch (outcome.kind) {
    case "not_found":
      return notFound(id);
    case "unavailable":
      return new EngineUnavailableError(`${outcome.message[0]!.toUpperCase()}${outcome.message.slice(1)}.`);
    case "refused":
      return outcome.code === "already_decided"
        ? alreadyDecided(db, caller, id, outcome.details)
        : new ApiError(outcome.httpStatus, outcome.code, outcome.message, outcome.details);
  }
}

/** Decides as the token's member, through `channel` (api for REST, web for the inbox's tRPC). */
export async function decideApproval(
  s: Pick<Services, "db" | "engine">,
  caller: ApiCaller,
  approvalId: string,
  body: DecisionBody,
  channel: Extract<Channel, "api" | "web">,
): Promise<DecisionAnswer> {
  const actor = deciderOf(caller);
  const outcome = await decide(
    { db: s.db, engineClient: () => s.engine() },
    { workspaceId: caller.workspaceId, approvalId, actor, channel, ...body },
  );
  if (outcome.kind !== "decided") throw await refusal(s.db, caller, approvalId, outcome);
  await recordDecision(s.db, actorOf(caller), {
    workspaceId: caller.workspaceId,
    approvalId,
    decision: body.decision,
    channel,
    reply: outcome.reply,
  });
  const { status, decidedBy, decidedAt, approvals, quorum } = outcome.reply;
  return { status, decidedBy, decidedAt: decidedAt ?? null, approvals, quorum };
}
