"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "~/components/ui/button";
import { CardSection } from "~/components/ui/card";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { outcomeReason } from "~/lib/runs/skip-reason";
import { isRunFinished } from "~/lib/runs/status";
import { useTRPC } from "~/lib/trpc/react";
import type { RunDetail } from "./types";
import { RunActionBar } from "./run-actions";
import { RunGantt } from "./run-gantt";
import { RunGraph } from "./run-graph";
import { RunHeader } from "./run-header";
import { StepPanel } from "./step-panel";
import { useRunActions } from "./use-run-actions";

/** How often a run that has not finished is read again; a finished one is not. */
const LIVE_REFRESH_MS = 1_000;

interface Props {
  workspace: string;
  runId: string;
  canEdit: boolean;
  temporalUrl: string;
}

function useNotes(run: RunDetail | undefined): Record<string, string | null> {
  return useMemo(() => {
    if (!run) return {};
    const context = {
      steps: run.definition.steps,
      outcomes: Object.fromEntries(run.steps.map((s) => [s.id, s])),
      rerunOf: run.rerunOf,
    };
    return Object.fromEntries(run.steps.map((s) => [s.id, outcomeReason(s.id, context)]));
  }, [run]);
}

export function RunScreen({ workspace, runId, canEdit, temporalUrl }: Props) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.runs.detail.queryOptions(
      { id: runId },
      { refetchInterval: (q) => (q.state.data && isRunFinished(q.state.data.status) ? false : LIVE_REFRESH_MS) },
    ),
  );
  const [selected, setSelected] = useState<string | null>(null);
  const actions = useRunActions(workspace, runId);
  const notes = useNotes(detail.data);
  if (detail.isPending) return <Loading label="Loading run" />;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND")
      return <EmptyState title="Run not found">This workspace has no run {runId}.</EmptyState>;
    return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const run = detail.data;
  return (
    <>
      <RunHeader
        run={run}
        workspace={workspace}
        actions={
          <RunActionBar run={run} workspace={workspace} canEdit={canEdit} temporalUrl={temporalUrl} actions={actions} />
        }
      />
      {actions.error && (
        // Fixed, so a refusal is seen whether the action was in the header or at the end of the step panel.
        <div className="fixed right-6 bottom-6 z-50 w-96 max-w-[calc(100vw-3rem)] space-y-2 shadow-lg">
          <ErrorState error={actions.error} />
          <Button size="sm" onClick={actions.dismissError}>
            Dismiss
          </Button>
        </div>
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-6">
          <CardSection title="Graph">
            <RunGraph run={run} selected={selected} onSelect={setSelected} notes={notes} />
          </CardSection>
          <CardSection title="Timeline">
            <RunGantt run={run} selected={selected} onSelect={setSelected} />
          </CardSection>
        </div>
        <div className="xl:sticky xl:top-6 xl:self-start">
          {selected && run.steps.some((s) => s.id === selected) ? (
            <StepPanel
              workspace={workspace}
              run={run}
              stepId={selected}
              note={notes[selected] ?? null}
              canEdit={canEdit}
              onRerunFrom={actions.rerun}
              rerunPending={actions.pending}
              onClose={() => setSelected(null)}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">
              Choose a step in the graph or the timeline to see its input, output, error and decisions.
            </p>
          )}
        </div>
      </div>
    </>
  );
}
