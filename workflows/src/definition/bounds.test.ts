// Definitions far past any real size are refused with a path, never a crash.
import { builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { ancestors } from "./graph";
import { MAX_STEPS } from "./schema";
import { validateDefinition } from "./validate";

const step = (id: string, needs: string[] = []) => ({ id, uses: "core.transform", needs, with: { value: 1 } });
const errorsOf = (steps: unknown[]) => {
  const r = validateDefinition({ name: "t", trigger: { type: "webhook" }, steps }, builtinRegistry);
  return r.ok ? [] : r.errors;
};

describe("definition bounds", () => {
  it("refuses a needs list longer than a workflow can be, at its path", () => {
    expect(
      errorsOf([
        step("a"),
        step(
          "b",
          Array.from({ length: 130_000 }, () => "a"),
        ),
      ]),
    ).toEqual([
      { path: "$.steps[1].needs", message: `a step needs at most ${MAX_STEPS} steps (a workflow has no more)` },
    ]);
  });

  it("refuses more steps than the limit", () => {
    expect(errorsOf(Array.from({ length: MAX_STEPS + 1 }, (_, i) => step(`s${i}`)))).toEqual([
      { path: "$.steps", message: `a workflow has at most ${MAX_STEPS} steps` },
    ]);
  });

  it("takes the largest graph allowed: every step needing every earlier one", () => {
    const steps = Array.from({ length: MAX_STEPS }, (_, i) =>
      step(
        `s${i}`,
        Array.from({ length: i }, (_, j) => `s${j}`),
      ),
    );
    expect(errorsOf(steps)).toEqual([]);
  });

  it("walks ancestors through needs lists of any length", () => {
    const needs = Array.from({ length: 200_000 }, (_, i) => `n${i}`);
    expect(ancestors([{ id: "a", needs }], "a").size).toBe(200_000);
  });
});
