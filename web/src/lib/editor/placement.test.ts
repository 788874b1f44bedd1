import { describe, expect, it } from "vitest";
import { keepExisting, placeMissing } from "./placement";
import { define } from "./test-fixtures";

const d = define({
  name: "p",
  trigger: { type: "manual" },
  steps: [
    { id: "a", uses: "core.transform" },
    { id: "b", uses: "core.transform", needs: ["a"] },
    { id: "c", uses: "core.transform", needs: ["a"] },
  ],
});

describe("placeMissing", () => {
  it("puts a new step under its parent, and beside a sibling it would cover", () => {
    const placed = placeMissing(d, { trigger: { x: 0, y: 0 }, a: { x: 0, y: 136 } });
    expect(placed.b).toEqual({ x: 0, y: 272 });
    expect(placed.c).toEqual({ x: 288, y: 272 });
  });

  it("keeps positions it was given", () => {
    expect(placeMissing(d, { trigger: { x: 5, y: 5 }, a: { x: 9, y: 9 } }).a).toEqual({ x: 9, y: 9 });
  });
});

describe("keepExisting", () => {
  it("forgets positions of removed steps", () => {
    expect(keepExisting(d, { trigger: { x: 0, y: 0 }, gone: { x: 1, y: 1 }, a: { x: 2, y: 2 } })).toEqual({
      trigger: { x: 0, y: 0 },
      a: { x: 2, y: 2 },
    });
  });
});
