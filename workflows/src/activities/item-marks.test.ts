import { describe, expect, it } from "vitest";
import { MAX_ITEM_KEY_CHARS } from "../definition/step-memory";
import { render, type TemplateContext } from "../definition/template";
import { markItems } from "./item-marks";
import { hashOf } from "./step-identity";

const context: TemplateContext = { trigger: null, steps: {}, workflow: { name: "w" }, run: { id: "r", startedAt: "" } };
const options = { runId: "run-1", signal: new AbortController().signal };
const listOf = (...items: unknown[]) => items.map((item, index) => ({ index, item }));
const template = { url: "https://example.com/{{ item.id }}", body: { name: "{{ item.name }}" } };

describe("markItems", () => {
  it("keys are rendered strings or numbers as text; fingerprints hash the rendered version, or else the rendered input", async () => {
    const items = listOf({ id: 7, name: "a", v: 1 }, { id: "x", name: "b", v: 2 });
    const byVersion = await markItems(
      items,
      template,
      { key: "{{ item.id }}", version: "{{ item.v }}" },
      context,
      options,
    );
    expect(byVersion).toEqual([
      { key: "7", fingerprint: hashOf(1) },
      { key: "x", fingerprint: hashOf(2) },
    ]);
    const byInput = await markItems(items, template, { key: "{{ item.id }}" }, context, options);
    expect(byInput[0]!.fingerprint).toBe(hashOf({ url: "https://example.com/7", body: { name: "a" } }));
  });

  it("reads plain item paths directly, to the same values and fingerprints the template engine gives", async () => {
    const items = listOf(
      { id: 1, meta: { v: 3 } },
      { id: "two", meta: { v: { at: "2026-11-30" } } },
      { id: 3, meta: { v: [1, 2] } },
      { id: 4, meta: { v: null } },
      { id: 5, meta: [{ v: 1 }, { v: 2 }] },
      { id: 6, meta: { v: "text", constructor: 1 } },
    );
    const setting = { key: "{{ item.id }}", version: "{{ item.meta.v }}" };
    const marks = await markItems(items, template, setting, context, options);
    for (const [i, { item, index }] of items.entries()) {
      const c = { ...context, item, index };
      expect(marks[i]).toEqual({
        key: String(await render(setting.key, c)),
        fingerprint: hashOf(await render(setting.version, c)),
      });
    }
  });

  it("refuses a key that is missing, empty, not text or too long, and a version that is missing, naming the item", async () => {
    const mark = (item: unknown, incremental: { key: string; version?: string }) =>
      markItems(listOf({ id: "ok", name: "" }, item), template, incremental, context, options);
    await expect(mark({ name: "a" }, { key: "{{ item.id }}" })).rejects.toThrow(
      "incremental.key of item 1 rendered to nothing: a key must be a non-empty string or a number",
    );
    await expect(mark({ id: "" }, { key: "{{ item.id }}" })).rejects.toThrow("rendered to an empty string");
    await expect(mark({ id: { a: 1 } }, { key: "{{ item.id }}" })).rejects.toThrow("rendered to an object");
    await expect(mark({ id: true }, { key: "{{ item.id }}" })).rejects.toThrow("rendered to the boolean true");
    await expect(mark({ id: "k".repeat(MAX_ITEM_KEY_CHARS + 1) }, { key: "{{ item.id }}" })).rejects.toThrow(
      `incremental.key of item 1 is ${MAX_ITEM_KEY_CHARS + 1} characters long; a key may have at most ${MAX_ITEM_KEY_CHARS}`,
    );
    await expect(mark({ id: "b" }, { key: "{{ item.id }}", version: "{{ item.updatedAt }}" })).rejects.toThrow(
      "incremental.version of item 0 rendered to nothing: each item needs a version that changes with it",
    );
    await expect(mark({ id: "b" }, { key: "{{ $nope(item.id) }}" })).rejects.toThrow(/^incremental\.key of item 0: /);
  });

  it("an item whose input does not render still gets a key, and a fingerprint no item can match: it runs, and fails there", async () => {
    const marks = await markItems(
      listOf({ id: "a", name: "fine" }, { id: "b" }),
      { body: "{{ $string(item.name) & $nope() }}" },
      { key: "{{ item.id }}" },
      context,
      options,
    );
    expect(marks.map((m) => m.fingerprint)).toEqual(["", ""]);
    expect(marks.map((m) => m.key)).toEqual(["a", "b"]);
  });
});
