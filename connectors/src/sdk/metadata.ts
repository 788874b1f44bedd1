import { z } from "zod";
import { credentialSchemas } from "./auth";
import type { ConnectorDefinition } from "./define";

const schemaOf = (t: z.ZodType) => z.toJSONSchema(t, { unrepresentable: "any", io: "input" });

/** What the UI's forms and `GET /api/v1/connectors` show: JSON Schemas, never secrets or functions. */
export function connectorMetadata(c: ConnectorDefinition) {
  const auth = c.auth ?? { kind: "none" as const };
  return {
    slug: c.slug,
    name: c.name,
    description: c.description,
    icon: c.icon,
    categories: c.categories,
    auth: {
      kind: auth.kind,
      testable: !!auth.test,
      ...(auth.kind === "oauth2" ? { scopes: auth.scopes, pkce: auth.pkce } : {}),
      ...(auth.kind === "apiKey" ? { in: auth.in, name: auth.name } : {}),
      // The connect form's fields (fields with `secret: true` are typed as passwords).
      ...(auth.kind === "custom" ? { props: schemaOf(auth.props) } : {}),
      ...(auth.kind === "apiKey" || auth.kind === "basic" || auth.kind === "bearer"
        ? { props: schemaOf(credentialSchemas[auth.kind]) }
        : {}),
    },
    actions: c.actions.map((a) => ({
      name: a.name,
      title: a.title,
      description: a.description,
      props: schemaOf(a.props),
      output: schemaOf(a.output),
      sampleOutput: a.sampleOutput,
      /** `varies`: judged from the step's inputs (an HTTP request reads with GET or HEAD, and writes otherwise). */
      effect: typeof a.effect === "function" ? ("varies" as const) : a.effect,
    })),
    /**
     * Where the provider app must deliver its events (relative to
     * SWITCHYARD_PUBLIC_URL), for connectors that receive them.
     */
    ...(c.events ? { eventsPath: `/api/v1/events/${c.slug}` } : {}),
    triggers: (c.triggers ?? []).map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      kind: t.kind,
      props: schemaOf(t.props),
      output: schemaOf(t.output),
      sampleOutput: t.sampleOutput,
    })),
  };
}

export type ConnectorMetadata = ReturnType<typeof connectorMetadata>;
