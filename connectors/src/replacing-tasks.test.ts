import { z } from "zod";
import { describe, expect, it } from "vitest";
import { createRegistry } from "./registry";
import { defineAction, defineConnector } from "./sdk/define";

import { actionsReplacingTask } from "./replacing-tasks";

const action = (name: string, output: z.ZodType) =>
  defineAction({
    name,
    effect: "write",
    title: name,
    description: name,
    props: z.object({}),
    output,
    sampleOutput: {} as never,
  });
const registry = createRegistry([
  defineConnector({
    slug: "crm",
    name: "CRM",
    description: "",
    icon: "",
    categories: [],
    actions: [
      action("createLead", z.object({ id: z.string(), email: z.string(), score: z.number() })),
      action("findLead", z.object({ id: z.string() })),
      action("raw", z.unknown()),
    ],
  }),
]);

describe("actionsReplacingTask", () => {
  it("names the actions whose output has every form field", () => {
    expect(actionsReplacingTask(registry, ["id", "email"])).toEqual(["crm.createLead"]);
    expect(actionsReplacingTask(registry, ["id"])).toEqual(["crm.createLead", "crm.findLead"]);
    expect(actionsReplacingTask(registry, ["nope"])).toEqual([]);
    expect(actionsReplacingTask(registry, [])).toEqual([]);
  });
});
