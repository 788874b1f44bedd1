import { asTemplate } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { pickableFields } from "./data-picker";
import { checkTemplateField, completions } from "./jsonata-check";
import { announce } from "./test-fixtures";

describe("checkTemplateField", () => {
  it("passes plain text and good templates", () => {
    expect(checkTemplateField("no templates here")).toEqual({ errors: [] });
    expect(checkTemplateField("Posted {{ steps.tweet.output.url }} at {{ $uppercase(run.id) }}")).toEqual({
      errors: [],
    });
    expect(checkTemplateField(asTemplate("steps.a.output.ok and trigger.x > 1"))).toEqual({ errors: [] });
  });

  it("reports each bad template at its opening braces, with the parser's message", () => {
    const value = "Hi {{ trigger.name }}, {{ 1 + }} and {{ $foo( }}";
    expect(checkTemplateField(value).errors).toEqual([
      { message: expect.stringContaining("Unexpected end of expression"), position: value.indexOf("{{ 1") },
      { message: expect.stringContaining('Expected ")"'), position: value.indexOf("{{ $foo") },
    ]);
  });

  it("reports empty and unclosed templates", () => {
    expect(checkTemplateField("a {{ }} b").errors).toEqual([
      { message: "empty template: write an expression between {{ and }}", position: 2 },
    ]);
    expect(checkTemplateField("{{ trigger }} then {{ trigger.x").errors).toEqual([
      { message: "unclosed template: {{ without }}", position: 19 },
    ]);
  });
});

describe("completions", () => {
  const pickable = pickableFields(announce, "notify", {
    trigger: { body: { text: "v2", version: "2" } },
    steps: { tweet: { url: "https://x.com/1", "post-id": 5, media: [{ id: "m1" }] } },
  });
  const labels = (prefix: string) => completions(prefix, pickable).options.map((o) => o.label);

  it("offers the roots, then the steps upstream, then their fields", () => {
    expect(labels("")).toEqual(["trigger", "steps", "run", "workflow"]);
    expect(labels("steps.")).toEqual(["review", "tweet", "facebook"]);
    expect(labels("steps.tweet.output.")).toEqual(["url", "post-id", "media"]);
    expect(labels("steps.tweet.output.media.")).toEqual(["[0]"]);
    expect(labels("steps.tweet.output.media[0].")).toEqual(["id"]);
  });

  it("narrows by what is typed, and says what to replace and with what", () => {
    expect(completions("$uppercase(trigger.body.ve", pickable)).toEqual({
      from: "$uppercase(".length,
      options: [{ label: "version", insert: "trigger.body.version", type: "string", sample: '"2"' }],
    });
    expect(completions("steps.tweet.output.po", pickable).options).toEqual([
      { label: "post-id", insert: "steps.tweet.output.`post-id`", type: "number", sample: "5" },
    ]);
    expect(labels("steps.tweet.output.`post")).toEqual(["post-id"]);
    expect(completions("tr", pickable)).toMatchObject({ from: 0, options: [{ insert: "trigger", type: "object" }] });
    expect(labels("steps.log.")).toEqual([]);
  });
});
