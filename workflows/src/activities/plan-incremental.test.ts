import { describe, expect, it } from "vitest";
import { rangesOf } from "./plan-incremental";

describe("rangesOf", () => {
  it("folds ascending positions into [first, end) ranges of consecutive ones", () => {
    expect(rangesOf([])).toEqual([]);
    expect(rangesOf([0, 1, 2, 3])).toEqual([[0, 4]]);
    expect(rangesOf([0, 2, 3, 9])).toEqual([
      [0, 1],
      [2, 4],
      [9, 10],
    ]);
  });
});
