// The editor's canvas model of a definition: nodes and edges, and back, losslessly.
// Edges are where `needs` live while editing; node data holds the rest of each step.
import {
  findCycle,
  orderingOnlyEdges,
  removeEdge,
  type StepDefinition,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";

/** The trigger's node id. The schema lets a step be called "trigger" too, which the canvas cannot tell apart. */
export const TRIGGER_NODE = "trigger";

type Trigger = WorkflowDefinition["trigger"];

export type GraphNode =
  | { id: typeof TRIGGER_NODE; kind: "trigger"; uses: string | undefined; label: string; data: Trigger }
  /** `id` and `uses` repeat the step's for the canvas; `data` is what is saved (without `needs`). */
  | { id: string; kind: "step"; uses: string; label: string; data: Omit<StepDefinition, "needs"> };

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** `needs` edges that carry no data (see orderingOnlyEdges); never a trigger edge. */
  orderingOnly: boolean;
  /** A trigger edge only draws a root step hanging from the trigger; it is no `needs`. */
  kind: "needs" | "trigger";
}

export interface EditorGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const TRIGGER_LABEL: Record<Trigger["type"], string> = {
  webhook: "Webhook",
  manual: "Manual start",
  poll: "Poll",
  event: "Event",
  schedule: "Schedule",
};

const edgeId = (source: string, target: string) => `${source}->${target}`;

/** Edges in step order: a root step's trigger edge, or its needs in `needs` order. */
function edgesOf(steps: readonly StepDefinition[]): GraphEdge[] {
  const orderingOnly = new Set(orderingOnlyEdges({ steps }).map((e) => edgeId(e.from, e.to)));
  return steps.flatMap((s): GraphEdge[] =>
    s.needs.length === 0
      ? [{ id: edgeId(TRIGGER_NODE, s.id), source: TRIGGER_NODE, target: s.id, orderingOnly: false, kind: "trigger" }]
      : s.needs.map((n) => ({
          id: edgeId(n, s.id),
          source: n,
          target: s.id,
          orderingOnly: orderingOnly.has(edgeId(n, s.id)),
          kind: "needs",
        })),
  );
}

export function definitionToGraph(definition: WorkflowDefinition): EditorGraph {
  const { trigger } = definition;
  const uses = "uses" in trigger ? trigger.uses : undefined;
  const triggerNode: GraphNode = {
    id: TRIGGER_NODE,
    kind: "trigger",
    uses,
    label: uses ?? TRIGGER_LABEL[trigger.type],
    data: trigger,
  };
  const stepNodes = definition.steps.map(
    ({ needs: _needs, ...data }): GraphNode => ({ id: data.id, kind: "step", uses: data.uses, label: data.id, data }),
  );
  return { nodes: [triggerNode, ...stepNodes], edges: edgesOf(definition.steps) };
}

/** Steps in node order, each with the needs its edges give, in edge order. */
function stepsOf(graph: EditorGraph): StepDefinition[] {
  const needs = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind !== "needs") continue;
    const list = needs.get(e.target);
    if (list) list.push(e.source);
    else needs.set(e.target, [e.source]);
  }
  return graph.nodes.flatMap((n) => (n.kind === "step" ? [{ ...n.data, needs: needs.get(n.id) ?? [] }] : []));
}

/** The definition the graph shows; `base` gives what the canvas does not hold (name, description). */
export function graphToDefinition(graph: EditorGraph, base: WorkflowDefinition): WorkflowDefinition {
  const node = graph.nodes.find((n) => n.kind === "trigger");
  const trigger = node?.kind === "trigger" ? node.data : base.trigger;
  return { ...base, trigger, steps: stepsOf(graph) };
}

export type EdgeChange = { ok: true; graph: EditorGraph } | { ok: false; error: string };

/** `target` needs `source`: refused for the trigger, self-edges, duplicates and cycles. */
export function addNeed(graph: EditorGraph, source: string, target: string): EdgeChange {
  if (source === TRIGGER_NODE || target === TRIGGER_NODE)
    return { ok: false, error: "the trigger starts every step without needs; connect steps to each other" };
  const steps = stepsOf(graph);
  const step = steps.find((s) => s.id === target);
  if (!step || !steps.some((s) => s.id === source)) return { ok: false, error: `no step "${source}" or "${target}"` };
  if (source === target) return { ok: false, error: `step "${target}" cannot need itself` };
  if (step.needs.includes(source)) return { ok: false, error: `"${target}" already needs "${source}"` };
  step.needs = [...step.needs, source];
  const cycle = findCycle(steps);
  if (cycle)
    return {
      ok: false,
      error: `"${target}" cannot need "${source}": dependency cycle ${[...cycle, cycle[0]].join(" → ")}`,
    };
  return { ok: true, graph: { nodes: graph.nodes, edges: edgesOf(steps) } };
}

/** Drops `target`'s need of `source`; a step left without needs hangs from the trigger again. */
export function removeNeed(graph: EditorGraph, source: string, target: string): EdgeChange {
  const steps = stepsOf(graph);
  if (!steps.find((s) => s.id === target)?.needs.includes(source))
    return { ok: false, error: `"${target}" does not need "${source}"` };
  return { ok: true, graph: { nodes: graph.nodes, edges: edgesOf(removeEdge({ steps }, source, target).steps) } };
}
