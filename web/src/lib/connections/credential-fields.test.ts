import { connectorMetadata, builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { credentialFields, credentialsFrom } from "./credential-fields";

const formOf = (slug: string) =>
  credentialFields(
    (connectorMetadata(builtinRegistry.connectors.find((c) => c.slug === slug)!).auth as { props?: unknown }).props,
  );

describe("credential fields from the catalog", () => {
  it("labels fields from the schema and types secrets as passwords", () => {
    expect(formOf("telegram")).toEqual([
      { key: "botToken", label: "Bot token", secret: true, required: true, inputType: "password" },
    ]);
    expect(formOf("openai")).toEqual([
      { key: "apiKey", label: "API key", secret: true, required: true, inputType: "password" },
      {
        key: "baseUrl",
        label: "Base URL",
        secret: false,
        required: false,
        inputType: "url",
        hint: "Leave empty for OpenAI itself.",
      },
    ]);
    expect(formOf("email").map((f) => [f.label, f.inputType])).toEqual([
      ["SMTP URL", "password"],
      ["From address", "text"],
    ]);
  });

  it("has no fields for OAuth2 connectors, and humanizes a field without a title", () => {
    expect(formOf("slack")).toEqual([]);
    expect(credentialFields({ properties: { clientSecret: { type: "string" } } })[0]!.label).toBe("Client secret");
  });

  it("leaves out optional fields left empty, and keeps required ones even when empty", () => {
    const fields = formOf("openai");
    expect(credentialsFrom(fields, { apiKey: "sk-1", baseUrl: "" })).toEqual({ apiKey: "sk-1" });
    expect(credentialsFrom(fields, {})).toEqual({ apiKey: "" });
  });
});
