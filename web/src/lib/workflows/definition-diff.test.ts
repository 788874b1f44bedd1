import { definitionSchema, type WorkflowDefinition } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { definitionDiff, isEmptyDiff } from "./definition-diff";

const def = (steps: Record<string, unknown>[], extra: Record<string, unknown> = {}): WorkflowDefinition =>
  definitionSchema.parse({ name: "Flow", trigger: { type: "webhook" }, steps, ...extra });
const step = (id: string, needs: string[] = [], more: Record<string, unknown> = {}) => ({
  id,
  uses: "core.transform",
  needs,
  with: { value: id },
  ...more,
});

describe("definitionDiff", () => {
  it("finds nothing between a definition and itself with keys in another order", () => {
    const a = def([step("a"), step("b", ["a"])]);
    const reordered = JSON.parse(JSON.stringify({ steps: a.steps, trigger: a.trigger, name: a.name })) as typeof a;
    expect(isEmptyDiff(definitionDiff(a, reordered))).toBe(true);
  });

  it("names added, removed and changed steps, and the fields that changed", () => {
    const a = def([step("a"), step("b", ["a"]), step("gone")]);
    const b = def([
      step("a", [], { with: { value: "new" }, retry: { maxAttempts: 5 } }),
      step("b", ["a"]),
      step("new"),
    ]);
    expect(definitionDiff(a, b)).toMatchObject({
      stepsAdded: ["new"],
      stepsRemoved: ["gone"],
      stepsChanged: [{ id: "a", fields: ["retry", "with"] }],
      dependenciesAdded: [],
      dependenciesRemoved: [],
    });
  });

  it("lists dependencies added and removed on their own, not as changed steps", () => {
    const a = def([step("a"), step("b"), step("c", ["a"])]);
    const b = def([step("a"), step("b"), step("c", ["b"])]);
    const d = definitionDiff(a, b);
    expect(d.stepsChanged).toEqual([]);
    expect(d.dependenciesAdded).toEqual([{ step: "c", need: "b" }]);
    expect(d.dependenciesRemoved).toEqual([{ step: "c", need: "a" }]);
  });

  it("counts a removed step's dependencies as removed, and notices the name and trigger", () => {
    const a = def([step("a"), step("b", ["a"])]);
    const b = def([step("a")], { name: "Renamed", trigger: { type: "manual" } });
    expect(definitionDiff(a, b)).toMatchObject({
      nameChanged: true,
      triggerChanged: true,
      stepsRemoved: ["b"],
      dependenciesRemoved: [{ step: "b", need: "a" }],
    });
  });
});
