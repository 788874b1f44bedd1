// An approval's editable fields and a task's form as the inbox edits them: typed inputs hold text
// (or a checkbox's state), and what is sent back is typed again by the field's type.

/** A checkpoint field as the inbox receives it (the engine's CheckpointField). */
export interface InboxField {
  key: string;
  label: string;
  type: "text" | "number" | "boolean" | "select";
  options?: string[];
  required: boolean;
  value?: unknown;
  description?: string;
}

export type FieldDraft = Record<string, string | boolean>;

/** The inputs' starting values: the prefilled value of each field. */
export function initialDraft(fields: InboxField[]): FieldDraft {
  return Object.fromEntries(
    fields.map((f) => [
      f.key,
      f.type === "boolean"
        ? f.value === true
        : f.value === undefined || f.value === null
          ? ""
          : typeof f.value === "string"
            ? f.value
            : JSON.stringify(f.value),
    ]),
  );
}

function typed(field: InboxField, raw: string | boolean): unknown {
  if (field.type === "boolean") return raw === true;
  const text = String(raw);
  if (field.type === "number") return text.trim() === "" ? undefined : Number(text);
  return text;
}

/**
 * What the decision carries: for a task every field that has a value; for an approval only the
 * fields changed from their prefilled value (an unchanged field is not an edit).
 */
export function fieldValues(fields: InboxField[], draft: FieldDraft, onlyChanged: boolean): Record<string, unknown> {
  const initial = initialDraft(fields);
  return Object.fromEntries(
    fields.flatMap((f) => {
      const raw = draft[f.key] ?? initial[f.key]!;
      if (onlyChanged && raw === initial[f.key]) return [];
      const value = typed(f, raw);
      return value === undefined || (value === "" && !f.required && !onlyChanged) ? [] : [[f.key, value]];
    }),
  );
}
