import { evaluate, type TemplateContext } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { jsonataName, PICKER_DEPTH, PICKER_LIMIT, pickableFields } from "./data-picker";
import { announce, define } from "./test-fixtures";

const templates = (fields: { template: string }[]) => fields.map((f) => f.template);

describe("pickableFields", () => {
  const samples = {
    trigger: { body: { text: "v2 is out", version: "2.0.0" } },
    steps: { review: { decision: "approved" }, tweet: { url: "https://x.com/1" }, facebook: { id: "fb1" } },
  };

  it("offers the trigger, the steps upstream and the run, never a step that is not upstream", () => {
    const fields = pickableFields(announce, "notify", samples);
    expect(templates(fields)).toEqual([
      "{{ trigger }}",
      "{{ trigger.body }}",
      "{{ trigger.body.text }}",
      "{{ trigger.body.version }}",
      "{{ steps.review.output }}",
      "{{ steps.review.output.decision }}",
      "{{ steps.tweet.output }}",
      "{{ steps.tweet.output.url }}",
      "{{ steps.facebook.output }}",
      "{{ steps.facebook.output.id }}",
      "{{ run.id }}",
      "{{ run.startedAt }}",
      "{{ workflow.name }}",
    ]);
    expect(fields.find((f) => f.template === "{{ steps.tweet.output.url }}")).toEqual({
      root: "steps",
      stepId: "tweet",
      label: "url",
      template: "{{ steps.tweet.output.url }}",
      sample: '"https://x.com/1"',
      type: "string",
    });
    const forTweet = templates(pickableFields(announce, "tweet", samples));
    expect(forTweet.some((t) => /facebook|tweet|log|notify/.test(t))).toBe(false);
    expect(forTweet).toContain("{{ steps.review.output.decision }}");
  });

  it("offers a step without a sample as its whole output, and item and index inside a forEach", () => {
    const d = define({
      name: "each",
      trigger: { type: "manual" },
      steps: [
        { id: "list-rows", uses: "core.transform", with: { value: [] } },
        { id: "each", uses: "core.transform", needs: ["list-rows"], forEach: "{{ steps.`list-rows`.output }}" },
      ],
    });
    expect(pickableFields(d, "each")).toEqual([
      { root: "trigger", label: "", template: "{{ trigger }}", type: "unknown" },
      { root: "steps", stepId: "list-rows", label: "", template: "{{ steps.`list-rows`.output }}", type: "unknown" },
      { root: "item", label: "", template: "{{ item }}", type: "unknown" },
      { root: "index", label: "", template: "{{ index }}", type: "number" },
      { root: "run", label: "id", template: "{{ run.id }}", type: "string" },
      { root: "run", label: "startedAt", template: "{{ run.startedAt }}", type: "string" },
      { root: "workflow", label: "name", template: "{{ workflow.name }}", type: "string" },
    ]);
  });

  it("quotes keys JSONata would misread, shows arrays by their first item, and the templates read the sample", async () => {
    const trigger = {
      "first name": "Ana",
      "x-id": 7,
      null: false,
      "2": "two",
      rows: [{ "unit price": 3 }, { "unit price": 4 }],
      "we`ird": 1,
    };
    const fields = pickableFields(announce, "review", { trigger });
    expect(fields.map((f) => [f.label, f.template, f.sample, f.type])).toEqual([
      ["", "{{ trigger }}", "{6 keys}", "object"],
      ["2", "{{ trigger.`2` }}", '"two"', "string"],
      ["first name", "{{ trigger.`first name` }}", '"Ana"', "string"],
      ["x-id", "{{ trigger.`x-id` }}", "7", "number"],
      ["null", "{{ trigger.`null` }}", "false", "boolean"],
      ["rows", "{{ trigger.rows }}", "[2 items]", "array"],
      ["rows[0]", "{{ trigger.rows[0] }}", "{1 key}", "object"],
      ["rows[0].unit price", "{{ trigger.rows[0].`unit price` }}", "3", "number"],
      ["id", "{{ run.id }}", undefined, "string"],
      ["startedAt", "{{ run.startedAt }}", undefined, "string"],
      ["name", "{{ workflow.name }}", undefined, "string"],
    ]);
    const ctx: TemplateContext = { trigger, steps: {}, workflow: { name: "w" }, run: { id: "r", startedAt: "" } };
    for (const f of fields.slice(1, 8)) {
      const expr = f.template.slice(2, -2);
      const expected = f.label.split(/\.|(?=\[)/).reduce<unknown>((v, k) => {
        const key = k.startsWith("[") ? Number(k.slice(1, -1)) : k;
        return (v as Record<string | number, unknown>)[key];
      }, trigger);
      expect(await evaluate(expr, ctx)).toEqual(expected);
    }
  });

  it("stops at its depth and count", () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    const deepest = pickableFields(announce, "review", { trigger: deep })
      .filter((f) => f.root === "trigger")
      .at(-1)!;
    expect(deepest.template).toBe("{{ trigger.a.b.c.d }}");
    expect(deepest.label.split(".")).toHaveLength(PICKER_DEPTH);
    const wide = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i]));
    expect(pickableFields(announce, "review", { trigger: wide }).filter((f) => f.root === "trigger")).toHaveLength(
      PICKER_LIMIT,
    );
  });
});

describe("jsonataName", () => {
  it("leaves identifiers bare and cannot quote a backtick", () => {
    expect(jsonataName("plain_1")).toBe("plain_1");
    expect(jsonataName("true")).toBe("`true`");
    expect(jsonataName("a`b")).toBeUndefined();
  });
});
