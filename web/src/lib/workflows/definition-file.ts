import { stringify } from "yaml";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";

export type DefinitionFormat = "json" | "yaml";

/** A definition as a file people can keep in git, edit and import again. */
export function definitionText(definition: WorkflowDefinition, format: DefinitionFormat): string {
  return format === "json" ? `${JSON.stringify(definition, null, 2)}\n` : stringify(definition, { lineWidth: 0 });
}

export const definitionFileName = (slug: string, format: DefinitionFormat): string =>
  `${slug}.${format === "json" ? "json" : "yaml"}`;

export const definitionMimeType = (format: DefinitionFormat): string =>
  format === "json" ? "application/json" : "application/yaml";

/** A workflow slug made from a name ("Announce a release!" → "announce-a-release"); "workflow" when nothing is left. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    // The accents NFKD split off ("é" → "e" + U+0301) go; the letters stay.
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || "workflow";
}
