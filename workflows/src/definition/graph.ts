// Pure graph helpers: used by validation (web) and by the interpreter (Temporal sandbox),
// so nothing here may touch Node builtins or non-deterministic APIs.

export interface GraphStep {
  id: string;
  needs: readonly string[];
}

/** Finds one cycle (as the ordered list of its step ids), or undefined. */
export function findCycle(steps: readonly GraphStep[]): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];

  const visit = (id: string): string[] | undefined => {
    const mark = state.get(id);
    if (mark === "done") return undefined;
    if (mark === "visiting") return path.slice(path.indexOf(id));
    state.set(id, "visiting");
    path.push(id);
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue;
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };

  for (const s of steps) {
    const cycle = visit(s.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every step `id` transitively needs (its ancestors). Terminates on cycles too. */
export const ancestors = (steps: readonly GraphStep[], id: string): Set<string> =>
  ancestorsIn(new Map(steps.map((s) => [s.id, s])), id);

/** As `ancestors`, with the steps already indexed by id (for callers that ask for many steps). */
export function ancestorsIn(byId: ReadonlyMap<string, GraphStep>, id: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(byId.get(id)?.needs ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (out.has(next)) continue;
    out.add(next);
    // A loop, not push(...needs): spreading a long list as arguments overflows the stack.
    for (const need of byId.get(next)?.needs ?? []) stack.push(need);
  }
  return out;
}

/** `id` and every step that transitively needs it. */
export function selfAndDescendants(steps: readonly GraphStep[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of steps) {
      if (!out.has(s.id) && s.needs.some((n) => out.has(n))) {
        out.add(s.id);
        grew = true;
      }
    }
  }
  return out;
}
