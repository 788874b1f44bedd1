import { builtinRegistry, connectorMetadata } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { actionOf, iconSource, needsConnection, paletteGroups, withCatalogSamples } from "./catalog";

const catalog = builtinRegistry.connectors.map(connectorMetadata);

describe("the palette", () => {
  it("lists core steps first and every action of every connector", () => {
    const groups = paletteGroups(catalog);
    expect(groups[0]!.connector).toBe("core");
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    expect(count).toBe(catalog.reduce((n, c) => n + c.actions.length, 0));
  });

  it("filters by title, uses or connector name, ignoring case", () => {
    const slack = paletteGroups(catalog, "SLACK");
    expect(slack.map((g) => g.connector)).toContain("slack");
    expect(paletteGroups(catalog, "http.request").flatMap((g) => g.items.map((i) => i.uses))).toContain("http.request");
    expect(paletteGroups(catalog, "no such thing at all")).toEqual([]);
  });
});

describe("actions", () => {
  it("are found by uses, with their props schema", () => {
    expect(actionOf(catalog, "slack.postMessage")?.props).toMatchObject({ type: "object" });
    expect(actionOf(catalog, "slack.nope")).toBeUndefined();
    expect(actionOf(catalog, "nope")).toBeUndefined();
  });

  it("need a connection when their connector signs in", () => {
    expect(needsConnection(catalog, "slack.postMessage")).toBe(true);
    expect(needsConnection(catalog, "core.transform")).toBe(false);
  });

  it("show connector icons as image data, never as markup in the page", () => {
    expect(iconSource("<svg onload='x'/>")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(iconSource(undefined)).toBeUndefined();
  });
});

describe("picker samples", () => {
  it("prefer the run's values and fall back on the catalog's sample outputs", () => {
    const steps = [
      { id: "post", uses: "slack.postMessage" },
      { id: "fetched", uses: "http.request" },
    ];
    const samples = withCatalogSamples({ steps }, catalog, {
      trigger: { body: 1 },
      steps: { fetched: { status: 200 } },
    });
    expect(samples.trigger).toEqual({ body: 1 });
    expect(samples.steps.fetched).toEqual({ status: 200 });
    expect(samples.steps.post).toBeDefined();
    expect(samples.steps.post).toEqual(actionOf(catalog, "slack.postMessage")!.sampleOutput);
  });
});
