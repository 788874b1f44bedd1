import { builtinRegistry, connectorMetadata } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { actionOf } from "./catalog";
import { checkpointFields, editableTargets } from "./checkpoint-form";
import { formFields, type JsonSchema } from "./schema-form";
import { announce, define } from "./test-fixtures";

const catalog = builtinRegistry.connectors.map(connectorMetadata);
const schema = actionOf(catalog, "core.checkpoint")!.props as JsonSchema;

const shown = (values: Record<string, unknown>, targets: string[] = []) =>
  checkpointFields(formFields(schema, values), values, targets).map((f) => f.path.join("."));

describe("editableTargets", () => {
  it("offers the inputs of the steps that need the checkpoint directly and run once, never their connection", () => {
    const targets = editableTargets(announce.steps, "review", catalog);
    expect(targets).toContain("tweet.with.text");
    expect(targets).toContain("facebook.with.message");
    expect(targets.some((t) => t.startsWith("log."))).toBe(false);
    // Only what an approver can edit as text, a number, a yes/no or a choice.
    const http = define({
      name: "x",
      trigger: { type: "webhook" },
      steps: [
        { id: "gate", uses: "core.checkpoint", with: { title: "Go?" } },
        { id: "call", uses: "http.request", needs: ["gate"], with: { url: "https://example.com" } },
      ],
    });
    expect(editableTargets(http.steps, "gate", catalog)).toEqual(
      expect.arrayContaining(["call.with.url", "call.with.method", "call.with.timeoutMs"]),
    );
    expect(editableTargets(http.steps, "gate", catalog)).not.toContain("call.with.headers");
    const fanned = define({
      name: "x",
      trigger: { type: "webhook" },
      steps: [
        { id: "gate", uses: "core.checkpoint", with: { title: "Go?" } },
        { id: "each", uses: "core.transform", needs: ["gate"], forEach: "{{ [1] }}", with: { value: 1 } },
      ],
    });
    expect(editableTargets(fanned.steps, "gate", catalog)).toEqual([]);
  });
});

describe("checkpointFields", () => {
  it("shows what applies to an approval asked on the web, and hides the rest", () => {
    const fields = shown({ title: "Go?" });
    expect(fields).toContain("editable");
    expect(fields).toContain("approvers");
    for (const hidden of ["form", "slack.connection", "slack.channel", "autoApproveIf", "escalateTo"])
      expect(fields).not.toContain(hidden);
  });

  it("shows a task's form, the Slack target with the Slack channel, the condition in auto mode, escalation's target", () => {
    const fields = shown({ kind: "task", channels: ["slack"], mode: "auto", escalateAfter: "1d" });
    expect(fields).toEqual(
      expect.arrayContaining(["form", "slack.connection", "slack.channel", "autoApproveIf", "escalateTo"]),
    );
    expect(fields).not.toContain("editable");
  });

  it("takes the auto-approval condition as a plain expression", () => {
    const fields = checkpointFields(formFields(schema, { mode: "auto" }), { mode: "auto" }, []);
    expect(fields.find((f) => f.path[0] === "autoApproveIf")).toMatchObject({ expression: true });
  });

  it("never hides a field that holds a value, so its error can be seen and fixed", () => {
    expect(shown({ kind: "task", editable: [{ field: "a.with.b" }], autoApproveIf: "true" })).toEqual(
      expect.arrayContaining(["editable", "autoApproveIf"]),
    );
  });

  it("makes an editable row's target a choice among the targets, keeping one named today", () => {
    const values = { editable: [{ field: "gone.with.text" }] };
    const editable = checkpointFields(formFields(schema, values), values, ["tweet.with.text"]).find(
      (f) => f.path[0] === "editable",
    )!;
    expect(formFields(editable.item!).find((f) => f.path[0] === "field")).toMatchObject({
      kind: "select",
      options: ["tweet.with.text", "gone.with.text"],
    });
  });
});
