import { builtinRegistry, connectorMetadata } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { type FormField, formFields, type JsonSchema } from "./schema-form";

/** An action's props as the catalog (GET /api/v1/connectors) exposes them. */
function props(uses: string): JsonSchema {
  const [slug, name] = uses.split(".");
  const connector = builtinRegistry.connectors.find((c) => c.slug === slug)!;
  return connectorMetadata(connector).actions.find((a) => a.name === name)!.props as JsonSchema;
}

const kinds = (fields: FormField[]) => Object.fromEntries(fields.map((f) => [f.path.join("."), f.kind]));

describe("formFields", () => {
  it("builds core.checkpoint's form: selects, booleans, numbers, a connection in a group, lists", () => {
    const fields = formFields(props("core.checkpoint"));
    expect(kinds(fields)).toEqual({
      kind: "select",
      title: "textarea",
      message: "textarea",
      editable: "rows",
      form: "rows",
      approvers: "list",
      quorum: "number",
      allowSelfApproval: "boolean",
      channels: "choices",
      "slack.connection": "connection",
      "slack.channel": "text",
      timeout: "text",
      onTimeout: "select",
      remindEvery: "text",
      escalateAfter: "text",
      escalateTo: "list",
      mode: "select",
      autoApproveIf: "textarea",
    });
    expect(fields.find((f) => f.path[0] === "kind")).toEqual({
      path: ["kind"],
      label: "Kind",
      kind: "select",
      required: false,
      options: ["approval", "task"],
      default: "approval",
    });
    expect(fields.find((f) => f.path[0] === "title")).toMatchObject({ required: true, label: "Title" });
    // An optional group's fields are not required on their own.
    expect(fields.find((f) => f.path.join(".") === "slack.channel")).toMatchObject({
      group: "Slack",
      required: false,
    });
    expect(fields.find((f) => f.path[0] === "allowSelfApproval")).toMatchObject({ label: "Allow self approval" });
    expect(fields.find((f) => f.path[0] === "channels")).toMatchObject({ options: ["web", "email", "slack"] });
    // A row's own form comes from the entry's schema, one level down like any object.
    const editable = fields.find((f) => f.path[0] === "editable")!;
    expect(kinds(formFields(editable.item!))).toEqual({
      field: "text",
      label: "text",
      description: "textarea",
      type: "select",
      options: "list",
    });
  });

  it("builds slack.postMessage's and http.request's forms, descriptions and defaults included", () => {
    const slack = formFields(props("slack.postMessage"));
    expect(kinds(slack)).toEqual({ channel: "text", text: "textarea", blocks: "json", threadTs: "text" });
    expect(slack[0]).toMatchObject({ required: true, description: expect.stringMatching(/^Channel ID/) });
    const http = formFields(props("http.request"));
    expect(kinds(http)).toEqual({ url: "text", method: "select", headers: "json", body: "json", timeoutMs: "number" });
    expect(http.find((f) => f.path[0] === "timeoutMs")).toMatchObject({ default: 30000, required: false });
  });

  it("takes email.sendEmail's address-or-list fields as JSON and its bodies as text areas", () => {
    expect(kinds(formFields(props("email.sendEmail")))).toMatchObject({
      to: "json",
      subject: "textarea",
      text: "textarea",
      html: "textarea",
      replyTo: "text",
      attachments: "json",
    });
  });

  it("picks the input for the value a step holds: templates, and values the usual input cannot show", () => {
    const values = {
      quorum: "{{ trigger.body.quorum }}",
      allowSelfApproval: "{{ trigger.body.self }}",
      title: "Announce {{ trigger.body.version }}?",
      timeout: 3_600_000,
      slack: "{{ trigger.body.slack }}",
      approvers: ["ana@example.com", 7],
      editable: ["not an object"],
      channels: ["web", "sms"],
    };
    expect(kinds(formFields(props("core.checkpoint"), values))).toMatchObject({
      quorum: "template",
      allowSelfApproval: "template",
      title: "textarea",
      timeout: "json",
      slack: "template",
      approvers: "json",
      editable: "json",
      channels: "json",
    });
    expect(kinds(formFields(props("email.sendEmail"), { to: "{{ trigger.body.to }}" }))).toMatchObject({
      to: "template",
    });
  });

  it("keeps one level of nesting and gives JSON below it", () => {
    const schema: JsonSchema = {
      type: "object",
      required: ["outer"],
      properties: {
        outer: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string", title: "Full name" },
            inner: { type: "object", properties: { deep: { type: "string" } } },
            long: { type: "string", description: "Multi-line notes" },
          },
        },
      },
    };
    expect(formFields(schema)).toEqual([
      { path: ["outer", "name"], label: "Full name", kind: "text", required: true, group: "Outer" },
      { path: ["outer", "inner"], label: "Inner", kind: "json", required: false, group: "Outer" },
      {
        path: ["outer", "long"],
        label: "Long",
        kind: "textarea",
        required: false,
        group: "Outer",
        description: "Multi-line notes",
      },
    ]);
  });
});
