// Validation errors where the editor shows them: on a node (the trigger or a step) and,
// when the path goes that deep, on one of its fields.
import type { ValidationError, WorkflowDefinition } from "@switchyard/workflows/definition";
import { TRIGGER_NODE } from "./graph-model";

export interface PlacedError {
  /** The node's id (a step id, or the trigger's), or undefined for the workflow as a whole. */
  node?: string;
  /** The field under the node, dotted: `with.text`, `needs`, `retry.maxAttempts`. Empty for the node itself. */
  field: string;
  message: string;
}

/** `$.steps[3].with.text` (the validator's) or `steps.3.with.text` → ["steps", 3, "with", "text"]. */
export function pathSegments(path: string): (string | number)[] {
  return path
    .replace(/^\$\.?/, "")
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== "")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function placeError(d: Pick<WorkflowDefinition, "steps">, error: ValidationError): PlacedError {
  const [root, index, ...rest] = pathSegments(error.path);
  if (root === "trigger")
    return {
      node: TRIGGER_NODE,
      field: [index, ...rest].filter((p) => p !== undefined).join("."),
      message: error.message,
    };
  if (root === "steps" && typeof index === "number" && d.steps[index]) {
    // A field's array index (needs[0], values[2]) belongs to the field as a whole.
    const cut = rest.findIndex((p) => typeof p === "number");
    const field = (cut < 0 ? rest : rest.slice(0, cut)).join(".");
    return { node: d.steps[index].id, field, message: error.message };
  }
  return { field: [root, index, ...rest].filter((p) => p !== undefined).join("."), message: error.message };
}

export interface ErrorIndex {
  byNode: Map<string, PlacedError[]>;
  /** Errors no node holds (the name, an empty workflow). */
  general: PlacedError[];
}

export function indexErrors(d: Pick<WorkflowDefinition, "steps">, errors: readonly ValidationError[]): ErrorIndex {
  const byNode = new Map<string, PlacedError[]>();
  const general: PlacedError[] = [];
  for (const error of errors) {
    const placed = placeError(d, error);
    if (placed.node === undefined) general.push(placed);
    else byNode.set(placed.node, [...(byNode.get(placed.node) ?? []), placed]);
  }
  return { byNode, general };
}

/** The message to show under a field: errors on it or inside it (`with.values` for `with.values.2`). */
export function fieldError(errors: readonly PlacedError[] | undefined, field: string): string | undefined {
  const hits = (errors ?? []).filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return hits.length ? hits.map((e) => e.message).join("; ") : undefined;
}
