"use client";
// Parallelism made visible: how many steps run at once and what that saves, the critical
// path (highlighted on the canvas), and the edges that only order steps, each removable.
import { Split, Timer } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { describeParallelism } from "~/lib/editor/parallelism-report";
import { formatDuration } from "~/lib/runs/format";
import { useEditor } from "./editor-context";

function OrderingOnly() {
  const { report, commands, canEdit } = useEditor();
  const [open, setOpen] = useState(false);
  const edges = report.orderingOnly;
  if (!edges.length) return null;
  return (
    <div className="relative">
      <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Split aria-hidden className="size-4" />
        {edges.length} edge{edges.length === 1 ? "" : "s"} only order steps
      </Button>
      {open && (
        <div className="absolute right-0 z-20 mt-1 w-80 space-y-2 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
          <p className="text-xs text-slate-600">
            These steps read nothing of the step they wait for (dashed on the canvas). Removing the edge lets them run
            in parallel; a failure upstream then no longer skips them.
          </p>
          <ul className="space-y-1">
            {edges.map(({ from, to }) => (
              <li key={`${from}->${to}`} className="flex items-center justify-between gap-2 text-sm">
                <span className="font-mono text-xs">
                  {from} → {to}
                </span>
                {canEdit && (
                  <Button
                    size="sm"
                    onClick={() => commands.disconnect(from, to)}
                    aria-label={`Run ${from} and ${to} in parallel`}
                  >
                    Run in parallel
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ParallelismBar() {
  const { report } = useEditor();
  const measured = report.estimated.length < report.summary.steps;
  return (
    <div
      role="status"
      aria-label="Parallelism"
      data-testid="parallelism-bar"
      className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-1.5 text-sm"
    >
      <span className="flex items-center gap-1.5 font-medium text-slate-800">
        <Timer aria-hidden className="size-4 text-accent-600" />
        {describeParallelism(report)}
      </span>
      {report.criticalPath.length > 1 && (
        <span className="text-slate-600">
          Critical path: <span className="font-mono text-xs text-amber-700">{report.criticalPath.join(" → ")}</span>
        </span>
      )}
      {report.estimated.length > 0 && report.summary.steps > 0 && (
        <span className="text-xs text-slate-500">
          {measured
            ? `${report.estimated.length} step(s) without timings counted as ${formatDuration(report.assumedMs)}`
            : `No timed runs yet: each step counted as ${formatDuration(report.assumedMs)}`}
        </span>
      )}
      <div className="ml-auto">
        <OrderingOnly />
      </div>
    </div>
  );
}
