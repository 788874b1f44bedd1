"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { StatusBadge } from "~/components/ui/status";
import { queryOf, type RunFilters } from "~/lib/runs/filters";
import { elapsedMs, formatDuration, shortId, triggerLabel } from "~/lib/runs/format";
import { useTRPC } from "~/lib/trpc/react";
import type { RunSummary } from "./types";
import { Moment } from "./moment";
import { useNow } from "./use-now";

const PAGE_SIZE = 25;
/** New runs appear, and running ones end, without a reload. */
const REFRESH_MS = 5_000;

export const TestModeMarker = () => (
  <span className="inline-flex items-center gap-1 rounded-full bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-800">
    <FlaskConical aria-hidden className="size-3" />
    Test
  </span>
);

function RunRow({ run, workspace, now }: { run: RunSummary; workspace: string; now: number }) {
  const started = run.startedAt ?? run.createdAt;
  const took = elapsedMs(run.startedAt, run.endedAt, now);
  return (
    <tr className="border-t border-slate-100 hover:bg-slate-50" data-testid={`run-row-${run.id}`}>
      <td className="px-4 py-2.5">
        <StatusBadge status={run.status} />
      </td>
      <td className="px-4 py-2.5">
        <Link href={`/w/${workspace}/runs/${run.id}`} className="font-medium text-accent-700 hover:underline">
          {run.workflow}
          <span className="sr-only"> run {run.id}</span>
        </Link>
        <span className="ml-2 font-mono text-xs text-slate-500">{shortId(run.id)}</span>
      </td>
      <td className="px-4 py-2.5 text-slate-700">{triggerLabel(run)}</td>
      <td className="px-4 py-2.5 text-slate-700">
        <Moment iso={started} now={now} />
      </td>
      <td className="px-4 py-2.5 text-slate-700 tabular-nums">{took === null ? "—" : formatDuration(took)}</td>
      <td className="px-4 py-2.5">{run.testMode && <TestModeMarker />}</td>
    </tr>
  );
}

function Table({ runs, workspace }: { runs: RunSummary[]; workspace: string }) {
  const now = useNow(1_000);
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs font-medium text-slate-500 uppercase">
          <tr>
            {["Status", "Workflow", "Trigger", "Started", "Duration", "Mode"].map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} workspace={workspace} now={now} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function RunsTable({ workspace, filters }: { workspace: string; filters: RunFilters }) {
  const trpc = useTRPC();
  // A preset range counts back from when it was chosen, so the query (and its cache key) holds still.
  const query = useMemo(() => queryOf(filters, Date.now()), [filters]);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { ...query, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: REFRESH_MS },
    ),
  );
  if (runs.isPending) return <Loading label="Loading runs" />;
  if (runs.isError) return <ErrorState error={runs.error} retry={() => void runs.refetch()} />;
  const items = runs.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <EmptyState title={Object.keys(filters).length ? "No runs match these filters" : "No runs yet"}>
        Runs appear here as soon as a workflow is triggered: by its webhook, the API, or a test run from the editor.
      </EmptyState>
    );
  return (
    <div className="space-y-4">
      <Table runs={items} workspace={workspace} />
      {runs.hasNextPage && (
        <div className="flex justify-center">
          <Button onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            {runs.isFetchingNextPage ? "Loading…" : "Load more runs"}
          </Button>
        </div>
      )}
    </div>
  );
}
