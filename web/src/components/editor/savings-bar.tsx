"use client";
// What the workflow's remembered results (cached steps, incremental fan-outs) saved lately,
// under the parallelism bar; nothing at all while nothing was saved.
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, History } from "lucide-react";
import { formatSaved } from "~/lib/runs/format";
import { useTRPC } from "~/lib/trpc/react";
import { useEditor } from "./editor-context";

const STRIP = "flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-1.5 text-sm";

const saved = (w: { callsAvoided: number; timeSavedMs: number }) =>
  formatSaved({ calls: w.callsAvoided, ms: w.timeSavedMs });

export function SavingsBar() {
  const { slug } = useEditor();
  const trpc = useTRPC();
  const savings = useQuery({ ...trpc.workflows.savings.queryOptions({ slug: slug ?? "" }), enabled: !!slug });
  // While it loads there is nothing to say: most workflows remember nothing, and the strip would only flash.
  if (!slug || savings.isPending) return null;
  if (savings.isError)
    return (
      <div role="alert" className={`${STRIP} text-xs text-red-700`}>
        <span className="flex items-center gap-1.5">
          <AlertTriangle aria-hidden className="size-4" />
          What remembered results saved could not be loaded: {savings.error.message}
        </span>
        <button type="button" className="font-medium underline" onClick={() => void savings.refetch()}>
          Try again
        </button>
      </div>
    );
  const { last7Days: week, last30Days: month } = savings.data;
  if (!month.callsAvoided && !month.timeSavedMs) return null;
  return (
    <div role="status" aria-label="Saved by remembered results" data-testid="savings-line" className={STRIP}>
      <span className="flex items-center gap-1.5 text-slate-800">
        <History aria-hidden className="size-4 text-accent-600" />
        <span>
          <span className="font-medium">Saved by remembered results:</span> {saved(week)} over 7 days · {saved(month)}{" "}
          over 30 days
        </span>
      </span>
      <span className="text-xs text-slate-500">
        30 days: {month.cacheHits.toLocaleString("en-US")} cache hit{month.cacheHits === 1 ? "" : "s"},{" "}
        {month.reusedItems.toLocaleString("en-US")} reused item{month.reusedItems === 1 ? "" : "s"}
      </span>
    </div>
  );
}
