import { describe, expect, it } from "vitest";
import { pickableFields } from "./data-picker";
import { applyCompletion, completionAt } from "./template-completion";
import { announce } from "./test-fixtures";

const pickable = pickableFields(announce, "notify", {
  trigger: { body: { text: "v2", version: "2" } },
  steps: { tweet: { url: "https://x.com/1" } },
});

/** The field's text with `|` marking the cursor, as a person sees it. */
function at(marked: string, options: { expression?: boolean } = {}) {
  const cursor = marked.indexOf("|");
  const value = marked.replace("|", "");
  return { value, cursor, state: completionAt(value, cursor, pickable, options) };
}

function take(marked: string, label: string, options: { expression?: boolean } = {}): string {
  const { value, cursor, state } = at(marked, options);
  const option = state!.options.find((o) => o.label === label)!;
  const next = applyCompletion(value, cursor, state!, option);
  return next.value.slice(0, next.cursor) + "|" + next.value.slice(next.cursor);
}

describe("completionAt", () => {
  it("completes inside an open template only", () => {
    expect(at("Hello {{ tr|").state).toMatchObject({ from: 9, options: [{ label: "trigger" }] });
    expect(at("Hello tr|").state).toBeUndefined();
    expect(at("{{ trigger }} tr|").state).toBeUndefined();
    expect(at("{{ trigger.body.te| }}").state?.options.map((o) => o.label)).toEqual(["text"]);
  });

  it("completes anywhere in an expression field, braces optional", () => {
    expect(at("steps.tw|", { expression: true }).state?.options.map((o) => o.label)).toEqual(["tweet"]);
    expect(at("steps.tw|").state).toBeUndefined();
  });

  it("waits for a path to begin: not in an empty expression, after a value, or after an index", () => {
    expect(at("|", { expression: true }).state).toBeUndefined();
    expect(at("x > 3|", { expression: true }).state).toBeUndefined();
    expect(at("{{ 3|").state).toBeUndefined();
    expect(at("{{ steps.tweet.output[0]|").state).toBeUndefined();
    // A template just opened is a path about to begin.
    expect(at("{{ |").state?.options.map((o) => o.label)).toContain("trigger");
  });

  it("offers nothing when nothing continues the path or the path is already whole", () => {
    expect(at("{{ nothing.here|").state).toBeUndefined();
    expect(at("{{ trigger.body.text|").state).toBeUndefined();
  });
});

describe("applyCompletion", () => {
  it("continues an object's path with a dot, so its fields show next", () => {
    expect(take("Hi {{ tr|", "trigger")).toBe("Hi {{ trigger.|");
    expect(at(take("Hi {{ tr|", "trigger").replace("|", "body.|")).state?.options.map((o) => o.label)).toEqual([
      "text",
      "version",
    ]);
  });

  it("replaces the whole name the cursor is in", () => {
    expect(take("{{ trigger.body.te|xt }}", "text")).toBe("{{ trigger.body.text| }}");
  });

  it("closes a value's template unless it is closed already", () => {
    expect(take("Hi {{ trigger.body.ve|", "version")).toBe("Hi {{ trigger.body.version }}|");
    expect(take("Hi {{ trigger.body.ve| }}!", "version")).toBe("Hi {{ trigger.body.version| }}!");
    expect(take("$uppercase(steps.tweet.output.u|", "url", { expression: true })).toBe(
      "$uppercase(steps.tweet.output.url|",
    );
  });
});
