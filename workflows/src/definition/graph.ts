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
