"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import { cn } from "~/components/ui/cn";
import { statusStyle } from "~/components/ui/status";
import { definitionToGraph, TRIGGER_NODE } from "~/lib/editor/graph-model";
import { DEFAULT_NODE_SIZE, layoutGraph } from "~/lib/editor/layout";
import type { RunDetail } from "./types";

interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  uses: string;
  status: string;
  /** Why it was skipped, reused or cancelled, in words. */
  note: string | null;
  selected: boolean;
  onSelect(stepId: string): void;
}

const HIDDEN_HANDLE = "!pointer-events-none !opacity-0";

function StepNode({ data }: NodeProps<Node<StepNodeData>>) {
  const style = statusStyle(data.status);
  return (
    <div data-testid={`graph-node-${data.stepId}`} data-status={data.status} style={DEFAULT_NODE_SIZE}>
      <Handle type="target" position={Position.Top} isConnectable={false} className={HIDDEN_HANDLE} />
      <button
        type="button"
        onClick={() => data.onSelect(data.stepId)}
        aria-pressed={data.selected}
        aria-label={`Step ${data.stepId}: ${style.label}${data.note ? `, ${data.note}` : ""}`}
        className={cn(
          "nodrag flex size-full cursor-pointer flex-col items-start justify-center gap-0.5 rounded-lg border-2 bg-white px-3 text-left shadow-xs",
          data.selected ? "border-accent-600 ring-2 ring-accent-200" : "border-slate-200",
        )}
      >
        <span className="flex w-full items-center justify-between gap-2">
          <span className="truncate text-sm font-semibold">{data.stepId}</span>
          <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", style.badge)}>{style.label}</span>
        </span>
        <span className="w-full truncate font-mono text-xs text-slate-500">{data.note ?? data.uses}</span>
      </button>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className={HIDDEN_HANDLE} />
    </div>
  );
}

function TriggerNode({ data }: NodeProps<Node<{ label: string }>>) {
  return (
    <div
      style={DEFAULT_NODE_SIZE}
      className="flex items-center justify-center rounded-full border-2 border-dashed border-slate-300 bg-slate-50 text-sm font-medium text-slate-600"
    >
      {data.label}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className={HIDDEN_HANDLE} />
    </div>
  );
}

const NODE_TYPES = { step: StepNode, trigger: TriggerNode };

interface Props {
  run: RunDetail;
  selected: string | null;
  onSelect(stepId: string): void;
  notes: Readonly<Record<string, string | null>>;
}

/** The run's graph, laid out as the editor lays it out, each step in its live status colour. Read-only. */
export function RunGraph({ run, selected, onSelect, notes }: Props) {
  const graph = useMemo(() => definitionToGraph(run.definition), [run.definition]);
  const positions = useMemo(() => layoutGraph(graph), [graph]);
  const status = new Map(run.steps.map((s) => [s.id, s.status]));
  const nodes: Node[] = graph.nodes.map((n) =>
    n.kind === "trigger"
      ? { id: n.id, type: "trigger", position: positions[n.id]!, data: { label: n.label } }
      : {
          id: n.id,
          type: "step",
          position: positions[n.id]!,
          // React Flow lets clicks through only to nodes it can select or drag; these are neither, yet pressable.
          style: { pointerEvents: "all" },
          data: {
            stepId: n.id,
            uses: n.uses,
            status: status.get(n.id) ?? "pending",
            note: notes[n.id] ?? null,
            selected: selected === n.id,
            onSelect,
          } satisfies StepNodeData,
        },
  );
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    animated: e.source !== TRIGGER_NODE && status.get(e.target) === "running",
    style: { strokeDasharray: e.kind === "trigger" ? "4 4" : undefined },
  }));
  return (
    <div className="h-[420px] w-full" role="group" aria-label="Workflow graph with each step's status">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        minZoom={0.2}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
