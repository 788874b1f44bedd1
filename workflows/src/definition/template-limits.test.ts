// Bounds on template evaluation (template-limits.ts). None of these tests measures
// time: a bound that failed to hold would hang the test or exhaust its memory instead.
//
// Calibration, on this project's 2-core machine while other test runs loaded it:
// in a workflow task, a tail recursion of 1,000 turns (9,000 steps) took about 1 s
// and one of 4,000 turns (36,000 steps) 4.4 s, a breath short of the sandbox's 5 s
// timeout; the same templates without any limits took about as long (jsonata's own
// awaits dominate), and about 0.7 µs a step in plain Node. So a step's templates
// get 8,000 units and one workflow task's 12,000 (about 1.4 s under that load,
// well under half a second unloaded). Builtins were measured in plain Node (run
// to a budget, compared with steps) and weighed against the sandbox's step: what
// they read and make costs a unit per 256 nodes or characters, quadratic ones a
// unit per 4,096 element pairs, regex scans (4 + pattern length) / 512 per character.
import { beforeAll, describe, expect, it } from "vitest";
import { enableLinearRegExps } from "../activities/render";
import { evaluate, LIMITS, render, TemplateBudget, TemplateLimitError, type TemplateContext } from "./template";
import { foldCase } from "./template-limits";

const ctx = (trigger: unknown = {}): TemplateContext => ({ trigger, steps: {}, workflow: { name: "w" }, run: { id: "r", startedAt: "2020-01-01T00:00:00.000Z" } });

async function limitOf(expr: string, trigger?: unknown): Promise<TemplateLimitError> {
  const err = await evaluate(expr, ctx(trigger)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TemplateLimitError);
  expect((err as Error).message).toContain("template exceeded its limits");
  return err as TemplateLimitError;
}

beforeAll(() => enableLinearRegExps());

describe("template limits", () => {
  it("a recursion a million deep stops at the depth bound", async () => {
    const err = await limitOf("($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))");
    expect(err.bound).toBe(`depth (more than ${LIMITS.depth} evaluations in progress)`);
    // However much budget there is.
    const unbudgeted = await evaluate("($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))", ctx(), new TemplateBudget(1e12, "a test")).catch((e: Error) => e);
    expect((unbudgeted as TemplateLimitError).bound).toContain("depth");
  });

  it("a tail recursion a million long (no depth) stops at the step budget", async () => {
    const err = await limitOf("($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(1000000))");
    expect(err.bound).toBe(`evaluation steps (a step's templates may take ${LIMITS.templateUnits})`);
  });

  it("a huge range is refused before it is allocated", async () => {
    expect((await limitOf("$count([1..10000000])")).bound).toContain("size (a list longer than");
    expect((await limitOf("$count([1..100000000])")).bound).toContain("size (a list longer than");
  });

  it("giant strings are refused, however they are built", async () => {
    expect((await limitOf("$length($pad('', 1000000000))")).bound).toContain("size (a string longer than");
    // Doubling is cheap per step, but every step that touches the string pays for its length.
    const doubling = "($s := trigger.s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $length($s))";
    expect((await limitOf(doubling, { s: "x".repeat(1_000_000) })).bound).toContain("evaluation steps");
  });

  it("quadratic builtins and operators are charged for their real work", async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `k${i}`, v: (i * 7919) % 20_000 }));
    for (const expr of ["$count(trigger.items^(v))", "$count($sort(trigger.items.v))", "$count($distinct(trigger.items.v))", "$count((trigger.items{'all': id}).all)", "$count($filter([1..100000], function($x){ $$ = $$ }))"]) {
      expect((await limitOf(expr, { items })).bound, expr).toContain("evaluation steps");
    }
  });

  it("code built at run time ($eval) is bounded like the rest", async () => {
    expect(await evaluate("$eval('1 + 1')", ctx())).toBe(2);
    expect((await limitOf("$eval('($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(1000000))')")).bound).toContain("evaluation steps");
    expect((await limitOf("$eval('[1..100000000]')")).bound).toContain("size");
  });

  it("everyday templates still render", async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `k${i}`, v: i % 7, name: `n${i}` }));
    expect(await render({ n: "{{ $count(trigger.items[v = 3]) }}", byId: "{{ $count($keys(trigger.items{id: name})) }}", s: "{{ $join(trigger.items[[0..2]].name, ',') }}" }, ctx({ items }))).toEqual({
      n: 43,
      byId: 300,
      s: "n0,n1,n2",
    });
  });
});

describe("shared budgets", () => {
  it("templates rendered against one workflow task's budget fail once together they spend it", async () => {
    const task = new TemplateBudget(LIMITS.templateUnits, "the templates of one workflow task");
    // Each render stays within a step's budget (a turn costs 9 steps); the second crosses the task's.
    const heavy = `{{ ($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(${Math.floor((LIMITS.templateUnits * 0.6) / 9)})) }}`;
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await render(heavy, ctx(), task).then(() => "ok", (e: Error) => e.message));
    expect(results[0]).toBe("ok");
    expect(results[1]).toContain(`template exceeded its limits: evaluation steps (the templates of one workflow task may take ${LIMITS.templateUnits})`);
  });
});

describe("regular expressions", () => {
  const evil = "a".repeat(40) + "!";

  it("catastrophic patterns run in linear time", async () => {
    expect(await evaluate("$contains(trigger.s, /(a+)+$/)", ctx({ s: evil }))).toBe(false);
    expect(await evaluate("$contains(trigger.s, /^(a|a)*$/i)", ctx({ s: evil }))).toBe(false);
    expect(await evaluate("$count($match(trigger.s, /(a|aa)+!/))", ctx({ s: evil }))).toBe(1);
  });

  it("patterns that cannot run in linear time are refused", async () => {
    for (const expr of ["$contains(trigger.s, /(a+)+\\1$/)", "$contains(trigger.s, /(?=a)(a+)+$/)", "$contains(trigger.s, /a{100000}/)"]) {
      const err = await limitOf(expr, { s: evil });
      expect(err.bound).toContain("cannot run in linear time");
    }
  });

  it("scanning long strings is charged per call", async () => {
    const err = await limitOf("$contains(trigger.s, /((a|b)(a|b)(a|b))*c/)", { s: "ab".repeat(500_000) });
    expect(err.bound).toContain("evaluation steps");
    expect(await evaluate("$contains(trigger.s, /((a|b)(a|b)(a|b))*c/)", ctx({ s: "ab".repeat(5_000) }))).toBe(false);
  });

  it("case-insensitive patterns match as the i flag would", async () => {
    expect(await evaluate("$match('Hello WORLD', /w(or)LD/i).match", ctx())).toBe("WORLD");
    expect(await evaluate("$replace('aBcD', /[^b-c]/i, '_')", ctx())).toBe("_Bc_");
    expect(await evaluate("$contains('ABC', /[a-c]+$/i)", ctx())).toBe(true);
    expect(await evaluate("$contains('a', /\\x41/i)", ctx())).toBe(true);
    expect(await evaluate("$match('Ab12', /(?<word>[a-z]+)\\d+/i).groups", ctx())).toEqual(["Ab"]);
    expect(await evaluate("$split('aXbxc', /x/i)", ctx())).toEqual(["a", "b", "c"]);
    expect(await evaluate("$contains('ÉTÉ', /été/i)", ctx())).toBe(true);
  });

  it("case folding leaves escapes, group names and control characters alone", () => {
    expect(foldCase("\\d\\w\\b\\cJ")).toBe("\\d\\w\\b\\cJ");
    expect(foldCase("(?<Name>a)")).toBe("(?<Name>[a\\u0041])");
    expect(foldCase("[^a-b]")).toBe("[^a-b\\u0041\\u0042]");
  });
});
