import { definitionSchema } from "@switchyard/workflows/definition";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { definitionFileName, definitionText, slugFromName } from "./definition-file";
import { ANNOUNCE_RELEASE } from "./templates";

const definition = definitionSchema.parse(ANNOUNCE_RELEASE.definition);

describe("definition files", () => {
  it("export as JSON and YAML that read back as the same definition", () => {
    expect(JSON.parse(definitionText(definition, "json"))).toEqual(definition);
    expect(parse(definitionText(definition, "yaml"))).toEqual(definition);
  });

  it("keep templates on one line in YAML (no folding of long strings)", () => {
    const yaml = definitionText(definition, "yaml");
    expect(yaml).toContain('text: "Posted: {{ steps.tweet.output.url }} and {{ steps.facebook.output.url }}"');
  });

  it("are named by slug and format", () => {
    expect(definitionFileName("announce", "json")).toBe("announce.json");
    expect(definitionFileName("announce", "yaml")).toBe("announce.yaml");
  });
});

describe("slugFromName", () => {
  it("makes a valid workflow slug from any name", () => {
    expect(slugFromName("Announce a Release!")).toBe("announce-a-release");
    expect(slugFromName("  Café — Überweisung  ")).toBe("cafe-uberweisung");
    expect(slugFromName("!!!")).toBe("workflow");
    expect(slugFromName(`${"a".repeat(63)} b`)).toBe("a".repeat(63));
  });
});
