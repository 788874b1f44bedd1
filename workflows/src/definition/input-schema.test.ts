// A manual trigger's input schema: refused at save with its path, bounded, and held against inputs
// on RE2, so a tenant's pattern cannot backtrack.
import { builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { checkInput, INPUT_SCHEMA_DIALECT, INPUT_SCHEMA_LIMITS, inputSchemaProblems } from "./input-schema";
import { validateDefinition } from "./validate";

const flow = (input: unknown) => ({
  name: "t",
  trigger: { type: "manual", input },
  steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
});
const errorsOf = (input: unknown) => {
  const r = validateDefinition(flow(input), builtinRegistry);
  return r.ok ? [] : r.errors;
};

const SIGNUP = {
  type: "object",
  properties: {
    email: { type: "string", format: "email" },
    age: { type: "integer", minimum: 0 },
    plan: { enum: ["free", "pro"], default: "free" },
  },
  required: ["email"],
  additionalProperties: false,
};

describe("a manual trigger's input schema at save", () => {
  it("takes a draft 2020-12 schema, and a manual trigger without one", () => {
    expect(errorsOf(SIGNUP)).toEqual([]);
    expect(errorsOf({ $schema: INPUT_SCHEMA_DIALECT, ...SIGNUP })).toEqual([]);
    expect(validateDefinition({ ...flow(undefined), trigger: { type: "manual" } }, builtinRegistry).ok).toBe(true);
  });

  it("refuses what is not a schema, and each bad keyword at its path", () => {
    expect(errorsOf("a string")).toEqual([
      { path: "$.trigger.input", message: expect.stringContaining("JSON Schema") },
    ]);
    expect(
      errorsOf({
        type: "object",
        properties: {
          email: { type: "strng" },
          age: { type: "integer", minimum: "zero" },
          tags: { type: "array", items: { type: "string", maxLenght: 3 } },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        {
          path: "$.trigger.input.properties.email.type",
          message: expect.stringContaining('must be equal to one of the allowed values ("array"'),
        },
        { path: "$.trigger.input.properties.age.minimum", message: "must be number" },
        {
          path: "$.trigger.input.properties.tags.items.maxLenght",
          message: 'unknown keyword "maxLenght" (a JSON Schema draft 2020-12 keyword is expected)',
        },
      ]),
    );
  });

  it("never reaches the network: references stay inside the schema, which names no $id", () => {
    expect(
      errorsOf({
        type: "object",
        properties: { a: { $ref: "https://example.com/schema.json" }, b: { $ref: "#/$defs/b" } },
        $defs: { b: { type: "string" } },
      }),
    ).toEqual([
      {
        path: "$.trigger.input.properties.a.$ref",
        message: '$ref must be a JSON Pointer inside this schema ("#/$defs/…"); nothing is ever fetched from elsewhere',
      },
    ]);
    expect(errorsOf({ $id: "https://example.com/s", type: "string" })).toEqual([
      { path: "$.trigger.input.$id", message: expect.stringContaining("$id is not taken") },
    ]);
    expect(errorsOf({ $schema: "http://json-schema.org/draft-07/schema#" })).toEqual([
      { path: "$.trigger.input.$schema", message: expect.stringContaining("only JSON Schema draft 2020-12") },
    ]);
    expect(errorsOf({ $ref: "#/$defs/missing" })).toEqual([
      { path: "$.trigger.input", message: expect.stringContaining("cannot be compiled") },
    ]);
  });

  it("refuses patterns RE2 cannot run and formats it does not know, each at its path", () => {
    expect(
      errorsOf({
        type: "object",
        properties: { a: { type: "string", pattern: "^(?=x)" }, d: { type: "string", format: "credit-card" } },
        patternProperties: { "(a)\\1": { type: "string" } },
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: "$.trigger.input.properties.a.pattern", message: expect.stringContaining("is not supported") },
        { path: "$.trigger.input.patternProperties.(a)\\1", message: expect.stringContaining("is not supported") },
        {
          path: "$.trigger.input.properties.d.format",
          message: expect.stringContaining('unknown format "credit-card"'),
        },
      ]),
    );
  });

  it("bounds a schema's size, depth and patterns", () => {
    const big = { type: "object", description: "x".repeat(INPUT_SCHEMA_LIMITS.bytes) };
    expect(errorsOf(big)).toEqual([{ path: "$.trigger.input", message: expect.stringContaining("bytes of JSON") }]);
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 40; i++) deep = { type: "object", properties: { x: deep } };
    expect(errorsOf(deep)).toEqual([{ path: "$.trigger.input", message: expect.stringContaining("levels deep") }]);
    expect(inputSchemaProblems({ type: "string", pattern: "a".repeat(1_001) })).toEqual([
      { path: ["pattern"], message: "pattern is longer than 1000 characters" },
    ]);
  });

  it("bounds what one check may cost: references that double, recursion, uniqueItems over objects, huge enums", () => {
    // Each level refers to the next twice: 2^N visits of the last, from a schema of a few hundred bytes.
    const $defs: Record<string, unknown> = { d20: { type: "string" } };
    for (let i = 19; i >= 0; i--)
      $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
    expect(inputSchemaProblems({ $ref: "#/$defs/d0", $defs })).toEqual([
      {
        path: [],
        message: `the input schema expands to more than ${INPUT_SCHEMA_LIMITS.expandedNodes} nodes once its $refs are followed`,
      },
    ]);
    expect(inputSchemaProblems({ type: "object", properties: { child: { $ref: "#" } } })).toEqual([
      { path: [], message: "the input schema refers back into itself ($ref): recursive schemas are not taken" },
    ]);
    expect(inputSchemaProblems({ type: "array", uniqueItems: true, items: { type: "object" } })[0]).toMatchObject({
      path: ["uniqueItems"],
    });
    expect(inputSchemaProblems({ type: "array", uniqueItems: true, items: { type: "string" } })).toEqual([]);
    expect(inputSchemaProblems({ enum: Array.from({ length: 1_001 }, (_, i) => i) })[0]).toMatchObject({
      path: ["enum"],
    });
    expect(inputSchemaProblems({ $ref: "#foo" })[0]).toMatchObject({ path: ["$ref"] });
    expect(inputSchemaProblems({ $dynamicRef: "#/$defs/x" })[0]).toMatchObject({ path: ["$dynamicRef"] });
  });
});

describe("checkInput", () => {
  it("passes a valid input with the schema's defaults filled in, leaving the given value alone", () => {
    const input = { email: "ana@example.com" };
    expect(checkInput(SIGNUP, input)).toEqual({ ok: true, value: { email: "ana@example.com", plan: "free" } });
    expect(input).toEqual({ email: "ana@example.com" });
  });

  it("names every bad field with a JSON Pointer and what is wrong", () => {
    expect(checkInput(SIGNUP, { age: -1, plan: "gold", extra: 1, email: 5 })).toEqual({
      ok: false,
      omitted: 0,
      errors: expect.arrayContaining([
        { path: "/age", message: "must be >= 0", keyword: "minimum" },
        { path: "/plan", message: 'must be equal to one of the allowed values ("free", "pro")', keyword: "enum" },
        { path: "/extra", message: "is not a property the schema allows", keyword: "additionalProperties" },
        { path: "/email", message: "must be string", keyword: "type" },
      ]),
    });
    expect(checkInput(SIGNUP, { email: "not an address" })).toMatchObject({
      ok: false,
      errors: [{ path: "/email", message: 'must match format "email"', keyword: "format" }],
    });
    expect(checkInput(SIGNUP, {})).toMatchObject({ ok: false, errors: [{ path: "/email", message: "is required" }] });
    // Object.prototype does not meet `required`.
    expect(checkInput({ type: "object", required: ["constructor"] }, {})).toMatchObject({
      ok: false,
      errors: [{ path: "/constructor", message: "is required" }],
    });
  });

  it("runs a pattern that backtracks catastrophically on V8 in linear time, with the right answer", () => {
    const schema = { type: "object", properties: { s: { type: "string", pattern: "^(a+)+$" } } };
    expect(inputSchemaProblems(schema)).toEqual([]);
    expect(checkInput(schema, { s: `${"a".repeat(5_000)}!` })).toMatchObject({
      ok: false,
      errors: [{ path: "/s", keyword: "pattern" }],
    });
    expect(checkInput(schema, { s: "a".repeat(5_000) })).toMatchObject({ ok: true });
    const keys = { type: "object", patternProperties: { "^(a|a)+$": { type: "integer" } } };
    expect(checkInput(keys, { [`${"a".repeat(5_000)}`]: "x" })).toMatchObject({ ok: false });
    expect(checkInput(keys, { [`${"a".repeat(5_000)}!`]: "x" })).toMatchObject({ ok: true });
  });

  it("holds each value to its own pattern", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string", pattern: "^a$" }, b: { type: "string", pattern: "^b$" } },
    };
    expect(checkInput(schema, { a: "a", b: "a" })).toEqual({
      ok: false,
      omitted: 0,
      errors: [{ path: "/b", message: 'must match pattern "^b$"', keyword: "pattern" }],
    });
  });

  it("lists at most its limit of problems, and counts the rest", () => {
    const result = checkInput(
      { type: "array", items: { type: "string" } },
      Array.from({ length: 80 }, (_, i) => i),
    );
    expect(result).toMatchObject({ ok: false, omitted: 80 - INPUT_SCHEMA_LIMITS.inputErrors });
    expect(!result.ok && result.errors).toHaveLength(INPUT_SCHEMA_LIMITS.inputErrors);
  });

  it("names only the first problem of a larger input, and refuses one over its size", () => {
    // Many items each failing a wide anyOf: every error of every branch would be built.
    const schema = { type: "array", items: { anyOf: Array.from({ length: 40 }, (_, i) => ({ const: i })) } };
    const large = Array.from({ length: 5_000 }, () => 99);
    const result = checkInput(schema, large);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.length).toBeLessThanOrEqual(2);
    const tooLarge = checkInput({ type: "string" }, "x".repeat(INPUT_SCHEMA_LIMITS.inputBytes));
    expect(tooLarge).toEqual({
      ok: false,
      errors: [
        { path: "", message: `takes more than ${INPUT_SCHEMA_LIMITS.inputBytes} bytes of JSON`, keyword: "size" },
      ],
      omitted: 0,
    });
  });

  it("checks the formats it names", () => {
    const s = (format: string) => ({ type: "string", format });
    expect(checkInput(s("uri"), "https://example.com/a")).toMatchObject({ ok: true });
    expect(checkInput(s("uri"), "/relative")).toMatchObject({ ok: false });
    expect(checkInput(s("date"), "2026-02-30")).toMatchObject({ ok: false });
    expect(checkInput(s("uuid"), "4f1c6b6e-3b8d-4c1e-9b8a-2f3d4e5f6a7b")).toMatchObject({ ok: true });
    expect(checkInput(s("ipv4"), "300.1.1.1")).toMatchObject({ ok: false });
  });
});
