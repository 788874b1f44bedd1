// Import and templates on a real database: a JSON or YAML definition, or a template, becomes a
// new disabled workflow; a bad one is refused with every error at its path and nothing stored.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { definitionText } from "~/lib/workflows/definition-file";
import { ANNOUNCE_RELEASE } from "~/lib/workflows/templates";
import { createFromTemplate, importWorkflow, parseDefinitionText } from "./workflow-import";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { getWorkflow } from "./workflows";

const t = useTestDatabase();

describe("parseDefinitionText", () => {
  it("reads JSON and YAML alike", () => {
    expect(parseDefinitionText('{"name": "a", "steps": []}')).toEqual({ name: "a", steps: [] });
    expect(parseDefinitionText("name: a\nsteps:\n  - id: x\n")).toEqual({ name: "a", steps: [{ id: "x" }] });
  });

  it("refuses empty text, broken JSON and broken YAML with what is wrong", () => {
    expect(() => parseDefinitionText("  \n")).toThrow(/Nothing to import/);
    expect(() => parseDefinitionText('{"name": ')).toThrow(/^Not valid JSON: /);
    expect(() => parseDefinitionText("name: [a\n")).toThrow(/not valid YAML/);
  });
});

describe("importWorkflow", () => {
  it("creates a disabled workflow under its name's slug, the next free one on a second import", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "import-yaml");
    const text = definitionText(transformFlow("Nightly report") as never, "yaml");
    const first = await importWorkflow(s, caller, { text });
    const second = await importWorkflow(s, caller, { text });
    expect([first.slug, second.slug]).toEqual(["nightly-report", "nightly-report-2"]);
    expect(await getWorkflow(t.db, caller.workspaceId, "nightly-report")).toMatchObject({ enabled: false, version: 1 });
  });

  it("refuses a slug that is taken rather than adding a version to that workflow", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "import-taken");
    const text = JSON.stringify(transformFlow("A"));
    await importWorkflow(s, caller, { text, slug: "mine" });
    await expect(importWorkflow(s, caller, { text, slug: "mine" })).rejects.toMatchObject({
      status: 409,
      code: "workflow_exists",
    });
    expect(await t.db.workflowVersion.count({ where: { workflow: { workspaceId: caller.workspaceId } } })).toBe(1);
  });

  it("refuses an invalid definition with each error at its JSON path, storing nothing", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "import-invalid");
    const text = JSON.stringify({
      name: "Broken",
      trigger: { type: "webhook" },
      steps: [
        { id: "a", uses: "core.transform", needs: ["ghost"] },
        { id: "b", uses: "nope.nothing" },
      ],
    });
    const err = await importWorkflow(s, caller, { text }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: "invalid_definition" });
    const paths = (err as { details: { errors: { path: string }[] } }).details.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["$.steps[0].needs[0]", "$.steps[1].uses"]));
    expect(await t.db.workflow.count({ where: { workspaceId: caller.workspaceId } })).toBe(0);
  });
});

describe("createFromTemplate", () => {
  it("creates the release announcement, disabled, with its real connector actions", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "template");
    const created = await createFromTemplate(s, caller, { template: ANNOUNCE_RELEASE.id });
    expect(created).toMatchObject({ slug: "announce-a-release", version: 1, created: true });
    const workflow = await getWorkflow(t.db, caller.workspaceId, created.slug);
    expect(workflow.enabled).toBe(false);
    expect(workflow.definition.steps.map((st) => [st.id, st.uses, st.needs])).toEqual([
      ["tweet", "x.createPost", []],
      ["facebook", "facebook-pages.createPagePost", []],
      ["notify", "slack.postMessage", ["tweet", "facebook"]],
    ]);
  });
});
