import { describe, expect, it } from "vitest";
import { criticalPath, expectedDurations, orderingOnlyEdges, parallelismSummary, removeEdge } from "./parallelism";
import { definitionSchema, stepSchema, type StepDefinition } from "./schema";

const step = (id: string, needs: string[] = [], extra: Record<string, unknown> = {}): StepDefinition =>
  stepSchema.parse({ id, uses: "http.request", needs, with: { url: "http://127.0.0.1:9/" }, ...extra });
const reading = (expr: string) => ({ with: { url: "http://127.0.0.1:9/", body: `{{ ${expr} }}` } });
const graph = (...steps: StepDefinition[]) => ({ steps });

/** The seed's story (ARCHITECTURE.md): notify reads the tweet's URL but nothing of the Facebook post. */
const announce = definitionSchema.parse({
  name: "Announce a release",
  trigger: { type: "webhook" },
  steps: [
    {
      id: "review",
      uses: "core.checkpoint",
      with: { approvers: ["ops@example.com"], title: "Announce {{ trigger.body.version }}?" },
    },
    { id: "tweet", uses: "x.createPost", needs: ["review"], with: { text: "{{ trigger.body.text }}" } },
    {
      id: "facebook",
      uses: "facebook-pages.createPagePost",
      needs: ["review"],
      with: { message: "{{ trigger.body.text }}" },
    },
    { id: "log", uses: "google-sheets.appendRow", with: { values: ["{{ trigger.body.version }}"] } },
    {
      id: "notify",
      uses: "slack.postMessage",
      needs: ["tweet", "facebook"],
      with: { channel: "C1", text: "Posted: {{ steps.tweet.output.url }}" },
    },
  ],
});

describe("orderingOnlyEdges", () => {
  it("finds the edge nothing flows along in the seed story, and keeps the checkpoint's gates", () => {
    expect(orderingOnlyEdges(announce)).toEqual([{ from: "facebook", to: "notify" }]);
  });

  it("tells a template reading steps.a from one that does not", () => {
    const g = graph(
      step("a"),
      step("reads", ["a"], reading("steps.a.output.x")),
      step("ignores", ["a"], reading("trigger.body.x")),
      step("quotes", ["a"], reading('"see steps.a.output"')),
    );
    expect(orderingOnlyEdges(g)).toEqual([
      { from: "a", to: "ignores" },
      { from: "a", to: "quotes" },
    ]);
  });

  it("counts reads in if, forEach, quoted ids and a checkpoint's autoApproveIf", () => {
    const g = graph(
      step("a"),
      step("my-step"),
      step("cond", ["a"], { if: "steps.a.output.ok" }),
      step("each", ["a"], { forEach: "{{ steps.a.output.rows }}" }),
      step("quoted", ["my-step"], reading("steps.`my-step`.output")),
      step("auto", ["a"], {
        uses: "core.checkpoint",
        with: { title: "t", mode: "auto", autoApproveIf: "steps.a.output.total < 100" },
      }),
    );
    expect(orderingOnlyEdges(g)).toEqual([]);
  });

  it("treats a template that could read any step (without naming it) as reading them all", () => {
    const g = graph(
      step("a"),
      step("root", ["a"], reading("$")),
      step("keys", ["a"], reading("$keys(steps)")),
      step("lookup", ["a"], reading('$lookup(steps, "a")')),
    );
    expect(orderingOnlyEdges(g)).toEqual([]);
  });

  it("keeps an edge that is the only way to a step read further up", () => {
    const chain = graph(step("a"), step("b", ["a"]), step("c", ["b"], reading("steps.a.output")));
    expect(orderingOnlyEdges(chain)).toEqual([{ from: "a", to: "b" }]);
    // With a direct need of a, the edge from b carries nothing.
    const direct = graph(step("a"), step("b", ["a"]), step("c", ["a", "b"], reading("steps.a.output")));
    expect(orderingOnlyEdges(direct)).toEqual([
      { from: "a", to: "b" },
      { from: "b", to: "c" },
    ]);
  });

  it("never offers edges whose wait is the point", () => {
    const g = graph(
      step("gate", [], { uses: "core.checkpoint", with: { title: "ok?" } }),
      step("filter", [], { uses: "core.filter", with: { condition: "{{ trigger.ok }}" } }),
      step("delay", [], { uses: "core.delay", with: { duration: "5m" } }),
      step("branch", [], { if: "trigger.vip" }),
      step("plain"),
      step("after", ["gate", "filter", "delay", "branch"]),
      step("merge", ["plain"], { uses: "core.merge", with: {} }),
      step("any", ["plain", "after"], { needsMode: "any" }),
    );
    expect(orderingOnlyEdges(g)).toEqual([]);
  });

  it("lists edges in definition order, then needs order", () => {
    const g = graph(step("z"), step("y"), step("x", ["y", "z"]), step("w", ["z"]));
    expect(orderingOnlyEdges(g)).toEqual([
      { from: "y", to: "x" },
      { from: "z", to: "x" },
      { from: "z", to: "w" },
    ]);
  });
});

describe("removeEdge", () => {
  it("returns a new definition without the need, leaving the original as it was", () => {
    const after = removeEdge(announce, "facebook", "notify");
    expect(after.steps.find((s) => s.id === "notify")!.needs).toEqual(["tweet"]);
    expect(announce.steps.find((s) => s.id === "notify")!.needs).toEqual(["tweet", "facebook"]);
    expect(after.name).toBe(announce.name);
    expect(orderingOnlyEdges(after)).toEqual([]);
  });
});

describe("criticalPath", () => {
  const diamond = graph(step("a"), step("b", ["a"]), step("c", ["a"]), step("d", ["b", "c"]));

  it("takes the longest branch of a diamond and schedules each step at its earliest", () => {
    expect(criticalPath(diamond, { a: 100, b: 300, c: 200, d: 50 })).toEqual({
      expectedMs: 450,
      path: ["a", "b", "d"],
      startMs: { a: 0, b: 100, c: 100, d: 400 },
      finishMs: { a: 100, b: 400, c: 300, d: 450 },
    });
    expect(criticalPath(diamond, { a: 100, b: 200, c: 300, d: 50 }).path).toEqual(["a", "c", "d"]);
  });

  it("breaks ties by definition order", () => {
    expect(criticalPath(diamond, { a: 1, b: 2, c: 2, d: 1 }).path).toEqual(["a", "b", "d"]);
    expect(criticalPath(graph(step("x"), step("y")), {}).path).toEqual(["x"]);
  });

  it("sums a chain, counts missing durations as the default, and runs independent branches side by side", () => {
    const chain = graph(step("a"), step("b", ["a"]), step("c", ["b"]));
    expect(criticalPath(chain, { a: 1, c: 3 })).toMatchObject({ expectedMs: 4, path: ["a", "b", "c"] });
    expect(criticalPath(chain, { a: 1, c: 3 }, 10).expectedMs).toBe(14);
    const branches = graph(step("x"), step("y", ["x"]), step("z"));
    expect(criticalPath(branches, { x: 10, y: 10, z: 50 })).toMatchObject({ expectedMs: 50, path: ["z"] });
  });

  it("reads durations of the step's own id only, even one named like an object's property", () => {
    const g = graph(step("constructor"), step("tostring", ["constructor"]));
    expect(criticalPath(g, { tostring: 5 })).toMatchObject({ expectedMs: 5, path: ["constructor", "tostring"] });
  });

  it("returns on a cycle, an unknown need and a repeated id instead of hanging", () => {
    const cyclic = graph(step("a", ["b"]), step("b", ["a"]), step("c", ["b", "missing"]));
    expect(criticalPath(cyclic, { a: 1, b: 1, c: 1 })).toMatchObject({ expectedMs: 3, path: ["a", "b", "c"] });
    expect(criticalPath(graph(step("a"), step("a", ["a"])), { a: 1 }).expectedMs).toBeGreaterThan(0);
    expect(parallelismSummary(cyclic, {}).steps).toBe(3);
  });
});

describe("expectedDurations", () => {
  it("takes the median per step and skips missing samples", () => {
    const runs = [
      [
        { stepId: "a", durationMs: 10 },
        { stepId: "b", durationMs: 5 },
      ],
      [
        { stepId: "a", durationMs: 30 },
        { stepId: "b", durationMs: null },
      ],
      [
        { stepId: "a", durationMs: 20 },
        { stepId: "b", durationMs: 7 },
        { stepId: "c", durationMs: Number.NaN },
      ],
    ];
    expect(expectedDurations(runs)).toEqual({ a: 20, b: 6 });
    expect(expectedDurations([])).toEqual({});
  });
});

describe("parallelismSummary", () => {
  it("gives the figures of the seed story", () => {
    const durations = { review: 1000, tweet: 400, facebook: 600, log: 300, notify: 200 };
    expect(parallelismSummary(announce, durations)).toEqual({
      steps: 5,
      levels: 3,
      maxParallel: 2,
      sequentialMs: 2500,
      expectedMs: 1800,
      speedup: 2500 / 1800,
    });
  });

  it("says 1x when nothing is expected to take time", () => {
    expect(parallelismSummary(graph(step("a")), {})).toMatchObject({ expectedMs: 0, speedup: 1, levels: 1 });
  });
});

describe("at the 500-step limit", () => {
  const templated = (id: string, needs: string[]) => step(id, needs, reading(`steps.${needs[0]}.output`));
  const chain = graph(step("s0"), ...Array.from({ length: 499 }, (_, i) => templated(`s${i + 1}`, [`s${i}`])));
  const wide = graph(
    step("root"),
    ...Array.from({ length: 498 }, (_, i) => step(`w${i}`, ["root"])),
    step(
      "end",
      Array.from({ length: 498 }, (_, i) => `w${i}`),
    ),
  );

  it("analyses a chain and a wide fan-in quickly", () => {
    const started = performance.now();
    expect(orderingOnlyEdges(chain)).toEqual([]);
    expect(criticalPath(chain, {}, 1)).toMatchObject({ expectedMs: 500 });
    expect(orderingOnlyEdges(wide)).toHaveLength(498 * 2);
    expect(parallelismSummary(wide, {}, 1)).toMatchObject({ levels: 3, maxParallel: 498, expectedMs: 3 });
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
