import { describe, expect, it } from "vitest";
import { CliError } from "./api";
import { fieldValues } from "./approvals";

describe("fieldValues", () => {
  it("takes JSON where it parses, text otherwise, and splits at the first =", () => {
    expect(
      fieldValues(["count=12", "ok=true", 'code="042"', "text=Launch day!", "eq=a=b", "empty="], "--value"),
    ).toEqual({
      count: 12,
      ok: true,
      code: "042",
      text: "Launch day!",
      eq: "a=b",
      empty: "",
    });
  });

  it("refuses a pair without a key", () => {
    expect(() => fieldValues(["=1"], "--edit")).toThrow(CliError);
    expect(() => fieldValues(["novalue"], "--edit")).toThrow('--edit takes <key>=<value>, not "novalue".');
  });
});
