import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "./registry";

describe("builtin connectors", () => {
  // `GET /api/v1/connectors` hands icons out as markup to be inlined: a broken one would break the page showing it.
  it.each(builtinRegistry.connectors.map((c) => [c.slug, c.icon]))("%s has a well-formed SVG icon", (_slug, icon) => {
    expect(icon).toMatch(/^<svg\s[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(icon.endsWith("</svg>")).toBe(true);
    // Also refuses a second root element, so the whole string is the one <svg> element.
    expect(XMLValidator.validate(icon)).toBe(true);
  });
});
