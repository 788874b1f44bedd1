"use client";
// A node on the canvas: the trigger or a step, with its connector's icon, its errors
// (red ring and count) and whether it is on the critical path.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { Zap } from "lucide-react";
import { cn } from "~/components/ui/cn";
import { iconSource } from "~/lib/editor/catalog";
import type { StepNode as StepNodeType } from "./flow-elements";

function NodeIcon({ icon }: { icon?: string }) {
  const src = iconSource(icon);
  if (!src) return <Zap aria-hidden className="size-5 shrink-0 text-accent-600" />;
  return <img src={src} alt="" className="size-5 shrink-0" />;
}

export function StepNode({ id, data, selected }: NodeProps<StepNodeType>) {
  const step = data.kind === "step";
  return (
    <div
      data-testid={`node-${id}`}
      aria-label={`${step ? "Step" : "Trigger"} ${data.label}${data.errors ? `, ${data.errors} errors` : ""}`}
      className={cn(
        "flex w-60 items-center gap-2.5 rounded-lg border bg-white px-3 py-2.5 shadow-sm",
        data.critical ? "border-amber-400" : "border-slate-300",
        selected && "ring-2 ring-accent-500",
        data.errors > 0 && "ring-2 ring-red-500",
        !step && "bg-slate-50",
      )}
    >
      {step && <Handle type="target" position={Position.Top} aria-label={`Make ${id} depend on a step`} />}
      <NodeIcon icon={data.icon} />
      <div className="min-w-0 flex-1">
        <div className="truncate text-sm font-semibold text-slate-900">{data.label}</div>
        <div className="truncate font-mono text-xs text-slate-500" title={data.title}>
          {data.detail}
        </div>
      </div>
      {data.errors > 0 && (
        <span
          className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white"
          title={`${data.errors} error${data.errors === 1 ? "" : "s"}`}
        >
          {data.errors}
        </span>
      )}
      <Handle type="source" position={Position.Bottom} aria-label={`Make a step depend on ${id}`} />
    </div>
  );
}
