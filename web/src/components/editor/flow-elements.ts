// The canvas model (graph-model) as React Flow nodes and edges, with what the editor marks
// on them: selection, validation errors, the critical path, ordering-only edges.
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import { actionOf, connectorOf, type Catalog } from "~/lib/editor/catalog";
import { TRIGGER_NODE, type EditorGraph } from "~/lib/editor/graph-model";
import type { Position } from "~/lib/editor/layout";

export interface StepNodeData extends Record<string, unknown> {
  kind: "trigger" | "step";
  label: string;
  /** The operation (`slack.postMessage`), or the trigger's kind. */
  detail: string;
  title?: string;
  icon?: string;
  errors: number;
  critical: boolean;
}

export interface NeedsEdgeData extends Record<string, unknown> {
  orderingOnly: boolean;
  critical: boolean;
  trigger: boolean;
}

export type StepNode = Node<StepNodeData, "step">;
export type NeedsEdge = Edge<NeedsEdgeData, "needs">;

export interface Marks {
  positions: Readonly<Record<string, Position>>;
  selected: ReadonlySet<string>;
  selectedEdge: string | null;
  errors: ReadonlyMap<string, readonly unknown[]>;
  criticalPath: readonly string[];
}

export function flowNodes(graph: EditorGraph, catalog: Catalog, marks: Marks): StepNode[] {
  const critical = new Set(marks.criticalPath);
  return graph.nodes.map((n) => ({
    id: n.id,
    type: "step",
    position: marks.positions[n.id] ?? { x: 0, y: 0 },
    selected: marks.selected.has(n.id),
    deletable: n.kind === "step",
    data: {
      kind: n.kind,
      label: n.label,
      detail: n.kind === "trigger" ? `${n.data.type} trigger` : n.uses,
      title: n.kind === "step" ? actionOf(catalog, n.uses)?.title : undefined,
      icon: n.uses ? connectorOf(catalog, n.uses)?.icon : undefined,
      errors: marks.errors.get(n.id)?.length ?? 0,
      critical: n.kind === "trigger" ? marks.criticalPath.length > 0 : critical.has(n.id),
    },
  }));
}

/** Consecutive pairs of the critical path, and the trigger edge into its first step. */
function criticalEdges(path: readonly string[]): Set<string> {
  const ids = new Set(path.slice(1).map((id, i) => `${path[i]}->${id}`));
  if (path[0]) ids.add(`${TRIGGER_NODE}->${path[0]}`);
  return ids;
}

export function flowEdges(graph: EditorGraph, marks: Marks): NeedsEdge[] {
  const critical = criticalEdges(marks.criticalPath);
  return graph.edges.map((e) => ({
    id: e.id,
    type: "needs",
    source: e.source,
    target: e.target,
    selected: marks.selectedEdge === e.id,
    deletable: e.kind === "needs",
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    data: { orderingOnly: e.orderingOnly, critical: critical.has(e.id), trigger: e.kind === "trigger" },
  }));
}
