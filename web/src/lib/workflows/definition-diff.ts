import { canonicalJson, type WorkflowDefinition } from "@switchyard/workflows/definition";

/** A dependency: `step` needs `need`. */
export interface Dependency {
  step: string;
  need: string;
}

/** What changed between two versions of a definition, as people read a graph: steps and the arrows between them. */
export interface DefinitionDiff {
  nameChanged: boolean;
  triggerChanged: boolean;
  stepsAdded: string[];
  stepsRemoved: string[];
  /** Steps in both, with the fields that differ (dependencies are listed on their own, not here). */
  stepsChanged: { id: string; fields: string[] }[];
  dependenciesAdded: Dependency[];
  dependenciesRemoved: Dependency[];
}

type Step = WorkflowDefinition["steps"][number];

const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);

function changedFields(a: Step, b: Step): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("needs");
  return [...keys].filter((k) => !same(a[k as keyof Step], b[k as keyof Step])).sort();
}

const edgeKey = ({ step, need }: Dependency) => `${step}\u0000${need}`;
const edgesOf = (steps: readonly Step[]): Map<string, Dependency> =>
  new Map(steps.flatMap((s) => s.needs.map((need) => ({ step: s.id, need }))).map((d) => [edgeKey(d), d]));
const missingFrom = <T>(from: Map<string, T>, other: Map<string, unknown>) =>
  [...from].filter(([k]) => !other.has(k)).map(([, v]) => v);

/** Compares two definitions (a: older, b: newer). Pure; steps keep the newer definition's order, removed ones the older's. */
export function definitionDiff(a: WorkflowDefinition, b: WorkflowDefinition): DefinitionDiff {
  const before = new Map(a.steps.map((s) => [s.id, s]));
  const after = new Map(b.steps.map((s) => [s.id, s]));
  const edgesBefore = edgesOf(a.steps);
  const edgesAfter = edgesOf(b.steps);
  return {
    nameChanged: a.name !== b.name,
    triggerChanged: !same(a.trigger, b.trigger),
    stepsAdded: missingFrom(after, before).map((s) => s.id),
    stepsRemoved: missingFrom(before, after).map((s) => s.id),
    stepsChanged: b.steps
      .filter((s) => before.has(s.id))
      .map((s) => ({ id: s.id, fields: changedFields(before.get(s.id)!, s) }))
      .filter((c) => c.fields.length > 0),
    dependenciesAdded: missingFrom(edgesAfter, edgesBefore),
    dependenciesRemoved: missingFrom(edgesBefore, edgesAfter),
  };
}

/** Nothing a person would see differs. */
export const isEmptyDiff = (d: DefinitionDiff): boolean =>
  !d.nameChanged &&
  !d.triggerChanged &&
  [d.stepsAdded, d.stepsRemoved, d.stepsChanged, d.dependenciesAdded, d.dependenciesRemoved].every((l) => !l.length);
