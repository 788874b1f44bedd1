// Where a step appears when it is added or pasted, before anyone tidies: under the steps it
// needs, moved aside until it overlaps nothing.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { TRIGGER_NODE } from "./graph-model";
import { DEFAULT_NODE_SIZE, type Position } from "./layout";

const ROW = DEFAULT_NODE_SIZE.height + 64;
const COLUMN = DEFAULT_NODE_SIZE.width + 48;

const overlaps = (a: Position, b: Position) =>
  Math.abs(a.x - b.x) < DEFAULT_NODE_SIZE.width && Math.abs(a.y - b.y) < DEFAULT_NODE_SIZE.height;

/** Positions for the nodes that have none, in definition order, each seeing the ones placed before it. */
export function placeMissing(
  d: Pick<WorkflowDefinition, "steps">,
  positions: Readonly<Record<string, Position>>,
): Record<string, Position> {
  const out: Record<string, Position> = { ...positions };
  if (!out[TRIGGER_NODE]) out[TRIGGER_NODE] = { x: 0, y: 0 };
  for (const step of d.steps) {
    if (out[step.id]) continue;
    const parents = (step.needs.length ? step.needs : [TRIGGER_NODE]).flatMap((n) => (out[n] ? [out[n]] : []));
    let at: Position = parents.length
      ? { x: parents[0]!.x, y: Math.max(...parents.map((p) => p.y)) + ROW }
      : { x: 0, y: Math.max(...Object.values(out).map((p) => p.y)) + ROW };
    while (Object.values(out).some((p) => overlaps(p, at))) at = { x: at.x + COLUMN, y: at.y };
    out[step.id] = at;
  }
  return out;
}

/** Positions of the steps that still exist (and the trigger's). */
export function keepExisting(
  d: Pick<WorkflowDefinition, "steps">,
  positions: Readonly<Record<string, Position>>,
): Record<string, Position> {
  const ids = new Set([TRIGGER_NODE, ...d.steps.map((s) => s.id)]);
  return Object.fromEntries(Object.entries(positions).filter(([id]) => ids.has(id)));
}
