"use client";
import { Moment } from "~/components/runs/moment";
import { useNow } from "~/components/runs/use-now";
import { triggerLabel } from "~/lib/runs/format";
import { RunLink } from "./run-link";
import type { EventDetail } from "./types";

/** Every run of the event: the one it started, then its re-runs. */
export function EventRuns({ event, workspace }: { event: EventDetail; workspace: string }) {
  const now = useNow(10_000);
  if (event.runs.length === 0)
    return <p className="text-sm text-slate-600">No run: the event was kept, but started none.</p>;
  return (
    <ul className="space-y-2 text-sm">
      {event.runs.map((run) => (
        <li key={run.id} className="flex flex-wrap items-center justify-between gap-2">
          <RunLink workspace={workspace} run={run} />
          <span className="text-slate-600">
            {triggerLabel({ source: run.source, eventSource: event.source })} · <Moment iso={run.createdAt} now={now} />
          </span>
        </li>
      ))}
    </ul>
  );
}
