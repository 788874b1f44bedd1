import { describe, expect, it } from "vitest";
import { fieldError, indexErrors, pathSegments, placeError } from "./error-map";
import { announce } from "./test-fixtures";

describe("error paths", () => {
  it("are read in the validator's form and the dotted form", () => {
    expect(pathSegments("$.steps[3].with.text")).toEqual(["steps", 3, "with", "text"]);
    expect(pathSegments("steps.3.with.text")).toEqual(["steps", 3, "with", "text"]);
  });

  it("land on the step at that index and its field, array indexes belonging to the field", () => {
    expect(placeError(announce, { path: "$.steps[4].with.text", message: "m" })).toEqual({
      node: "notify",
      field: "with.text",
      message: "m",
    });
    expect(placeError(announce, { path: "$.steps[4].needs[1]", message: "m" }).field).toBe("needs");
    expect(placeError(announce, { path: "$.trigger.connection", message: "m" })).toMatchObject({
      node: "trigger",
      field: "connection",
    });
  });

  it("keep what no node holds apart", () => {
    const index = indexErrors(announce, [
      { path: "$.name", message: "required" },
      { path: "$.steps[9].id", message: "gone" },
      { path: "$.steps[1].uses", message: "unknown" },
      { path: "$.steps[1].with.text", message: "too long" },
    ]);
    expect(index.general.map((e) => e.field)).toEqual(["name", "steps.9.id"]);
    expect(index.byNode.get("tweet")!.length).toBe(2);
    expect(fieldError(index.byNode.get("tweet"), "with")).toBe("too long");
    expect(fieldError(index.byNode.get("tweet"), "connection")).toBeUndefined();
  });
});
