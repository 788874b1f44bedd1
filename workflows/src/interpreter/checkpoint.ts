// core.checkpoint: the step opens an approval (or task), waits on durable timers while people
// decide through the decideCheckpoint Update, and settles by the outcome. Other branches run on.
import { ApplicationFailure, CancellationScope, condition, proxyActivities, setHandler } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { CHECKPOINT } from "../definition/checkpoint-checks";
import type { StepDefinition } from "../definition/schema";
import { asTemplate, jsonBytesUpTo } from "../definition/template";
import { BOOKKEEPING_ACTIVITY } from "./bookkeeping";
import {
  decideCheckpointUpdate,
  editTarget,
  type CheckpointSpec,
  type DecisionReply,
  type DecisionRequest,
  type PreviewStep,
} from "./checkpoint-contract";
import { nextReminderAt, refusalOf, tally, type CheckpointHold } from "./checkpoint-rules";
import type { StepState } from "./contract";
import { CONNECTOR_INPUT_BYTES, INPUTS } from "./payload-limits";
import { now, type RunScope } from "./run-scope";

const { openCheckpoint, recordDecisions, closeCheckpoint } = proxyActivities<Activities>(BOOKKEEPING_ACTIVITY);

/** A request or reminder that cannot be delivered must not hold the checkpoint: people can still use the inbox. */
const { notifyCheckpoint, showCheckpointOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});

/** A step whose preview is this large shows a note instead: the preview travels in Temporal payloads. */
const PREVIEW_INPUT_BYTES = 16 * 1024;
/** All the previews of one checkpoint together (a step may have hundreds of dependents). */
const PREVIEW_TOTAL_BYTES = 256 * 1024;

const refused = (r: { code: string; message: string; details?: Record<string, unknown> }) =>
  ApplicationFailure.create({ type: r.code, message: r.message, nonRetryable: true, details: [r.details ?? {}] });

function replyOf(hold: CheckpointHold): DecisionReply {
  return {
    status: hold.outcome?.status ?? "pending",
    decidedBy: hold.decisions.map((d) => ({
      email: d.actor,
      ...(d.actorName ? { name: d.actorName } : {}),
      decision: d.decision,
      at: d.decidedAt,
    })),
    ...(hold.outcome ? { decidedAt: hold.outcome.at } : {}),
    approvals: hold.decisions.filter((d) => d.decision === "approve").length,
    quorum: hold.spec!.quorum,
  };
}

function recordDecision(hold: CheckpointHold, req: DecisionRequest): void {
  const decidedAt = now();
  hold.decisions.push({
    actor: req.actor.email.toLowerCase(),
    ...(req.actor.name ? { actorName: req.actor.name } : {}),
    decision: req.decision,
    ...(req.edits && Object.keys(req.edits).length ? { edits: req.edits } : {}),
    ...(req.values ? { values: req.values } : {}),
    ...(req.comment ? { comment: req.comment } : {}),
    channel: req.channel,
    decidedAt,
  });
  const status = tally(hold.spec!, hold.decisions);
  if (status !== "pending") hold.outcome = { status, at: decidedAt };
}

/**
 * The one decideCheckpoint handler of a run. Its validator refuses without touching the history;
 * a decision that arrives while the checkpoint is still opening waits for it, then meets the same rules.
 */
export function handleDecisions(checkpoints: Map<string, CheckpointHold>): void {
  setHandler(
    decideCheckpointUpdate,
    async (req) => {
      const hold = checkpoints.get(req.stepId)!;
      await condition(() => hold.spec !== undefined || hold.outcome !== undefined);
      const refusal = refusalOf(hold, req);
      if (refusal) throw refused(refusal);
      recordDecision(hold, req);
      return replyOf(hold);
    },
    {
      validator: (req) => {
        const refusal = refusalOf(checkpoints.get(req.stepId), req);
        if (refusal) throw refused(refusal);
      },
    },
  );
}

/** The steps that run after the checkpoint, with their inputs as they would be now: what approving does. */
async function dependentsPreview(scope: RunScope, step: StepDefinition): Promise<PreviewStep[]> {
  const dependents = scope.input.steps.filter((s) => s.needs.includes(step.id));
  let budget = PREVIEW_TOTAL_BYTES;
  return Promise.all(
    dependents.map(async (d) => {
      const base = { stepId: d.id, uses: d.uses, ...(d.forEach ? { forEach: true } : {}) };
      try {
        const rendered = await scope.renderValue(d.with, scope.context(), INPUTS, CONNECTOR_INPUT_BYTES);
        const bytes = jsonBytesUpTo(rendered, Math.min(PREVIEW_INPUT_BYTES, budget));
        const small = bytes !== Infinity;
        if (small) budget -= bytes;
        return {
          ...base,
          ...(small ? { with: rendered as Record<string, unknown> } : { renderError: "too large to preview" }),
        };
      } catch (err) {
        return { ...base, renderError: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/** Waits for the outcome, reminding and escalating on the way; the timers are durable. */
async function awaitOutcome(hold: CheckpointHold, spec: CheckpointSpec, openedAt: number): Promise<void> {
  const deadline = openedAt + spec.timeoutMs;
  let nextReminder = spec.remindEveryMs ? openedAt + spec.remindEveryMs : Infinity;
  let reminders = 0;
  const escalateAt = spec.escalateAfterMs ? openedAt + spec.escalateAfterMs : Infinity;
  for (;;) {
    const wake = Math.min(deadline, nextReminder, hold.escalated ? Infinity : escalateAt);
    const unsaved = () => hold.decisions.length > hold.saved;
    await condition(() => hold.outcome !== undefined || unsaved(), Math.max(wake - Date.now(), 1));
    if (hold.outcome) return;
    if (unsaved()) {
      // Partial quorums are kept as they come, so the inbox shows who has approved so far.
      await saveDecisions(spec, hold);
      continue;
    }
    const t = Date.now();
    if (t >= deadline) {
      hold.outcome = { status: "timed_out", at: now() };
      return;
    }
    if (!hold.escalated && t >= escalateAt) {
      hold.escalated = true;
      await notify(spec, "escalation");
    } else if (t >= nextReminder) {
      reminders += 1;
      nextReminder = nextReminderAt(t, spec.remindEveryMs!, reminders);
      await notify(spec, "reminder", reminders);
    }
  }
}

async function saveDecisions(spec: CheckpointSpec, hold: CheckpointHold): Promise<void> {
  const fresh = hold.decisions.slice(hold.saved);
  hold.saved = hold.decisions.length;
  await recordDecisions({ approvalId: spec.approvalId, decisions: fresh });
}

const notify = (spec: CheckpointSpec, reason: "request" | "reminder" | "escalation", number = 0) =>
  notifyCheckpoint({ approvalId: spec.approvalId, reason, number }).catch(() => undefined);

/** Shows the outcome where the request was made (a Slack message updated in place); best effort. */
const showOutcome = (spec: CheckpointSpec) =>
  showCheckpointOutcome({ approvalId: spec.approvalId }).catch(() => undefined);

/** Closes the approval row with the outcome and the decisions it does not have yet. */
const close = (spec: CheckpointSpec, hold: CheckpointHold) =>
  closeCheckpoint({
    approvalId: spec.approvalId,
    status: hold.outcome!.status,
    decidedAt: hold.outcome!.at,
    decisions: hold.decisions.slice(hold.saved),
  });

/** Holds an approval's edits for the steps they name, which apply them once rendered. */
function holdEdits(scope: RunScope, edits: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(edits)) {
    const { stepId, path } = editTarget(key);
    scope.edits.set(stepId, [...(scope.edits.get(stepId) ?? []), { path, value }]);
  }
}

/**
 * A checkpoint a re-run takes from the run it re-runs: decided as it was then. A rejection still
 * holds its dependents back, and an approval's edits still apply, so a re-run never does what a
 * person refused, nor loses what they changed.
 */
export function reusedCheckpoint(scope: RunScope, reused: StepState): StepState {
  const output = reused.output as { decision?: string; edits?: Record<string, unknown> } | null;
  if (output?.decision === "rejected") return { ...reused, halts: true, haltReason: "rejected" };
  if (output?.decision === "approved" && output.edits && typeof output.edits === "object")
    holdEdits(scope, output.edits);
  return reused;
}

/** The step's state once decided; edits of an approval are held for the steps they name. */
function settledState(scope: RunScope, hold: CheckpointHold, spec: CheckpointSpec): StepState {
  const status = hold.outcome!.status;
  const decisions = hold.decisions.map(({ edits: _e, values: _v, ...d }) => d);
  const base = { approvalId: spec.approvalId, decisions };
  const timedOut = status === "timed_out";
  if (timedOut && spec.onTimeout === "fail")
    return {
      status: "failed",
      error: { message: `nobody decided within ${spec.timeoutMs / 1000}s`, type: "CheckpointTimedOut" },
    };
  if (status === "rejected" || (timedOut && spec.onTimeout === "reject"))
    return {
      status: "succeeded",
      output: { ...base, decision: "rejected", timedOut },
      halts: true,
      haltReason: "rejected",
    };
  if (spec.kind === "task") return { status: "succeeded", output: formValues(hold, spec) };
  const edits = Object.assign({}, ...hold.decisions.map((d) => d.edits ?? {})) as Record<string, unknown>;
  holdEdits(scope, edits);
  return { status: "succeeded", output: { ...base, decision: "approved", timedOut, edits } };
}

/** A task's output: the submitted values over the form's defaults (a timeout that approves takes the defaults). */
function formValues(hold: CheckpointHold, spec: CheckpointSpec): Record<string, unknown> {
  const defaults = Object.fromEntries(spec.form.filter((f) => f.value !== undefined).map((f) => [f.key, f.value]));
  const submitted = hold.decisions.find((d) => d.decision === "submit")?.values ?? {};
  return { ...defaults, ...submitted };
}

/**
 * Whether `mode: auto` decides now: without `autoApproveIf` always; with it, while the
 * expression (plain JSONata, evaluated here over the preview as well as the usual context) holds.
 */
async function decidesAutomatically(scope: RunScope, rendered: Record<string, unknown>, preview: unknown) {
  if (rendered.mode !== "auto") return false;
  if (typeof rendered.autoApproveIf !== "string") return true;
  const context = { ...scope.context(), preview };
  return Boolean(
    await scope.renderValue(asTemplate(rendered.autoApproveIf), context, "the checkpoint's autoApproveIf"),
  );
}

const AUTO: DecisionRequest["actor"] = { email: "auto", name: "Automatic (autoApproveIf)", role: "owner" };

/**
 * Opens a checkpoint for `stepId`, waits for its outcome and closes it. The step shows `waiting`
 * meanwhile; a cancelled run closes the approval as cancelled.
 */
async function holdCheckpoint(
  scope: RunScope,
  stepId: string,
  props: Record<string, unknown>,
  dependents: PreviewStep[],
): Promise<{ hold: CheckpointHold; spec: CheckpointSpec }> {
  const hold: CheckpointHold = { decisions: [], escalated: false, saved: 0 };
  scope.checkpoints.set(stepId, hold);
  const openedAt = now();
  let spec: CheckpointSpec;
  try {
    spec = await openCheckpoint({ runId: scope.input.runId, stepId, props, dependents, openedAt });
  } catch (err) {
    // A decision accepted while it was opening must not wait for a checkpoint that never opens.
    hold.outcome = { status: "cancelled", at: now() };
    throw err;
  }
  hold.spec = spec;
  scope.state[stepId] = { status: "waiting", output: { approvalId: spec.approvalId } };
  try {
    const preview = Object.fromEntries(dependents.map((d) => [d.stepId, d.with ?? null]));
    if ((await decidesAutomatically(scope, props, preview)) && !hold.outcome)
      recordDecision(hold, { stepId, actor: AUTO, decision: "approve", channel: "auto" });
    else if (!hold.outcome) {
      await notify(spec, "request");
      await awaitOutcome(hold, spec, Date.parse(openedAt));
    }
  } catch (err) {
    // Whatever ends the step (a cancelled run, an autoApproveIf that fails), no approval stays open.
    hold.outcome ??= { status: "cancelled", at: now() };
    await CancellationScope.nonCancellable(async () => {
      await close(spec, hold);
      await showOutcome(spec);
    });
    throw err;
  }
  await close(spec, hold);
  scope.background.push(showOutcome(spec));
  return { hold, spec };
}

export { CHECKPOINT };

/** Runs a core.checkpoint step to its settled state (or throws, as any step may). */
export async function runCheckpoint(
  scope: RunScope,
  step: StepDefinition,
  rendered: Record<string, unknown>,
  startedAt: string,
): Promise<void> {
  const { hold, spec } = await holdCheckpoint(scope, step.id, rendered, await dependentsPreview(scope, step));
  scope.settle(step.id, settledState(scope, hold, spec), { input: rendered, startedAt, endedAt: now() });
}

/**
 * Test mode's implicit checkpoint before a step with side effects: the developer sees the rendered
 * request and approves it, or rejects it to skip the step as a dry run. True when approved.
 */
export async function approveTestStep(
  scope: RunScope,
  step: StepDefinition,
  rendered: Record<string, unknown> | undefined,
): Promise<boolean> {
  const props = {
    title: `Test run: ${step.id} (${step.uses})`,
    message: "Approve to run this step for real, or reject to skip it as a dry run.",
    allowSelfApproval: true,
    timeout: "1d",
  };
  const preview: PreviewStep = {
    stepId: step.id,
    uses: step.uses,
    ...(rendered ? { with: rendered } : { renderError: "rendered per item (forEach)", forEach: true }),
  };
  const { hold } = await holdCheckpoint(scope, step.id, props, [preview]);
  scope.state[step.id] = { status: "running" };
  return hold.outcome!.status === "approved";
}
