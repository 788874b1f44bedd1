// The approval page's form, back to typed values: a form sends only strings, and nothing at all for
// an unchecked box.
import type { CheckpointField, DecisionKind } from "@switchyard/workflows/engine";

/** Field inputs are named by their key with this prefix, so no field can pose as `decision` or `comment`. */
export const FIELD_PREFIX = "field:";

export interface FormDecision {
  decision: DecisionKind;
  edits?: Record<string, unknown>;
  values?: Record<string, unknown>;
  comment?: string;
}

/**
 * A field's value as sent: booleans from presence, numbers parsed (a non-number stays text, for the
 * checkpoint's rules to refuse by name), an empty optional field as absent.
 */
function typedValue(field: CheckpointField, body: URLSearchParams): unknown {
  const name = FIELD_PREFIX + field.key;
  if (field.type === "boolean") return body.has(name);
  const raw = body.get(name);
  if (raw === null || (raw === "" && (field.type === "number" || !field.required))) return undefined;
  if (field.type !== "number") return raw;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The decision the form sent; an approval's edits are only the fields changed from their prefilled value. */
export function formDecision(
  fields: CheckpointField[],
  kind: string,
  body: URLSearchParams,
): FormDecision | { error: string } {
  const decision = body.get("decision");
  const allowed = kind === "task" ? ["submit", "reject"] : ["approve", "reject"];
  if (!decision || !allowed.includes(decision)) return { error: `Choose ${allowed.join(" or ")}.` };
  const comment = body.get("comment")?.trim();
  const typed = fields
    .map((f) => [f, typedValue(f, body)] as const)
    .filter(([f, v]) => v !== undefined && (kind === "task" || !sameValue(v, f.value)));
  const byKey = Object.fromEntries(typed.map(([f, v]) => [f.key, v]));
  return {
    decision: decision as DecisionKind,
    ...(decision === "approve" && typed.length ? { edits: byKey } : {}),
    ...(decision === "submit" ? { values: byKey } : {}),
    ...(comment ? { comment } : {}),
  };
}
