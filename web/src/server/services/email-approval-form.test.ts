import type { CheckpointField } from "@switchyard/workflows/engine";
import { describe, expect, it } from "vitest";
import { formDecision } from "./email-approval-form";

const field = (key: string, type: CheckpointField["type"], value?: unknown, required = true): CheckpointField => ({
  key,
  label: key,
  type,
  required,
  ...(type === "select" ? { options: ["A", "B"] } : {}),
  ...(value === undefined ? {} : { value }),
});
const form = (entries: Record<string, string>) => new URLSearchParams(entries);

describe("formDecision", () => {
  it("an approval's edits are only the fields changed, typed", () => {
    const fields = [
      field("t.with.text", "text", "Hi"),
      field("t.with.n", "number", 3),
      field("t.with.on", "boolean", true),
    ];
    const sent = form({ decision: "approve", "field:t.with.text": "Hi", "field:t.with.n": "3", comment: "  ok " });
    // The unchecked box is sent as nothing, so it is false: a change from true.
    expect(formDecision(fields, "approval", sent)).toEqual({
      decision: "approve",
      edits: { "t.with.on": false },
      comment: "ok",
    });
    const unchanged = form({
      decision: "approve",
      "field:t.with.text": "Hi",
      "field:t.with.n": "3",
      "field:t.with.on": "on",
    });
    expect(formDecision(fields, "approval", unchanged)).toEqual({ decision: "approve" });
    expect(formDecision(fields, "approval", form({ decision: "reject", "field:t.with.text": "x" }))).toEqual({
      decision: "reject",
    });
  });

  it("a task's values: numbers parsed, a non-number left as text for the rules to refuse, empty optional fields absent", () => {
    const fields = [field("count", "number"), field("note", "text", undefined, false), field("shelf", "select", "A")];
    expect(
      formDecision(
        fields,
        "task",
        form({ decision: "submit", "field:count": "12.5", "field:note": "", "field:shelf": "B" }),
      ),
    ).toEqual({
      decision: "submit",
      values: { count: 12.5, shelf: "B" },
    });
    expect(formDecision(fields, "task", form({ decision: "submit", "field:count": "twelve" }))).toEqual({
      decision: "submit",
      values: { count: "twelve" },
    });
  });

  it("refuses a decision the checkpoint does not take", () => {
    expect(formDecision([], "task", form({ decision: "approve" }))).toEqual({ error: "Choose submit or reject." });
    expect(formDecision([], "approval", form({}))).toEqual({ error: "Choose approve or reject." });
  });
});
