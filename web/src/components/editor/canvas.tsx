"use client";
// The workflow as a graph: steps as nodes, `needs` as edges. Dragging from a node's bottom
// handle to another node adds a dependency; the editor's keyboard removes what is selected.
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  type EdgeChange,
  type NodeChange,
  type Connection,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { definitionToGraph } from "~/lib/editor/graph-model";
import { useEditor } from "./editor-context";
import { flowEdges, flowNodes, type NeedsEdge as NeedsEdgeType, type StepNode as StepNodeType } from "./flow-elements";
import { NeedsEdge } from "./needs-edge";
import { StepNode } from "./step-node";

const NODE_TYPES = { step: StepNode };
const EDGE_TYPES = { needs: NeedsEdge };

function useFlowElements() {
  const { draft, catalog, positions, selection, validation, report } = useEditor();
  const graph = useMemo(() => definitionToGraph(draft.definition), [draft.definition]);
  return useMemo(() => {
    const marks = {
      positions: positions.positions,
      selected: new Set(selection.nodes),
      selectedEdge: selection.edge,
      errors: validation.byNode,
      criticalPath: report.criticalPath,
    };
    return { nodes: flowNodes(graph, catalog, marks), edges: flowEdges(graph, marks) };
  }, [graph, catalog, positions.positions, selection, validation.byNode, report.criticalPath]);
}

/** Brings a step that was just added or pasted into view. */
function useFollowNewSteps(count: number) {
  const { fitView } = useReactFlow();
  const seen = useRef(count);
  useEffect(() => {
    const grew = count > seen.current;
    seen.current = count;
    if (!grew) return;
    // After the new node has been measured, or the view leaves it out.
    const timer = setTimeout(() => void fitView({ duration: 200, maxZoom: 1 }), 50);
    return () => clearTimeout(timer);
  }, [count, fitView]);
}

export function Canvas() {
  const { canEdit, commands, positions, selection } = useEditor();
  const { nodes, edges } = useFlowElements();
  useFollowNewSteps(nodes.length);
  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      const selects: { id: string; selected: boolean }[] = [];
      for (const c of changes) {
        if (c.type === "position" && c.position) positions.move(c.id, c.position);
        if (c.type === "select") selects.push({ id: c.id, selected: c.selected });
      }
      if (selects.length) selection.nodesChanged(selects);
    },
    [positions, selection],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<NeedsEdgeType>[]) => {
      for (const c of changes) if (c.type === "select") selection.edgeChanged(c.id, c.selected);
    },
    [selection],
  );
  const onConnect = useCallback((c: Connection) => commands.connect(c.source, c.target), [commands]);
  return (
    <div className="h-full w-full" data-testid="workflow-canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        nodesConnectable={canEdit}
        nodesDraggable
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
