// The context a template is rendered in may be cut down to what it reads (contextFor):
// for every template, the cut-down context must render exactly as the whole one.
import { describe, expect, it } from "vitest";
import { contextFor, render, TemplateBudget, type TemplateContext } from "./template";

const full: TemplateContext = {
  trigger: { x: 2, items: [{ n: 1, steps: "own field" }, { n: 3 }], name: "ada" },
  steps: {
    a: { output: { v: 1 }, status: "succeeded" },
    "b-c": { output: [1, 2], status: "succeeded" },
    d: { error: { message: "boom" }, status: "failed" },
  },
  workflow: { name: "w" },
  run: { id: "r1", startedAt: "2020-01-01T00:00:00.000Z" },
  item: { k: "v" },
  index: 4,
};

// As data: jsonata's lists carry bookkeeping of their own evaluation.
const rendered = (value: unknown, ctx: TemplateContext) =>
  render(value, ctx, new TemplateBudget(1e6, "a test")).then(
    (v) => ({ value: JSON.parse(JSON.stringify(v)) as unknown }),
    (e: Error) => ({ error: e.message }),
  );

describe("contextFor", () => {
  it("keeps only what templates name: the trigger, and the steps they read", () => {
    expect(
      contextFor({ a: "{{ trigger.x }}", b: "{{ steps.a.output.v }} and {{ steps.`b-c`.output[0] }}" }, full),
    ).toEqual({ ...full, steps: { a: full.steps.a, "b-c": full.steps["b-c"] } });
    expect(contextFor("{{ workflow.name & run.id & item.k & index }}", full)).toEqual({
      ...full,
      trigger: null,
      steps: {},
    });
    // Names below the root are not the root's.
    expect(contextFor("{{ trigger.items[$.n > 1].$string() & trigger.items.(steps) }}", full)).toEqual({
      ...full,
      steps: {},
    });
    expect(contextFor({ plain: "text", n: 1 }, full)).toEqual({ ...full, trigger: null, steps: {} });
  });

  it("keeps every step for a template that reads steps without naming one", () => {
    for (const expr of [
      "steps",
      "$keys(steps)",
      "steps.*.status",
      "steps[0]",
      "($s := steps; $s.a.output)",
      "steps.(a)",
    ]) {
      expect(contextFor(`{{ ${expr} }}`, full), expr).toEqual({ ...full, trigger: null });
    }
  });

  it("keeps everything for a template that may read the root without naming it", () => {
    const exprs = [
      ...[
        "$$.trigger",
        "$",
        "$.steps.a",
        "$lookup($$, 'trigger')",
        "$eval('trigger.x')",
        "trigger.items.%.name",
        "*",
        "**.v",
        "$string()",
        "$keys()",
        "$spread()",
      ],
      ...[
        "$each(function($v, $k){ $k })",
        "$sift(function($v){ true })",
        "($s := $string; $s())",
        "$map([1], $string)",
        "(function($x)<x-:s>{ $x })()",
        "function($v){ $ }($1)",
      ],
      ...["{ 'all': $ }", "[1, 2].($$)", "(trigger.x > 1 ? $ : 0)"],
    ];
    for (const expr of exprs) expect(contextFor(`{{ ${expr} }}`, full), expr).toBe(full);
    // Syntax errors are reported by rendering, against the whole context.
    expect(contextFor("{{ 1 + }}", full)).toBe(full);
  });

  it("renders every template as the whole context does", async () => {
    const exprs = [
      ...[
        "trigger.x",
        "steps.a.output.v",
        "steps.`b-c`.output[1]",
        "steps.d.error.message",
        "$count(steps.*)",
        "$keys(steps)",
        "$string(steps)",
        "steps",
      ],
      ...[
        "$string()",
        "$keys()",
        "$each(function($v, $k){ $k })",
        "$",
        "$$",
        "trigger.items[n > 1].n",
        "trigger.items.(steps)",
        "trigger.name ~> $uppercase()",
      ],
      ...[
        "item.k & index",
        "trigger ~> $keys()",
        "$lookup(steps, 'a').output",
        "$eval('trigger.x + 1')",
        "[1..3].($ * trigger.x)",
        "{ 'a': steps.a.output.v, 't': trigger.x }",
      ],
      ...[
        "($f := function($n){ $n + trigger.x }; $f(1))",
        "$map(trigger.items, function($i){ $i.n & '/' & workflow.name })",
        "trigger.items^(>n).n",
        "trigger.items{ $string(n): n }",
        "$sift(function($v){ $type($v) = 'object' })",
      ],
    ];
    for (const expr of exprs) {
      const value = { v: `{{ ${expr} }}`, s: `<{{ ${expr} }}>` };
      expect(await rendered(value, contextFor(value, full)), expr).toEqual(await rendered(value, full));
    }
  });
});
