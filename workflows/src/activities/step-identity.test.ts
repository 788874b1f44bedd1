import { builtinRegistry, createRegistry, defineAction, defineConnector } from "@switchyard/connectors";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hashOf, stepIdentity } from "./step-identity";

const t = useTestDatabase();
const lookup = { uses: "http.request", with: { url: "{{ trigger.body.url }}" } };

describe("stepIdentity", () => {
  it("hashes values whatever their key order", () => {
    expect(hashOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(hashOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
  });

  it("reads the workflow from the run, and changes with the definition and the operation's version", async () => {
    const seeded = await seedWorkflow(t.db, {
      name: "t",
      trigger: { type: "webhook" },
      steps: [{ id: "a", ...lookup }],
    });
    const runId = await seedRun(t.db, seeded);
    const deps = { db: t.db, registry: builtinRegistry };
    const identity = await stepIdentity(deps, runId, lookup);
    expect(identity).toMatchObject({ workflowId: seeded.workflowId });
    expect((await stepIdentity(deps, runId, lookup)).definitionHash).toBe(identity.definitionHash);
    const other = { ...lookup, with: { url: "{{ trigger.body.other }}" } };
    expect((await stepIdentity(deps, runId, other)).definitionHash).not.toBe(identity.definitionHash);

    const bumped = createRegistry([
      defineConnector({
        slug: "http",
        name: "HTTP",
        description: "",
        icon: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        categories: [],
        actions: [
          defineAction({
            ...builtinRegistry.action("http.request")!,
            version: 2,
            props: z.object({}),
            output: z.unknown(),
          }),
        ],
      }),
    ]);
    expect((await stepIdentity({ ...deps, registry: bumped }, runId, lookup)).definitionHash).not.toBe(
      identity.definitionHash,
    );
  });
});
