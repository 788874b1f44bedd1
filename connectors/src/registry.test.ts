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

describe("effects", () => {
  const effect = (uses: string, withValues: Record<string, unknown> = {}) => builtinRegistry.effectOf(uses, withValues);

  it("is unknown for an unknown operation", () => {
    expect(effect("x.nothing")).toBeUndefined();
  });

  it("reads, computes and writes are declared as the operations behave", () => {
    expect(effect("slack.findUserByEmail")).toBe("read");
    expect(effect("openai.chatCompletion")).toBe("compute");
    expect(effect("core.transform")).toBe("compute");
    expect(effect("x.createPost")).toBe("write");
    // Waiting for people or time, and answering a webhook, act on the world too.
    expect(effect("core.checkpoint")).toBe("write");
    expect(effect("core.delay")).toBe("write");
    // A SQL statement may write whatever it says.
    expect(effect("postgres.query")).toBe("write");
  });

  it("an HTTP request reads when its method is GET or HEAD, and writes otherwise or when the method is templated", () => {
    expect(effect("http.request")).toBe("read");
    expect(effect("http.request", { method: "HEAD" })).toBe("read");
    expect(effect("http.request", { method: "POST" })).toBe("write");
    expect(effect("http.request", { method: "{{ trigger.body.method }}" })).toBe("write");
  });
});
