"use client";
// What is selected on the canvas: nodes (steps and the trigger) or one edge, never both.
// The canvas reports selection changes per node and per edge, in either order; each is
// applied to the latest state so the two reports agree.
import { useMemo, useState } from "react";

interface State {
  nodes: string[];
  /** An edge's id, `<source>-><target>`. */
  edge: string | null;
}

export interface Selection extends State {
  selectNodes(ids: string[]): void;
  clear(): void;
  /** The canvas's reports: nodes (de)selected, an edge (de)selected. */
  nodesChanged(changes: readonly { id: string; selected: boolean }[]): void;
  edgeChanged(id: string, selected: boolean): void;
}

function withNodeChanges(s: State, changes: readonly { id: string; selected: boolean }[]): State {
  const nodes = new Set(s.nodes);
  for (const c of changes) {
    if (c.selected) nodes.add(c.id);
    else nodes.delete(c.id);
  }
  return nodes.size ? { nodes: [...nodes], edge: null } : { nodes: [], edge: s.edge };
}

export function useSelection(): Selection {
  const [state, setState] = useState<State>({ nodes: [], edge: null });
  return useMemo(
    () => ({
      ...state,
      selectNodes: (nodes) => setState({ nodes, edge: null }),
      clear: () => setState({ nodes: [], edge: null }),
      nodesChanged: (changes) => setState((s) => withNodeChanges(s, changes)),
      edgeChanged: (id, selected) =>
        setState((s) => (selected ? { nodes: [], edge: id } : s.edge === id ? { ...s, edge: null } : s)),
    }),
    [state],
  );
}
