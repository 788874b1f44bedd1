"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { PageHeader } from "~/components/ui/card";
import { Fact } from "~/components/ui/fact";
import { StatusBadge } from "~/components/ui/status";
import { elapsedMs, formatDuration, shortId, triggerLabel } from "~/lib/runs/format";
import { isRunFinished } from "~/lib/runs/status";
import type { RunDetail } from "./types";
import { Moment } from "./moment";
import { TestModeMarker } from "./runs-table";
import { useNow } from "./use-now";

function RunFacts({ run, workspace }: { run: RunDetail; workspace: string }) {
  const now = useNow(500, !isRunFinished(run.status));
  const took = elapsedMs(run.startedAt, run.endedAt, now);
  return (
    <dl className="mb-6 flex flex-wrap gap-x-8 gap-y-3">
      <Fact label="Trigger">
        {triggerLabel(run)}
        {run.rerunOf && (
          <>
            {" of "}
            <Link className="text-accent-700 hover:underline" href={`/w/${workspace}/runs/${run.rerunOf}`}>
              run {shortId(run.rerunOf)}
            </Link>
            {run.fromStep ? ` from ${run.fromStep}` : ""}
          </>
        )}
      </Fact>
      <Fact label="Started">{run.startedAt ? <Moment iso={run.startedAt} now={now} /> : "Not yet"}</Fact>
      <Fact label="Duration">
        <span className="tabular-nums">{took === null ? "—" : formatDuration(took)}</span>
      </Fact>
      <Fact label="Version">v{run.version}</Fact>
      {run.startedBy && <Fact label="Started by">{run.startedBy}</Fact>}
    </dl>
  );
}

/** An engine error ends a run without any step's fault; it is shown as the engine gave it. */
function EngineError({ error }: { error: unknown }) {
  const message =
    error && typeof error === "object" && "message" in error ? String(error.message) : JSON.stringify(error);
  return (
    <p role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      The run ended early: {message}
    </p>
  );
}

export function RunHeader({ run, workspace, actions }: { run: RunDetail; workspace: string; actions: ReactNode }) {
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <Link href={`/w/${workspace}/workflows/${run.workflow}`} className="hover:underline">
              {run.workflowName}
            </Link>
            <span className="font-mono text-sm font-normal text-slate-500">run {shortId(run.id)}</span>
            <span className="sr-only">Status:</span>
            <span data-testid="run-status" data-status={run.status}>
              <StatusBadge status={run.status} />
            </span>
            {run.testMode && <TestModeMarker />}
          </span>
        }
        actions={actions}
      />
      <RunFacts run={run} workspace={workspace} />
      {run.error !== null && run.error !== undefined && <EngineError error={run.error} />}
    </>
  );
}
