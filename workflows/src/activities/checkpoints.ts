import { checkpointProps, describeStep, type CheckpointProps } from "@switchyard/connectors";
import type { Db, Prisma } from "@switchyard/db";
import { ApplicationFailure } from "@temporalio/common";
import { toMs } from "../definition/schema";
import {
  editTarget,
  type CheckpointField,
  type CheckpointSpec,
  type CloseCheckpointInput,
  type OpenCheckpointInput,
  type PreviewStep,
  type RecordedDecision,
} from "../interpreter/checkpoint-contract";
import { approverSet } from "../interpreter/checkpoint-rules";
import { checkpointWaitSeconds } from "../observability/metrics";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";
import { json } from "./step-result";

/** A checkpoint whose inputs make no sense: the step fails, without retries. */
const invalidCheckpoint = (message: string) => ApplicationFailure.nonRetryable(message, "CheckpointInvalid");

const valueAt = (input: Record<string, unknown> | undefined, path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) =>
      at && typeof at === "object" && Object.hasOwn(at, key) ? (at as Record<string, unknown>)[key] : undefined,
    input,
  );

/** Editable fields prefilled with the input they change; each must name a later single step of this checkpoint. */
function editableFields(props: CheckpointProps, dependents: PreviewStep[]): CheckpointField[] {
  return props.editable.map((f) => {
    const { stepId, path } = editTarget(f.field);
    const target = dependents.find((d) => d.stepId === stepId);
    if (!target)
      throw invalidCheckpoint(`editable field ${f.field}: "${stepId}" is not a step that needs this checkpoint`);
    if (target.forEach)
      throw invalidCheckpoint(`editable field ${f.field}: "${stepId}" is a forEach step, whose inputs are per item`);
    const value = valueAt(target.with, path);
    return field(f.field, f, value);
  });
}

function field(
  key: string,
  f: { label?: string; description?: string; type: CheckpointField["type"]; options?: string[] },
  value: unknown,
  required = true,
): CheckpointField {
  return {
    key,
    label: f.label ?? key,
    type: f.type,
    required,
    ...(f.options ? { options: f.options } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(f.description ? { description: f.description } : {}),
  };
}

function parseProps(props: Record<string, unknown>): CheckpointProps {
  const parsed = checkpointProps.safeParse(props);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidCheckpoint(`core.checkpoint ${issue.path.join(".") || "with"}: ${issue.message}`);
}

/** The spec the workflow holds, from the step's rendered inputs; throws CheckpointInvalid for inputs that cannot work. */
export function specOf(
  props: CheckpointProps,
  dependents: PreviewStep[],
  approvalId: string,
  startedBy?: string,
): CheckpointSpec {
  const escalateTo = approverSet(props.escalateTo);
  return {
    approvalId,
    kind: props.kind,
    title: props.title,
    quorum: props.quorum,
    allowSelfApproval: props.allowSelfApproval,
    ...(startedBy ? { startedBy: startedBy.toLowerCase() } : {}),
    ...(props.approvers ? { approvers: approverSet(props.approvers) } : {}),
    ...(escalateTo ? { escalateTo } : {}),
    editable: editableFields(props, dependents),
    form: props.form.map((f) => field(f.name, f, f.default, f.required)),
    timeoutMs: toMs(props.timeout),
    onTimeout: props.onTimeout,
    ...(props.remindEvery ? { remindEveryMs: toMs(props.remindEvery) } : {}),
    ...(props.escalateAfter ? { escalateAfterMs: toMs(props.escalateAfter) } : {}),
  };
}

const decisionRow = (approvalId: string, d: RecordedDecision) => ({
  approvalId,
  actor: d.actor,
  actorName: d.actorName ?? null,
  decision: d.decision,
  edits: json(d.edits),
  values: json(d.values),
  comment: d.comment ?? null,
  channel: d.channel,
  decidedAt: new Date(d.decidedAt),
});

async function writeApproval(
  db: Db,
  input: OpenCheckpointInput,
  props: CheckpointProps,
  preview: PreviewStep[],
  spec: Omit<CheckpointSpec, "approvalId">,
) {
  const run = await db.run.findUniqueOrThrow({
    where: { id: input.runId },
    select: { workspaceId: true, startedBy: { select: { email: true } } },
  });
  const openedAt = new Date(input.openedAt);
  const approval = await db.approval.upsert({
    where: { runId_stepId: { runId: input.runId, stepId: input.stepId } },
    update: {},
    create: {
      workspaceId: run.workspaceId,
      runId: input.runId,
      stepId: input.stepId,
      kind: spec.kind,
      title: props.title,
      message: props.message ?? null,
      preview: preview as unknown as Prisma.InputJsonArray,
      editable: spec.editable as unknown as Prisma.InputJsonArray,
      form: spec.form as unknown as Prisma.InputJsonArray,
      approvers: {
        approvers: props.approvers ?? null,
        escalateTo: props.escalateTo ?? null,
        channels: props.channels,
      } as Prisma.InputJsonObject,
      quorum: spec.quorum,
      allowSelfApproval: spec.allowSelfApproval,
      onTimeout: spec.onTimeout,
      expiresAt: new Date(openedAt.getTime() + spec.timeoutMs),
    },
    select: { id: true },
  });
  await db.stepRun.upsert({
    where: { runId_stepId: { runId: input.runId, stepId: input.stepId } },
    update: { status: "waiting", startedAt: openedAt, input: json(input.props) },
    create: {
      runId: input.runId,
      stepId: input.stepId,
      status: "waiting",
      startedAt: openedAt,
      input: json(input.props),
    },
  });
  return { approvalId: approval.id, startedBy: run.startedBy?.email };
}

export function createCheckpointActivities(deps: ActivityDeps) {
  return {
    /** Stores the approval (once, however often retried) and marks the step waiting; returns what the workflow enforces. */
    async openCheckpoint(input: OpenCheckpointInput): Promise<CheckpointSpec> {
      const props = parseProps(input.props);
      const preview = input.dependents.map((d) => ({
        ...d,
        description: d.with ? describeStep(deps.registry, d.uses, d.with) : `${d.uses} (${d.renderError})`,
      }));
      const draft = specOf(props, input.dependents, "");
      const { approvalId, startedBy } = await bookkeeping(deps, () =>
        writeApproval(deps.db, input, props, preview, draft),
      );
      return { ...draft, approvalId, ...(startedBy ? { startedBy: startedBy.toLowerCase() } : {}) };
    },

    /** Keeps decisions as they come (a partial quorum), so the inbox shows them. */
    async recordDecisions({
      approvalId,
      decisions,
    }: {
      approvalId: string;
      decisions: RecordedDecision[];
    }): Promise<void> {
      await bookkeeping(deps, () =>
        deps.db.approvalDecision.createMany({
          data: decisions.map((d) => decisionRow(approvalId, d)),
          skipDuplicates: true,
        }),
      );
    },

    /** The outcome, with the decisions not yet kept; a retried close changes nothing more. */
    async closeCheckpoint({ approvalId, status, decidedAt, decisions }: CloseCheckpointInput): Promise<void> {
      const at = new Date(decidedAt);
      const [, closed] = await bookkeeping(deps, () =>
        deps.db.$transaction([
          deps.db.approvalDecision.createMany({
            data: decisions.map((d) => decisionRow(approvalId, d)),
            skipDuplicates: true,
          }),
          deps.db.$queryRaw<{ createdAt: Date }[]>`
            UPDATE "Approval" SET status = ${status}::"ApprovalStatus", "decidedAt" = ${at}::timestamp(3)
            WHERE id = ${approvalId} AND status = 'pending'
            RETURNING "createdAt"`,
        ]),
      );
      // Once, by the close that ended the wait (a retried close finds it closed).
      if (closed[0]) checkpointWaitSeconds.observe(Math.max(0, at.getTime() - closed[0].createdAt.getTime()) / 1_000);
    },
  };
}
