// Bounds on template evaluation (template-limits.ts). None of these tests measures
// time: a bound that failed to hold would hang the test or exhaust its memory instead.
//
// Calibration, on this project's 2-core machine while other test runs loaded it:
// in a workflow task, a tail recursion of 1,000 turns (9,000 steps) took about 1 s
// and one of 4,000 turns (36,000 steps) 4.4 s, a breath short of the sandbox's 5 s
// timeout; the same templates without any limits took about as long (jsonata's own
// awaits dominate), and about 0.7 µs a step in plain Node. A step's templates
// get 1,600 units and one workflow task's 2,400 (about 0.3 s under that load):
// far from the timeout on a slower or busier machine, since a render over budget
// only moves to an activity. Builtins were measured in plain Node (run
// to a budget, compared with steps) and weighed against the sandbox's step: what
// they read and make costs a unit per 256 nodes or characters, quadratic ones a
// unit per 4,096 element pairs, regex scans (4 + pattern length) / 512 per character.
import jsonata from "jsonata";
import { beforeAll, describe, expect, it } from "vitest";
import { enableLinearRegExps } from "../regexp-engine";
import {
  evaluate,
  LIMITS,
  render,
  TemplateBudget,
  TemplateLimitError,
  threadTemplateBudget,
  type TemplateContext,
} from "./template";
import { foldCase, jsonBytesUpTo, limitSize, Lru } from "./template-limits";

const ctx = (trigger: unknown = {}): TemplateContext => ({
  trigger,
  steps: {},
  workflow: { name: "w" },
  run: { id: "r", startedAt: "2020-01-01T00:00:00.000Z" },
});

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
    const err = await evaluate(
      "($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))",
      ctx(),
      threadTemplateBudget(),
    ).catch((e: Error) => e);
    expect((err as TemplateLimitError).bound).toBe(`depth (more than ${LIMITS.depth} evaluations in progress)`);
    // However much budget there is.
    const unbudgeted = await evaluate(
      "($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))",
      ctx(),
      new TemplateBudget(1e12, "a test"),
    ).catch((e: Error) => e);
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
    const doubling =
      "($s := trigger.s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $s := $s & $s; $length($s))";
    expect((await limitOf(doubling, { s: "x".repeat(1_000_000) })).bound).toContain("evaluation steps");
  });

  it("quadratic builtins and operators are charged for their real work", async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `k${i}`, v: (i * 7919) % 20_000 }));
    for (const expr of [
      "$count(trigger.items^(v))",
      "$count($sort(trigger.items.v))",
      "$count($distinct(trigger.items.v))",
      "$count((trigger.items{'all': id}).all)",
      "$count($filter([1..100000], function($x){ $$ = $$ }))",
    ]) {
      expect((await limitOf(expr, { items })).bound, expr).toContain("evaluation steps");
    }
  });

  it("code built at run time ($eval) is bounded like the rest", async () => {
    expect(await evaluate("$eval('1 + 1')", ctx())).toBe(2);
    expect((await limitOf("$eval('($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(1000000))')")).bound).toContain(
      "evaluation steps",
    );
    expect((await limitOf("$eval('[1..100000000]')")).bound).toContain("size");
  });

  it("everyday templates still render within a step's budget", async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: `k${i}`, v: i % 7, name: `n${i}` }));
    expect(
      await render(
        {
          n: "{{ $count(trigger.items[v = 3]) }}",
          byId: "{{ $count($keys(trigger.items{id: name})) }}",
          s: "{{ $join(trigger.items[[0..2]].name, ',') }}",
        },
        ctx({ items }),
      ),
    ).toEqual({
      n: 14,
      byId: 100,
      s: "n0,n1,n2",
    });
  });
});

describe("operators that allocate in one step", () => {
  /** Heap growth across an evaluation: a list of a million numbers is about 8 MB, so a hundred would show. */
  async function heapGrowthMb(run: () => Promise<unknown>): Promise<number> {
    const before = process.memoryUsage().heapUsed;
    await run();
    return (process.memoryUsage().heapUsed - before) / 1e6;
  }

  it("ranges pay for their lists before making them, directly or through $eval", async () => {
    for (const expr of ["[1..20].[[1..1000000]]", "[1..400].[[1..1000000]]", "$eval('[1..400].[[1..1000000]]')"]) {
      let err: TemplateLimitError | undefined;
      const growth = await heapGrowthMb(async () => (err = await limitOf(expr)));
      expect(err!.bound, expr).toBe(`evaluation steps (a step's templates may take ${LIMITS.templateUnits})`);
      expect(growth, expr).toBeLessThan(50);
    }
    // A list the budget affords is made as before; it costs a unit per 256 items.
    expect(await evaluate("[1..100000][-1]", ctx(), new TemplateBudget(400, "a test"))).toBe(100_000);
    const short = await evaluate("[1..100000][-1]", ctx(), new TemplateBudget(380, "a test")).catch((e: Error) => e);
    expect((short as TemplateLimitError).bound).toContain("evaluation steps");
  });

  it("a string doubled by & pays for its length, and stops at the string bound", async () => {
    const doublings = Array.from({ length: 30 }, () => "$s := $s & $s").join("; ");
    const expr = `($s := 'x'; ${doublings}; $length($s))`;
    expect((await limitOf(expr)).bound).toContain("evaluation steps");
    const err = await evaluate(expr, ctx(), threadTemplateBudget()).catch((e: Error) => e);
    expect((err as TemplateLimitError).bound).toBe(`size (a string longer than ${LIMITS.stringChars} characters)`);
    // Writing out what is not a string costs its size, shared parts included.
    expect((await limitOf("'' & [1..1000].($$.trigger)", { blob: "x".repeat(100_000) })).bound).toContain(
      "evaluation steps",
    );
  });

  it("behave exactly as jsonata's own operators", async () => {
    const trigger = { x: 3, items: [{ a: 1 }, { a: 2 }, { a: 3 }] };
    const exprs = [
      ...[
        "[1..3]",
        "[0..5][$ > 1]",
        "[[1..2], [3..4], 5..6]",
        "[1..1]",
        "[3..1]",
        "[1..$missing]",
        "[-2..0]",
        "[1..trigger.x]",
        "[1..3][0]",
        "[1..2].[3..4]",
        "[1..2].[[3..4]]",
      ],
      ...[
        "trigger.items[[0..1]].a",
        "[1..3]{'a': $}",
        "$map([1..3], function($v){ $v & '' })",
        "[1..3]^(>$)",
        "[1.5..3]",
        "[1..2.5]",
        "['a'..2]",
      ],
      ...[
        '"a" & 1 & {"b": 2}',
        "'x' & null & true & [1, 2]",
        "'a' & $string & function(){ 1 }",
        "'' & 1/3",
        "trigger.items.('a' & a)",
        "('a' & 'b')[0]",
        "$missing & 'b'",
      ],
      ...[
        "$eval('[1..3]')",
        '$eval(\'"a" & "b"\')',
        "($x := 5; $eval('$x & \"!\"'))",
        "$eval('a', {'a': 7})",
        "$eval('$', [1, 2])",
        "$eval('[1.5..2]')",
        "$eval('1 +')",
        "$eval($missing)",
      ],
    ];
    // As data: jsonata's lists carry their own bookkeeping, which differs with its options.
    const data = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
    for (const expr of exprs) {
      const ours = await evaluate(expr, ctx(trigger)).then(
        (v) => ({ value: data(v) }),
        (e: Error) => ({ error: e.message.replace(`{{ ${expr} }} failed: `, "") }),
      );
      const theirs = await jsonata(expr)
        .evaluate(ctx(trigger))
        .then(
          (v: unknown) => ({ value: data(v) }),
          (e: Error) => ({ error: e.message }),
        );
      expect(ours, expr).toEqual(theirs);
    }
  });
});

describe("JSON sizes", () => {
  it("are exact in UTF-8 bytes up to the limit", () => {
    for (const value of [
      null,
      1,
      "é€😀",
      { a: [1, "x", { b: null }], "": true, u: undefined },
      [undefined, () => 1],
      "\u0001\n",
    ]) {
      expect(jsonBytesUpTo(value, 1_000), JSON.stringify(value)).toBe(
        new TextEncoder().encode(JSON.stringify(value)).length,
      );
    }
    expect(jsonBytesUpTo(undefined, 0)).toBe(0);
    expect(jsonBytesUpTo("€".repeat(10), 31)).toBe(Infinity);
    expect(jsonBytesUpTo("€".repeat(10), 32)).toBe(32);
  });

  it("stop writing past the limit, however large the value would be written out", () => {
    const blob = "x".repeat(1_000_000);
    // A hundred gigabytes as JSON, a few megabytes in memory.
    const shared = Array.from({ length: 100_000 }, () => ({ blob }));
    expect(jsonBytesUpTo(shared, 64 * 1024)).toBe(Infinity);
  });

  it("fail what is too large or not JSON with a precise error", () => {
    expect(() => limitSize("x".repeat(100), 50, "the output")).toThrow(
      "template exceeded its limits: size (the output: more than 50 bytes of JSON)",
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => limitSize(cycle, 50, "the output")).toThrow("the output is not JSON data");
    expect(() => limitSize({ a: 1 }, 50, "the output")).not.toThrow();
  });
});

describe("caches", () => {
  it("forget their least recently used entries past their size", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.set("c", 3);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual([1, undefined, 3]);
  });

  it("keep templates working however many distinct ones pass through", async () => {
    for (let i = 0; i < 1_500; i++) expect(await evaluate(`${i} + 1`, ctx())).toBe(i + 1);
    expect(await evaluate("$contains('ABC', /[a-c]+$/i)", ctx())).toBe(true);
  });
});

describe("shared budgets", () => {
  it("templates rendered against one workflow task's budget fail once together they spend it", async () => {
    const task = new TemplateBudget(LIMITS.templateUnits, "the templates of one workflow task");
    // Each render stays within a step's budget (a turn costs 9 steps); the second crosses the task's.
    const heavy = `{{ ($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(${Math.floor((LIMITS.templateUnits * 0.6) / 9)})) }}`;
    const results = [];
    for (let i = 0; i < 2; i++)
      results.push(
        await render(heavy, ctx(), task).then(
          () => "ok",
          (e: Error) => e.message,
        ),
      );
    expect(results[0]).toBe("ok");
    expect(results[1]).toContain(
      `template exceeded its limits: evaluation steps (the templates of one workflow task may take ${LIMITS.templateUnits})`,
    );
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
    for (const expr of [
      "$contains(trigger.s, /(a+)+\\1$/)",
      "$contains(trigger.s, /(?=a)(a+)+$/)",
      "$contains(trigger.s, /a{100000}/)",
    ]) {
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
