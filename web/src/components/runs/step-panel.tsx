"use client";
import { RotateCcw, X } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { ErrorState, Spinner } from "~/components/ui/states";
import { StatusBadge } from "~/components/ui/status";
import { elapsedMs, formatDuration } from "~/lib/runs/format";
import { isRunFinished, isStepSettled } from "~/lib/runs/status";
import type { RunDetail, StepStateView } from "./types";
import { Part } from "./panel-part";
import { ApprovalSection } from "./step-approval";
import { IncrementalItems, StepOrigin } from "./step-memory";
import { PayloadView } from "./step-payload";
import { useNow } from "./use-now";
import { useStepDetail } from "./use-step-detail";

function StepError({ step }: { step: StepStateView }) {
  const error = step.error as { message?: unknown; type?: unknown } | null;
  const message = typeof error?.message === "string" ? error.message : JSON.stringify(step.error);
  return (
    <Part title="Error">
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        {message}
        {typeof error?.type === "string" && <span className="ml-1 font-mono text-xs">({error.type})</span>}
      </p>
      <p className="text-xs text-slate-600">
        {step.attempts === 1 ? "Failed on its first attempt." : `Failed after ${step.attempts} attempts.`}
      </p>
    </Part>
  );
}

function Payloads({ runId, stepId }: { runId: string; stepId: string }) {
  const detail = useStepDetail(runId, stepId);
  if (detail.isPending) return <Spinner label="Loading input and output" />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  const { input, output } = detail.data;
  return (
    <>
      <Part title="Input">
        {input ? (
          <PayloadView runId={runId} stepId={stepId} part="input" payload={input} />
        ) : (
          <p className="text-sm text-slate-500">None recorded.</p>
        )}
      </Part>
      <Part title="Output">
        {output ? (
          <PayloadView runId={runId} stepId={stepId} part="output" payload={output} />
        ) : (
          <p className="text-sm text-slate-500">None recorded.</p>
        )}
      </Part>
    </>
  );
}

function Timing({ step, now }: { step: StepStateView; now: number }) {
  const took = elapsedMs(step.startedAt, step.endedAt, now);
  if (took === null) return <p className="text-sm text-slate-600">Not started.</p>;
  return (
    <p className="text-sm text-slate-600">
      Started <time dateTime={step.startedAt!}>{new Date(step.startedAt!).toLocaleTimeString()}</time>
      {step.endedAt ? ", took " : ", running for "}
      <span className="tabular-nums">{formatDuration(took)}</span>
      {step.attempts > 1 ? ` (${step.attempts} attempts)` : ""}
    </p>
  );
}

interface Props {
  workspace: string;
  run: RunDetail;
  stepId: string;
  /** Why it ended as it did, when that is not plain success or failure. */
  note: string | null;
  canEdit: boolean;
  onRerunFrom(stepId: string): void;
  rerunPending: boolean;
  onClose(): void;
}

/** One step: what it was given and gave back, why it failed or was skipped, and who decided its checkpoint. */
export function StepPanel({ workspace, run, stepId, note, canEdit, onRerunFrom, rerunPending, onClose }: Props) {
  const step = run.steps.find((s) => s.id === stepId)!;
  const heading = useRef<HTMLHeadingElement>(null);
  // Choosing a step (in the graph or the timeline) takes the reader to its details.
  useEffect(() => heading.current?.focus(), [stepId]);
  const finished = isRunFinished(run.status);
  const now = useNow(1_000, !isStepSettled(step.status));
  return (
    <Card className="space-y-4 p-4" role="region" aria-labelledby="step-panel-title">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2
            id="step-panel-title"
            ref={heading}
            tabIndex={-1}
            className="truncate text-base font-semibold outline-none"
          >
            {stepId}
          </h2>
          <p className="truncate font-mono text-xs text-slate-500">{step.uses}</p>
        </div>
        <div className="flex items-center gap-1">
          <StatusBadge status={step.status} />
          <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close step details">
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      </div>
      <Timing step={step} now={now} />
      {step.cachedFrom || step.reusedFrom ? (
        <StepOrigin step={step} workspace={workspace} />
      ) : (
        note && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{note}</p>
      )}
      {step.status === "failed" && <StepError step={step} />}
      {step.approval && <ApprovalSection approval={step.approval} />}
      <IncrementalItems runId={run.id} step={step} />
      <Payloads runId={run.id} stepId={stepId} />
      {canEdit && (
        <Button
          variant="primary"
          onClick={() => onRerunFrom(stepId)}
          disabled={!finished || rerunPending}
          title={finished ? `A new run that reuses what ran before ${stepId}` : "Available once the run has ended"}
        >
          <RotateCcw aria-hidden className="size-4" />
          Re-run from here
        </Button>
      )}
    </Card>
  );
}
