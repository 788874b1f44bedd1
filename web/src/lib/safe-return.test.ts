import { describe, expect, it } from "vitest";
import { safeReturn } from "./safe-return";

const SITE = "http://127.0.0.1:3000";

describe("safeReturn", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeReturn("/w/acme/runs?status=failed#top", SITE)).toBe("/w/acme/runs?status=failed#top");
    expect(safeReturn("http://127.0.0.1:3000/w/acme", SITE)).toBe("/w/acme");
    expect(safeReturn(undefined, SITE)).toBe("/");
  });

  it.each([
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "https://evil.com/w",
    "javascript:alert(1)",
    "/\t/evil.com",
    "http://127.0.0.1:3001/",
  ])("sends %s home instead of away", (url) => expect(safeReturn(url, SITE)).toBe("/"));
});
