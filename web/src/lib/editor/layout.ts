// Layered top-to-bottom layout: each step a rank below the steps it needs, so steps
// that can run at once sit side by side.
import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { EditorGraph } from "./graph-model";

export interface Size {
  width: number;
  height: number;
}

export interface Position {
  x: number;
  y: number;
}

export const DEFAULT_NODE_SIZE: Size = { width: 240, height: 72 };

/**
 * Top-left corner of every node (what React Flow positions by; dagre gives centres).
 * Deterministic: dagre has no randomness, and nodes and edges go in in the graph's order.
 */
export function layoutGraph(
  graph: EditorGraph,
  sizes: Readonly<Record<string, Size>> = {},
  defaultSize: Size = DEFAULT_NODE_SIZE,
): Record<string, Position> {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: "TB", nodesep: 48, ranksep: 64, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizeOf = (id: string) => (Object.hasOwn(sizes, id) ? sizes[id]! : defaultSize);
  for (const node of graph.nodes) g.setNode(node.id, { ...sizeOf(node.id) });
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target);
  layout(g);
  return Object.fromEntries(
    graph.nodes.map((node) => {
      const { x, y, width, height } = g.node(node.id);
      return [node.id, { x: x! - width / 2, y: y! - height / 2 }];
    }),
  );
}
