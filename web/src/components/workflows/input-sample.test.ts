import { describe, expect, it } from "vitest";
import { sampleInputOf } from "./input-sample";

describe("sampleInputOf", () => {
  it("starts from examples and defaults, with a blank for each required field that has neither", () => {
    expect(
      sampleInputOf({
        type: "object",
        properties: {
          email: { type: "string", format: "email" },
          seats: { type: "integer", default: 1 },
          plan: { enum: ["free", "pro"], examples: ["pro"] },
          note: { type: "string" },
          address: { type: "object", properties: { city: { type: "string", default: "Lyon" } } },
        },
        required: ["email"],
      }),
    ).toEqual({ email: "", seats: 1, plan: "pro", address: { city: "Lyon" } });
    expect(sampleInputOf({ type: "object", examples: [{ a: 1 }] })).toEqual({ a: 1 });
    expect(sampleInputOf({ type: "string" })).toBeUndefined();
  });
});
