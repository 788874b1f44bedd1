import { describe, expect, it } from "vitest";
import { definitionToGraph } from "~/lib/editor/graph-model";
import { announce } from "~/lib/editor/test-fixtures";
import { flowEdges, flowNodes, type Marks } from "./flow-elements";

const catalog = [
  {
    slug: "slack",
    name: "Slack",
    icon: "<svg/>",
    auth: { kind: "oauth2" },
    actions: [{ name: "postMessage", title: "Post a message", description: "", props: {} }],
  },
];

const marks: Marks = {
  positions: { notify: { x: 5, y: 6 } },
  selected: new Set(["tweet"]),
  selectedEdge: "facebook->notify",
  errors: new Map([["notify", [{}, {}]]]),
  criticalPath: ["review", "tweet", "notify"],
};

describe("canvas elements", () => {
  const graph = definitionToGraph(announce);

  it("mark nodes with selection, errors, the critical path and the catalog's title and icon", () => {
    const nodes = new Map(flowNodes(graph, catalog, marks).map((n) => [n.id, n]));
    expect(nodes.get("notify")).toMatchObject({
      position: { x: 5, y: 6 },
      data: { errors: 2, critical: true, title: "Post a message", icon: "<svg/>", detail: "slack.postMessage" },
    });
    expect(nodes.get("tweet")!.selected).toBe(true);
    expect(nodes.get("log")!.data.critical).toBe(false);
    expect(nodes.get("trigger")).toMatchObject({ deletable: false, data: { kind: "trigger", critical: true } });
  });

  it("mark edges on the critical path, ordering-only ones, and the selected one", () => {
    const edges = new Map(flowEdges(graph, marks).map((e) => [e.id, e]));
    expect(edges.get("trigger->review")!.data).toMatchObject({ critical: true, trigger: true });
    expect(edges.get("tweet->notify")!.data).toMatchObject({ critical: true, orderingOnly: false });
    expect(edges.get("facebook->notify")).toMatchObject({
      selected: true,
      data: { orderingOnly: true, critical: false },
    });
    expect(edges.get("trigger->log")!.deletable).toBe(false);
  });
});
