import { describe, expect, it } from "vitest";
import { previewValue, quoted, truncated, withFields } from "./describe";

describe("truncated", () => {
  it("keeps short text and flattens it to one line", () => {
    expect(truncated("  Launch\n\n day!\t", 80)).toBe("Launch day!");
  });

  it("cuts long text to the limit, ellipsis included", () => {
    const line = truncated("a".repeat(100), 10);
    expect(line).toBe(`${"a".repeat(9)}…`);
    expect(Array.from(line)).toHaveLength(10);
  });

  it("never splits an emoji", () => {
    expect(truncated("🚀🚀🚀🚀", 3)).toBe("🚀🚀…");
  });
});

describe("quoted", () => {
  it("puts user text in straight double quotes, cut to 80 characters", () => {
    expect(quoted("Launch day!")).toBe('"Launch day!"');
    expect(quoted("x".repeat(200))).toBe(`"${"x".repeat(79)}…"`);
  });
});

describe("previewValue", () => {
  it("shows scalars and leaves out what does not fit in a glance", () => {
    expect([previewValue("Ann"), previewValue(42), previewValue(false)]).toEqual(['"Ann"', "42", "false"]);
    expect([previewValue(null), previewValue(undefined), previewValue({ a: 1 }), previewValue([1])]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("withFields", () => {
  it("appends the first four showable fields in order", () => {
    const fields = {
      tags: ["a"],
      name: "Ann",
      meta: { x: 1 },
      score: 3,
      done: true,
      empty: null,
      city: "Oslo",
      zip: 1,
    };
    expect(withFields("Do it", fields)).toBe('Do it (name: "Ann", score: 3, done: true, city: "Oslo")');
  });

  it("is just the line when no field is showable", () => {
    expect(withFields("Do it", {})).toBe("Do it");
    expect(withFields("Do it", { headers: { a: "b" } })).toBe("Do it");
  });
});
