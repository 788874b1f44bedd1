import { describe, expect, it } from "vitest";
import { canonicalPretty, jsonLineDiff } from "./json-diff";

describe("jsonLineDiff", () => {
  it("diffs canonical JSON line by line: key order does not count", () => {
    expect(jsonLineDiff({ b: 1, a: 2 }, { a: 2, b: 3 })).toEqual([
      { kind: "same", text: "{" },
      { kind: "same", text: '  "a": 2,' },
      { kind: "removed", text: '  "b": 1' },
      { kind: "added", text: '  "b": 3' },
      { kind: "same", text: "}" },
    ]);
  });

  it("prints sorted keys with two-space indentation", () => {
    expect(canonicalPretty({ z: [1], a: { d: null, c: true } })).toBe(
      '{\n  "a": {\n    "c": true,\n    "d": null\n  },\n  "z": [\n    1\n  ]\n}\n',
    );
  });
});
