import { canonicalJson, type WorkflowDefinition } from "@switchyard/workflows/definition";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addNeed, definitionToGraph, type EditorGraph, graphToDefinition, removeNeed } from "./graph-model";
import { announce, define } from "./test-fixtures";

const roundTrip = (d: WorkflowDefinition) => graphToDefinition(definitionToGraph(d), d);

const everyField = define({
  name: "Every field",
  description: "forEach, conditions, retries, a poll trigger",
  trigger: { type: "poll", uses: "rss.newItem", with: { url: "https://example.com/feed" }, every: "10m" },
  steps: [
    { id: "rows", uses: "core.transform", with: { value: "{{ trigger.items }}" } },
    {
      id: "each-row",
      uses: "http.request",
      needs: ["rows"],
      forEach: "{{ steps.rows.output }}",
      concurrency: 3,
      if: "steps.rows.output ~> $count > 0",
      retry: { maxAttempts: 5 },
      timeout: "30s",
      continueOnError: true,
      with: { url: "https://example.com/{{ item.id }}", method: "POST", body: { n: "{{ index }}" } },
    },
    { id: "gate", uses: "core.checkpoint", needs: ["rows"], with: { title: "Go on?", kind: "approval" } },
    { id: "either", uses: "core.merge", needs: ["each-row", "gate"], needsMode: "any", with: { mode: "first" } },
  ],
});

const manual = define({
  name: "Manual",
  trigger: { type: "manual" },
  steps: [{ id: "only", uses: "core.delay", with: { duration: 1000 } }],
});

describe("definitionToGraph", () => {
  it("hangs root steps from the trigger and marks the edge nothing flows along", () => {
    const graph = definitionToGraph(announce);
    expect(graph.nodes.map((n) => [n.id, n.kind, n.uses, n.label])).toEqual([
      ["trigger", "trigger", undefined, "Webhook"],
      ["review", "step", "core.checkpoint", "review"],
      ["tweet", "step", "x.createPost", "tweet"],
      ["facebook", "step", "facebook-pages.createPagePost", "facebook"],
      ["log", "step", "google-sheets.appendRow", "log"],
      ["notify", "step", "slack.postMessage", "notify"],
    ]);
    expect(graph.edges).toEqual([
      { id: "trigger->review", source: "trigger", target: "review", orderingOnly: false, kind: "trigger" },
      { id: "review->tweet", source: "review", target: "tweet", orderingOnly: false, kind: "needs" },
      { id: "review->facebook", source: "review", target: "facebook", orderingOnly: false, kind: "needs" },
      { id: "trigger->log", source: "trigger", target: "log", orderingOnly: false, kind: "trigger" },
      { id: "tweet->notify", source: "tweet", target: "notify", orderingOnly: false, kind: "needs" },
      { id: "facebook->notify", source: "facebook", target: "notify", orderingOnly: true, kind: "needs" },
    ]);
  });

  it("labels a connector trigger by what it uses", () => {
    expect(definitionToGraph(everyField).nodes[0]).toMatchObject({ uses: "rss.newItem", label: "rss.newItem" });
  });
});

describe("graphToDefinition", () => {
  it("gives back exactly the definition, forEach, checkpoints and conditions included", () => {
    for (const d of [announce, everyField, manual]) {
      expect(roundTrip(d)).toEqual(d);
      expect(canonicalJson(roundTrip(d))).toBe(canonicalJson(d));
    }
  });

  it("round-trips any acyclic graph, needs in their order", () => {
    const dag = fc
      .integer({ min: 1, max: 15 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.uniqueArray(fc.nat(n - 1)), { minLength: n, maxLength: n }),
          fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(dag, ([picks, order]) => {
        // Step i may need only steps before it (acyclic), listed in any order.
        const steps = order.map((i) => ({
          id: `s${i}`,
          uses: "core.transform",
          needs: picks[i]!.filter((j) => j < i).map((j) => `s${j}`),
          with: { value: picks[i]!.length ? `{{ steps.s${picks[i]![0]}.output }}` : 1 },
        }));
        const d = define({ name: "p", trigger: { type: "manual" }, steps });
        expect(roundTrip(d)).toEqual(d);
      }),
    );
  });
});

describe("addNeed and removeNeed", () => {
  const graph = definitionToGraph(announce);
  const changed = (r: ReturnType<typeof addNeed>): EditorGraph => {
    if (!r.ok) throw new Error(r.error);
    return r.graph;
  };

  it("adds a need after the others, replacing a root step's trigger edge", () => {
    const next = changed(addNeed(graph, "log", "notify"));
    expect(graphToDefinition(next, announce).steps.at(-1)!.needs).toEqual(["tweet", "facebook", "log"]);
    expect(next.edges.find((e) => e.id === "log->notify")).toMatchObject({ orderingOnly: true, kind: "needs" });
    const rooted = changed(addNeed(graph, "review", "log"));
    expect(rooted.edges.some((e) => e.id === "trigger->log")).toBe(false);
    expect(rooted.edges.find((e) => e.id === "review->log")).toMatchObject({ orderingOnly: false });
  });

  it("refuses self-edges, duplicates, the trigger, unknown steps and cycles (naming the cycle)", () => {
    expect(addNeed(graph, "tweet", "tweet")).toEqual({ ok: false, error: 'step "tweet" cannot need itself' });
    expect(addNeed(graph, "review", "tweet")).toEqual({ ok: false, error: '"tweet" already needs "review"' });
    expect(addNeed(graph, "trigger", "tweet").ok).toBe(false);
    expect(addNeed(graph, "tweet", "trigger").ok).toBe(false);
    expect(addNeed(graph, "ghost", "tweet")).toEqual({ ok: false, error: 'no step "ghost" or "tweet"' });
    const cycle = addNeed(graph, "notify", "review");
    expect(cycle).toEqual({
      ok: false,
      error: '"review" cannot need "notify": dependency cycle review → notify → tweet → review',
    });
  });

  it("removes a need; a step left without needs hangs from the trigger again", () => {
    const next = changed(removeNeed(graph, "facebook", "notify"));
    expect(graphToDefinition(next, announce).steps.at(-1)!.needs).toEqual(["tweet"]);
    const freed = changed(removeNeed(graph, "review", "tweet"));
    expect(freed.edges.find((e) => e.target === "tweet")).toMatchObject({ source: "trigger", kind: "trigger" });
    expect(removeNeed(graph, "log", "notify")).toEqual({ ok: false, error: '"notify" does not need "log"' });
    expect(removeNeed(graph, "trigger", "log").ok).toBe(false);
  });
});
