"use client";
// A `needs` edge: solid when data flows along it, dashed when it only orders two steps
// (with the button that removes it: "run these in parallel"), amber on the critical path.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { Split } from "lucide-react";
import { cn } from "~/components/ui/cn";
import { useEditor } from "./editor-context";
import type { NeedsEdge as NeedsEdgeType } from "./flow-elements";

export function NeedsEdge(props: EdgeProps<NeedsEdgeType>) {
  const { source, target, data, selected } = props;
  const { commands, canEdit } = useEditor();
  const [path, labelX, labelY] = getBezierPath(props);
  const stroke = selected ? "var(--color-accent-600)" : data?.critical ? "#f59e0b" : "#94a3b8";
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        style={{
          stroke,
          strokeWidth: data?.critical || selected ? 2.5 : 1.5,
          strokeDasharray: data?.orderingOnly ? "6 4" : data?.trigger ? "2 4" : undefined,
        }}
      />
      {data?.orderingOnly && canEdit && (
        <EdgeLabelRenderer>
          <button
            type="button"
            onClick={() => commands.disconnect(source, target)}
            title={`"${target}" reads nothing of "${source}": remove this edge so they run in parallel`}
            aria-label={`Run ${source} and ${target} in parallel`}
            className={cn(
              "nodrag nopan pointer-events-auto absolute inline-flex items-center gap-1 rounded-full border border-dashed",
              "border-slate-400 bg-white px-2 py-0.5 text-xs text-slate-700 hover:border-accent-600 hover:text-accent-700",
            )}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            <Split aria-hidden className="size-3" /> Run in parallel
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
