// A checkpoint's form, shaped from the generic one: a field that does not apply to what the
// checkpoint is set to (a task's form on an approval, the Slack target without the Slack
// channel, auto-approval's condition when it asks) is left out unless it holds a value, and an
// editable field is chosen from the inputs of the steps that wait for it.
import type { StepDefinition } from "@switchyard/workflows/definition";
import { actionOf, type Catalog } from "./catalog";
import type { FormField, JsonSchema } from "./schema-form";
import { valueAt } from "./with-values";

type Values = Readonly<Record<string, unknown>>;

const isEmpty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);

/** Whether a field applies, given the checkpoint's other values. */
const APPLIES: Record<string, (values: Values) => boolean> = {
  editable: (v) => v.kind !== "task",
  form: (v) => v.kind === "task",
  slack: (v) => (Array.isArray(v.channels) ? v.channels : ["web"]).includes("slack"),
  autoApproveIf: (v) => v.mode === "auto",
  escalateTo: (v) => v.escalateAfter !== undefined,
};

/** What an approver may edit: `<step>.with.<input>` of each step that needs the checkpoint directly and runs once. */
export function editableTargets(steps: readonly StepDefinition[], checkpointId: string, catalog: Catalog): string[] {
  return steps
    .filter((s) => s.needs.includes(checkpointId) && !s.forEach)
    .flatMap((s) => {
      const props = (actionOf(catalog, s.uses)?.props as JsonSchema | undefined)?.properties ?? {};
      const inputs = new Set([...Object.keys(props), ...Object.keys(s.with)]);
      return [...inputs].filter((input) => editable(props[input], s.with[input])).map((i) => `${s.id}.with.${i}`);
    });
}

const SCALAR = new Set(["string", "number", "integer", "boolean"]);

/**
 * An approver edits text, a number, a yes/no or a choice: an input declared as one of those (or,
 * undeclared, holding one), not an object or a list.
 */
function editable(schema: JsonSchema | undefined, value: unknown): boolean {
  if (!schema) return value === undefined || (value !== null && typeof value !== "object");
  const branches = schema.anyOf ?? schema.oneOf ?? [schema];
  return branches.every((b) => [b.type ?? []].flat().every((t) => SCALAR.has(t) || t === "null") && !!b.type);
}

/** The fields a checkpoint's form shows, with the editable rows' target as a choice among `targets`. */
export function checkpointFields(
  fields: readonly FormField[],
  values: Values,
  targets: readonly string[],
): FormField[] {
  const shown = (f: FormField) => (APPLIES[f.path[0]!]?.(values) ?? true) || !isEmpty(valueAt(values, f.path));
  return fields.filter(shown).map((f) => {
    if (f.path[0] === "editable" && f.item) return { ...f, item: withTargets(f.item, values, targets) };
    return f.path[0] === "autoApproveIf" ? { ...f, expression: true } : f;
  });
}

/** The entry schema with `field` as a choice; targets named today but no longer downstream stay choosable, so nothing is hidden. */
function withTargets(item: JsonSchema, values: Values, targets: readonly string[]): JsonSchema {
  const named = (Array.isArray(values.editable) ? values.editable : [])
    .map((e) => (e as { field?: unknown })?.field)
    .filter((f): f is string => typeof f === "string");
  const choices = [...new Set([...targets, ...named])];
  const field = item.properties?.field;
  if (!field || !choices.length) return item;
  return { ...item, properties: { ...item.properties, field: { ...field, enum: choices } } };
}
