// The connect form's fields, from the JSON Schema of a connector's credentials (connectorMetadata's
// `auth.props`): a flat object of strings, labelled by `title`, with `secret: true` on what is typed
// as a password.

interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  secret?: boolean;
}

interface CredentialsSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

export interface CredentialField {
  key: string;
  label: string;
  /** Typed as a password and never shown again. */
  secret: boolean;
  required: boolean;
  inputType: "password" | "url" | "email" | "text";
  hint?: string;
}

/** "botToken" → "Bot token", for a field without a title. */
export const humanize = (key: string): string => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function inputTypeOf(p: PropertySchema): CredentialField["inputType"] {
  if (p.secret) return "password";
  if (p.format === "uri") return "url";
  return p.format === "email" ? "email" : "text";
}

export function credentialFields(schema: unknown): CredentialField[] {
  const { properties = {}, required = [] } = (schema ?? {}) as CredentialsSchema;
  return Object.entries(properties).map(([key, p]) => ({
    key,
    label: p.title ?? humanize(key),
    secret: p.secret === true,
    required: required.includes(key),
    inputType: inputTypeOf(p),
    ...(p.description ? { hint: p.description } : {}),
  }));
}

/** What is sent: the typed values, without optional fields left empty (a schema would refuse ""). */
export function credentialsFrom(fields: CredentialField[], values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((f) => {
      const value = values[f.key] ?? "";
      return value === "" && !f.required ? [] : [[f.key, value]];
    }),
  );
}
