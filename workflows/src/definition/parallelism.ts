// What a definition's graph says about parallelism: which `needs` only order steps,
// and how long a run is expected to take along its critical path. Pure and
// deterministic, like the rest of the definition package (the Temporal sandbox loads it).
import { CHECKPOINT } from "./checkpoint-checks";
import { ancestorsIn } from "./graph";
import type { StepDefinition } from "./schema";
import { asTemplate, contextFor, findTemplates, referencedSteps, type TemplateContext } from "./template";

/** The steps of a definition, which is all these analyses read. */
export type StepGraph = { steps: readonly StepDefinition[] };

/** A `needs` entry as an edge: `to` needs `from`. */
export interface NeedEdge {
  from: string;
  to: string;
}

/**
 * Parents whose dependents wait on purpose, whatever their templates read:
 * a checkpoint's approval (or rejection, which skips them), a filter that halts
 * them, a delay that exists to hold them back.
 */
const GATES = new Set([CHECKPOINT, "core.filter", "core.delay"]);
/** Reads the outputs of every step it needs, without a template. */
const MERGE = "core.merge";

/** Every templated field of a step, `if` and a checkpoint's `autoApproveIf` being plain expressions. */
function templatedFields(step: StepDefinition): unknown[] {
  const auto = step.uses === CHECKPOINT ? step.with.autoApproveIf : undefined;
  return [
    step.with,
    step.forEach,
    step.if === undefined ? undefined : asTemplate(step.if),
    typeof auto === "string" ? asTemplate(auto) : undefined,
  ];
}

/** No step's id (STEP_ID), so only a template that may read every step reads it. */
const ANY_STEP = "*";

/**
 * Upstream steps a step's templates may read. Through `contextFor`, so a template that
 * could reach steps without naming them (`$`, `$lookup`, `steps[...]`) reads them all.
 * The probe holds only the named steps: probing with every upstream step costs quadratic time.
 */
function stepsRead(step: StepDefinition, upstream: Set<string>): Set<string> {
  const fields = templatedFields(step);
  const named = findTemplates(fields).flatMap((t) => referencedSteps(t.expr));
  const probe: TemplateContext = {
    trigger: null,
    steps: Object.fromEntries([ANY_STEP, ...named].map((id) => [id, {}])),
    workflow: { name: "" },
    run: { id: "", startedAt: "" },
  };
  const read = Object.keys(contextFor(fields, probe).steps);
  return read.includes(ANY_STEP) ? upstream : new Set(read.filter((id) => upstream.has(id)));
}

/** Needs that are the only way to a step read: without the edge, that step would not be upstream. */
function soleWays(needs: string[], read: Set<string>, upstreamOf: (id: string) => Set<string>): Set<string> {
  const sole = new Set<string>();
  for (const id of read) {
    const ways = needs.filter((n) => n === id || upstreamOf(n).has(id));
    if (ways.length === 1) sole.add(ways[0]!);
  }
  return sole;
}

/**
 * Edges no data flows along: `to` reads nothing of `from` (nor of a step it reaches only through
 * `from`). Removing one lets the two run in parallel; what it still carries is failure: today a
 * failed `from` skips `to`. Never ordering-only: edges from a checkpoint, filter or delay (the
 * wait is the point), into a merge (it reads its parents without templates), into a
 * `needsMode: any` step (each parent is a way in), and from a step with an `if` (its
 * dependents are on its branch). In definition order, then `needs` order.
 */
export function orderingOnlyEdges(definition: StepGraph): NeedEdge[] {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const upstream = new Map<string, Set<string>>();
  const upstreamOf = (id: string) => upstream.get(id) ?? upstream.set(id, ancestorsIn(byId, id)).get(id)!;
  const edges: NeedEdge[] = [];
  for (const step of definition.steps) {
    if (step.uses === MERGE || step.needsMode === "any") continue;
    const needs = [...new Set(step.needs)].filter((n) => n !== step.id && byId.has(n));
    if (!needs.length) continue;
    const read = stepsRead(step, upstreamOf(step.id));
    const sole = read.size ? soleWays(needs, read, upstreamOf) : read;
    for (const need of needs) {
      const parent = byId.get(need)!;
      if (read.has(need) || sole.has(need) || GATES.has(parent.uses) || parent.if !== undefined) continue;
      edges.push({ from: need, to: step.id });
    }
  }
  return edges;
}

/** The definition without `to`'s need of `from`: "run these in parallel", accepted. */
export function removeEdge<T extends StepGraph>(definition: T, from: string, to: string): T {
  return {
    ...definition,
    steps: definition.steps.map((s) => (s.id === to ? { ...s, needs: s.needs.filter((n) => n !== from) } : s)),
  };
}

/**
 * Steps in dependency order, ties in definition order. A cycle (validation refuses them)
 * is broken at its first step in definition order rather than looping or dropping steps.
 */
function topologicalOrder(steps: readonly StepDefinition[]): StepDefinition[] {
  const known = new Set(steps.map((s) => s.id));
  const done = new Set<string>();
  const order: StepDefinition[] = [];
  const ready = (s: StepDefinition) => s.needs.every((n) => done.has(n) || !known.has(n) || n === s.id);
  // Each wave takes at least one step (and its duplicates, if ids repeat), so this ends.
  for (let pending = [...steps]; pending.length; pending = pending.filter((s) => !done.has(s.id))) {
    const wave = pending.filter(ready);
    for (const s of wave.length ? wave : pending.slice(0, 1)) {
      done.add(s.id);
      order.push(s);
    }
  }
  return order;
}

export interface CriticalPath {
  /** When the last step is expected to finish, from the run's start. */
  expectedMs: number;
  /** The chain of steps that takes longest, first to last. */
  path: string[];
  /** Earliest start and finish of every step (the expected timeline). */
  startMs: Record<string, number>;
  finishMs: Record<string, number>;
}

const durationOf = (durationsMs: Readonly<Record<string, number>>, id: string, defaultMs: number) =>
  Object.hasOwn(durationsMs, id) ? durationsMs[id]! : defaultMs;

/**
 * The longest chain by expected durations, with every step scheduled as early as its needs allow.
 * A step waits for all its parents (`needsMode: any` too: it waits until they settle).
 * Ties go to the step earlier in the definition.
 */
export function criticalPath(
  definition: StepGraph,
  durationsMs: Readonly<Record<string, number>>,
  defaultMs = 0,
): CriticalPath {
  const position = new Map(definition.steps.map((s, i) => [s.id, i]));
  // Maps, not records: a step may be called "constructor".
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  const via = new Map<string, string>();
  for (const step of topologicalOrder(definition.steps)) {
    let at = 0;
    let from: string | undefined;
    for (const need of [...step.needs].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))) {
      const done = finish.get(need);
      if (done !== undefined && (from === undefined || done > at)) [at, from] = [done, need];
    }
    if (from !== undefined) via.set(step.id, from);
    start.set(step.id, at);
    finish.set(step.id, at + durationOf(durationsMs, step.id, defaultMs));
  }
  let last: string | undefined;
  for (const s of definition.steps) if (last === undefined || finish.get(s.id)! > finish.get(last)!) last = s.id;
  const path: string[] = [];
  // `via` points to steps scheduled earlier, so this walk ends; the bound covers repeated ids.
  for (let id = last; id !== undefined && path.length <= definition.steps.length; id = via.get(id)) path.push(id);
  return {
    expectedMs: last === undefined ? 0 : finish.get(last)!,
    path: path.reverse(),
    startMs: Object.fromEntries(start),
    finishMs: Object.fromEntries(finish),
  };
}

/** Median duration of each step over recent runs' samples; steps without samples are left out. */
export function expectedDurations(
  runs: readonly (readonly { stepId: string; durationMs: number | null | undefined }[])[],
): Record<string, number> {
  const byStep = new Map<string, number[]>();
  for (const run of runs)
    for (const { stepId, durationMs } of run) {
      if (typeof durationMs !== "number" || !Number.isFinite(durationMs) || durationMs < 0) continue;
      const values = byStep.get(stepId);
      if (values) values.push(durationMs);
      else byStep.set(stepId, [durationMs]);
    }
  return Object.fromEntries(
    [...byStep].map(([id, values]) => {
      const sorted = values.sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return [id, sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2];
    }),
  );
}

export interface ParallelismSummary {
  steps: number;
  /** Dependency levels: the most steps any chain holds. */
  levels: number;
  /** The most steps on one level, i.e. that the graph lets run at once. */
  maxParallel: number;
  /** All steps one after another. */
  sequentialMs: number;
  /** Along the critical path. */
  expectedMs: number;
  /** sequentialMs / expectedMs; 1 when nothing is expected to take time. */
  speedup: number;
}

/** The figures behind "3 branches in parallel; expected 1.2 s instead of 3.4 s one after another". */
export function parallelismSummary(
  definition: StepGraph,
  durationsMs: Readonly<Record<string, number>>,
  defaultMs = 0,
): ParallelismSummary {
  const level = new Map<string, number>();
  for (const step of topologicalOrder(definition.steps))
    level.set(step.id, Math.max(-1, ...step.needs.map((n) => (n === step.id ? -1 : (level.get(n) ?? -1)))) + 1);
  const width = new Map<number, number>();
  for (const l of level.values()) width.set(l, (width.get(l) ?? 0) + 1);
  const sequentialMs = definition.steps.reduce((sum, s) => sum + durationOf(durationsMs, s.id, defaultMs), 0);
  const { expectedMs } = criticalPath(definition, durationsMs, defaultMs);
  return {
    steps: definition.steps.length,
    levels: width.size,
    maxParallel: Math.max(0, ...width.values()),
    sequentialMs,
    expectedMs,
    speedup: expectedMs > 0 ? sequentialMs / expectedMs : 1,
  };
}
