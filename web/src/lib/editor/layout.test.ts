import { describe, expect, it } from "vitest";
import { definitionToGraph } from "./graph-model";
import { DEFAULT_NODE_SIZE, layoutGraph } from "./layout";
import { announce, define } from "./test-fixtures";

const step = (id: string, needs: string[] = []) => ({ id, uses: "core.transform", needs, with: { value: 1 } });
const diamond = definitionToGraph(
  define({
    name: "diamond",
    trigger: { type: "manual" },
    steps: [step("a"), step("b", ["a"]), step("c", ["a"]), step("d", ["b", "c"])],
  }),
);

describe("layoutGraph", () => {
  it("puts the branches of a diamond side by side, each rank below the one it needs", () => {
    const p = layoutGraph(diamond);
    expect(p.b!.y).toBe(p.c!.y);
    expect(p.b!.x).not.toBe(p.c!.x);
    expect(p.trigger!.y).toBeLessThan(p.a!.y);
    expect(p.a!.y).toBeLessThan(p.b!.y);
    expect(p.b!.y).toBeLessThan(p.d!.y);
  });

  it("puts the tweet and the Facebook post of the seed story on one rank, above notify", () => {
    const p = layoutGraph(definitionToGraph(announce));
    expect(p.tweet!.y).toBe(p.facebook!.y);
    expect(Math.abs(p.tweet!.x - p.facebook!.x)).toBeGreaterThanOrEqual(DEFAULT_NODE_SIZE.width);
    expect(p.notify!.y).toBeGreaterThan(p.tweet!.y);
    // log needs nothing but the trigger: it starts with the review.
    expect(p.log!.y).toBe(p.review!.y);
  });

  it("gives top-left corners for the sizes given, and the same layout every time", () => {
    const sizes = { a: { width: 400, height: 100 } };
    const p = layoutGraph(diamond, sizes);
    expect(p).toEqual(layoutGraph(diamond, sizes));
    // a's centre lines up with d's (one column), so its wider box starts further left.
    expect(p.a!.x + 200).toBeCloseTo(p.d!.x + DEFAULT_NODE_SIZE.width / 2);
    expect(Object.keys(p).sort()).toEqual(["a", "b", "c", "d", "trigger"]);
  });
});
