import { describe, expect, it } from "vitest";
import { printable } from "./terminal";

describe("printable", () => {
  it("shows control characters from data as a replacement mark, so a title cannot drive the terminal", () => {
    expect(printable("Launch\u001b]52;c;ZXZpbA==\u0007 day\u009b2J")).toBe("Launch�]52;c;ZXZpbA==� day�2J");
    expect(printable("Plain ünïcode ✓")).toBe("Plain ünïcode ✓");
  });
});
