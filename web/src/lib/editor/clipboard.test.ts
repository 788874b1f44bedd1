import { describe, expect, it } from "vitest";
import { copySteps, pasteSteps } from "./clipboard";
import { announce } from "./test-fixtures";

describe("copy and paste", () => {
  it("keeps needs among the copied steps, drops the others, and gives fresh ids", () => {
    const copied = copySteps(announce, new Set(["tweet", "notify"]));
    expect(copied.map((s) => [s.id, s.needs])).toEqual([
      ["tweet", []],
      ["notify", ["tweet"]],
    ]);
    const { definition, ids } = pasteSteps(announce, copied);
    expect(ids).toEqual(["tweet_2", "notify_2"]);
    const pasted = definition.steps.slice(-2);
    expect(pasted.map((s) => [s.id, s.needs])).toEqual([
      ["tweet_2", []],
      ["notify_2", ["tweet_2"]],
    ]);
    expect(pasted[1]!.with.text).toBe("Posted: {{ steps.tweet_2.output.url }}");
  });

  it("pastes twice without clashing, and leaves the copy untouched", () => {
    const copied = copySteps(announce, new Set(["log"]));
    const once = pasteSteps(announce, copied);
    const twice = pasteSteps(once.definition, copied);
    expect(twice.ids).toEqual(["log_3"]);
    expect(copied[0]!.id).toBe("log");
  });

  it("renames ids that swap places in one pass", () => {
    const copied = [
      { ...announce.steps[3]!, id: "a_2", needs: [] },
      { ...announce.steps[3]!, id: "a", needs: ["a_2"], with: { values: ["{{ steps.a_2.output }}"] } },
    ];
    const { definition } = pasteSteps({ ...announce, steps: [] }, copied);
    expect(definition.steps.map((s) => [s.id, s.needs, s.with.values])).toEqual([
      ["a", [], announce.steps[3]!.with.values],
      ["a_2", ["a"], ["{{ steps.a.output }}"]],
    ]);
  });
});
