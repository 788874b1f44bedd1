// V8's linear-time regex engine: a worker does not start without it.
import { describe, expect, it } from "vitest";
import { assertLinearRegExps, enableLinearRegExps, linearRegExpsAvailable } from "./regexp-engine";

describe("the linear-time regex engine", () => {
  it("is turned on once, and then a worker may start", () => {
    enableLinearRegExps();
    expect(linearRegExpsAvailable()).toBe(true);
    enableLinearRegExps();
    expect(() => assertLinearRegExps()).not.toThrow();
  });

  it("missing, it stops the worker with what to do about it", () => {
    expect(() => assertLinearRegExps(() => false)).toThrow(
      /linear-time RegExp engine is not available.*--enable-experimental-regexp-engine/,
    );
  });
});
