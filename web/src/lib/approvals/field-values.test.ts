import { describe, expect, it } from "vitest";
import { fieldValues, initialDraft, type InboxField } from "./field-values";

const fields: InboxField[] = [
  { key: "tweet.with.text", label: "Tweet", type: "text", required: true, value: "Launch day!" },
  { key: "post.with.count", label: "Count", type: "number", required: false, value: 3 },
  { key: "post.with.pin", label: "Pin", type: "boolean", required: false, value: false },
  { key: "post.with.tone", label: "Tone", type: "select", options: ["calm", "loud"], required: false },
];

describe("inbox field values", () => {
  it("start from the prefilled values, as text for inputs and booleans for checkboxes", () => {
    expect(initialDraft(fields)).toEqual({
      "tweet.with.text": "Launch day!",
      "post.with.count": "3",
      "post.with.pin": false,
      "post.with.tone": "",
    });
  });

  it("an approval sends only the changed fields, typed", () => {
    const draft = { ...initialDraft(fields), "post.with.count": "7", "post.with.pin": true };
    expect(fieldValues(fields, draft, true)).toEqual({ "post.with.count": 7, "post.with.pin": true });
    expect(fieldValues(fields, initialDraft(fields), true)).toEqual({});
  });

  it("a task sends every field with a value, typed, and leaves out empty optional ones", () => {
    const draft = { ...initialDraft(fields), "post.with.count": "", "post.with.tone": "loud" };
    expect(fieldValues(fields, draft, false)).toEqual({
      "tweet.with.text": "Launch day!",
      "post.with.pin": false,
      "post.with.tone": "loud",
    });
  });
});
