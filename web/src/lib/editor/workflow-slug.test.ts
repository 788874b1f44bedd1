import { describe, expect, it } from "vitest";
import { WORKFLOW_SLUG } from "~/server/services/workflows";
import { slugFromName } from "./workflow-slug";

describe("slugFromName", () => {
  it("makes a slug the service accepts", () => {
    for (const name of ["Announce a release!", "  Élan vital  ", "x".repeat(80), "a - - b"])
      expect(slugFromName(name)).toMatch(WORKFLOW_SLUG);
    expect(slugFromName("Announce a release!")).toBe("announce-a-release");
  });

  it("is empty when the name has nothing to keep", () => {
    expect(slugFromName("!!!")).toBe("");
  });
});
