import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import {
  checkDelivery,
  checkEventBody,
  checkInput,
  checkQuery,
  inputProblem,
  MAX_DEPTH,
  MAX_ENTRIES,
  MAX_EVENT_ENTRIES,
  textProblem,
} from "./input-policy";
import { parseYamlBody } from "./yaml";

const deepArrays = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
};

describe("input policy", () => {
  it("takes what Postgres and UTF-8 take, surrogate pairs included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8, stringUnit: "grapheme" }), (value) => {
        expect(inputProblem(value)).toBeUndefined();
      }),
    );
    expect(textProblem("emoji 😀 and ü")).toBeUndefined();
  });

  it("refuses NUL and lone surrogates in values and keys, naming the path", () => {
    expect(inputProblem({ a: [1, "x\u0000"] })).toEqual({
      path: "$.a[1]",
      message: "contains a NUL character (\\u0000)",
    });
    expect(inputProblem({ "a b": { "\uDC00": 1 } })).toEqual({
      path: '$["a b"]["\\udc00"]',
      message: "key contains a lone UTF-16 surrogate",
    });
    expect(inputProblem(["\uD800x"])?.message).toBe("contains a lone UTF-16 surrogate");
    expect(inputProblem("😀".slice(1))?.message).toBe("contains a lone UTF-16 surrogate");
  });

  it("reports the first problem in document order", () => {
    expect(inputProblem({ a: ["ok", "\u0000"], b: "\u0000" })?.path).toBe("$.a[1]");
  });

  it("refuses nesting past the limit without overflowing, however deep", () => {
    expect(inputProblem(deepArrays(MAX_DEPTH))).toBeUndefined();
    expect(inputProblem(deepArrays(MAX_DEPTH + 1))).toEqual({
      path: `$${"[0]".repeat(MAX_DEPTH)}`,
      message: `nests deeper than ${MAX_DEPTH} levels`,
    });
    expect(inputProblem(deepArrays(1_000_000))?.message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
  });

  it("refuses arrays and objects with too many entries", () => {
    expect(inputProblem({ needs: Array.from({ length: MAX_ENTRIES }, () => "a") })).toBeUndefined();
    expect(inputProblem({ needs: Array.from({ length: 130_000 }, () => "a") })).toEqual({
      path: "$.needs",
      message: `has 130000 entries; at most ${MAX_ENTRIES} are accepted`,
    });
    expect(
      inputProblem(Object.fromEntries(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => [`k${i}`, i])))?.path,
    ).toBe("$");
  });

  it("lets webhook and event bodies carry a batch wider than API bodies may, within their own bound", () => {
    const batch = { records: Array.from({ length: 20_000 }, (_, i) => ({ id: i })) };
    expect(() => checkInput(batch)).toThrow(`$.records: has 20000 entries; at most ${MAX_ENTRIES} are accepted.`);
    expect(checkEventBody(batch)).toBe(batch);
    expect(() => checkDelivery(JSON.stringify(batch))).not.toThrow();
    expect(() =>
      checkEventBody(Object.fromEntries(Array.from({ length: MAX_EVENT_ENTRIES }, (_, i) => [`k${i}`, 1]))),
    ).not.toThrow();
    const tooWide = { records: Array.from({ length: MAX_EVENT_ENTRIES + 1 }, () => 0) };
    expect(() => checkEventBody(tooWide)).toThrow(
      `$.records: has ${MAX_EVENT_ENTRIES + 1} entries; at most ${MAX_EVENT_ENTRIES} are accepted.`,
    );
    expect(() => checkDelivery(JSON.stringify(tooWide))).toThrow(`at most ${MAX_EVENT_ENTRIES} are accepted`);
    // The rest of the policy is the same one.
    expect(() => checkEventBody({ records: [{ id: "\u0000" }] })).toThrow("$.records[0].id: contains a NUL character");
    expect(() => checkEventBody(deepArrays(MAX_DEPTH + 1))).toThrow(`nests deeper than ${MAX_DEPTH} levels`);
  });

  it("throws 400 invalid_input with the path in the message and the details", () => {
    const err = thrown(() => checkInput({ name: "\u0000" })) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect({ status: err.status, code: err.code, message: err.message, details: err.details }).toEqual({
      status: 400,
      code: "invalid_input",
      message: "$.name: contains a NUL character (\\u0000).",
      details: { errors: [{ path: "$.name", message: "contains a NUL character (\\u0000)" }] },
    });
    expect(checkInput({ fine: true })).toEqual({ fine: true });
  });

  it("checks every query parameter, repeated names included", () => {
    expect(() => checkQuery(new URLSearchParams("a=1&a=%00"))).toThrow("query.a: contains a NUL character");
    expect(() => checkQuery(new URLSearchParams("%00=1"))).toThrow("query: a parameter name contains a NUL character");
    expect(() => checkQuery(new URLSearchParams("cursor=abc&limit=5"))).not.toThrow();
  });

  it("reads deliveries as JSON when they are JSON, as text otherwise", () => {
    expect(() => checkDelivery('{"event":{"text":"a\\u0000"}}')).toThrow("$.event.text: contains a NUL character");
    expect(() => checkDelivery("payload=\u0000")).toThrow("$: contains a NUL character");
    expect(() => checkDelivery('{"event":{"text":"fine"}}')).not.toThrow();
    expect(() => checkDelivery("not json")).not.toThrow();
  });
});

describe("YAML bodies", () => {
  it("parse as before when they nest within the limit", () => {
    const yaml =
      "name: x\ntrigger:\n  type: webhook\nsteps:\n  - id: a\n    uses: http.request\n    needs: [b, c]\n    with: { url: 'http://x', body: { list: [[1], [2]] } }\n";
    expect(parseYamlBody(yaml)).toEqual({
      name: "x",
      trigger: { type: "webhook" },
      steps: [
        { id: "a", uses: "http.request", needs: ["b", "c"], with: { url: "http://x", body: { list: [[1], [2]] } } },
      ],
    });
    const legal = Array.from({ length: MAX_DEPTH - 1 }, (_, i) => `${"  ".repeat(i)}a:`).join("\n") + " x";
    expect(inputProblem(parseYamlBody(legal))).toBeUndefined();
    expect(parseYamlBody("")).toEqual({});
  });

  it.each([
    ["brackets", `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`, 1],
    ["braces in a block", `a:\n  b: ${"{c: ".repeat(10_000)}1${"}".repeat(10_000)}`, 2],
    ["compact sequences", `list:\n  ${"- ".repeat(100_000)}x`, 2],
    ["indentation", Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " x", 129],
  ])("refuse %s nested too deeply before the parser recurses", (_name, yaml, line) => {
    const err = thrown(() => parseYamlBody(yaml)) as ApiError;
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 400,
      code: "invalid_input",
      message: `YAML line ${line}: nests deeper than ${MAX_DEPTH} levels.`,
    });
  });

  it("ignore brackets in quoted strings and comments", () => {
    expect(parseYamlBody(`a: "${"[".repeat(500)}" # ${"{".repeat(500)}\nb: '${"{".repeat(500)}'`)).toEqual({
      a: "[".repeat(500),
      b: "{".repeat(500),
    });
  });

  it("answer invalid_yaml for what is not YAML", () => {
    expect(thrown(() => parseYamlBody("a: [1, 2"))).toMatchObject({ status: 400, code: "invalid_yaml" });
  });
});
