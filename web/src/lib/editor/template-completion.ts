// Completion while typing a template: where the expression at the cursor starts, which paths
// continue it, and the field's text once one is taken.
import { completions, type Completion } from "./jsonata-check";
import type { PickableField } from "./data-picker";

export interface CompletionState {
  /** Where the text the completion replaces starts; it ends at the cursor. */
  from: number;
  options: Completion[];
}

/**
 * The completions at `cursor`: inside an open `{{` (no `}}` between it and the cursor), or
 * anywhere in an expression field (an `if`, braces optional). None when nothing continues the
 * path, or when the only option is exactly what is typed.
 */
export function completionAt(
  value: string,
  cursor: number,
  pickable: readonly PickableField[],
  { expression = false }: { expression?: boolean } = {},
): CompletionState | undefined {
  const before = value.slice(0, cursor);
  const open = before.lastIndexOf("{{");
  const inside = open >= 0 && !before.slice(open).includes("}}");
  if (!inside && (!expression || before.includes("}}"))) return undefined;
  const start = inside ? open + 2 : 0;
  const { from, options } = completions(before.slice(start), pickable);
  const typed = before.slice(start + from);
  // Only a path begun, or a template just opened: not an empty field, nor after `x > 3` or `[0]`.
  const begun = typed !== "" || (inside && before.slice(start).trim() === "");
  if (!begun || !options.length || (options.length === 1 && options[0]!.insert === typed)) return undefined;
  return { from: start + from, options };
}

/** The rest of the name the cursor is in, which a taken completion replaces too. */
const restOfName = (text: string) => /^[A-Za-z0-9_]*/.exec(text)![0].length;

/**
 * The field after taking `option`: an object's path ends with a dot, so the next segments show;
 * a value's path closes its template when nothing closes it yet.
 */
export function applyCompletion(
  value: string,
  cursor: number,
  state: CompletionState,
  option: Completion,
): { value: string; cursor: number } {
  const after = value.slice(cursor + restOfName(value.slice(cursor)));
  const inTemplate = value.lastIndexOf("{{", state.from) >= 0;
  const closed = /^[^{]*\}\}/.test(after);
  const tail = option.type === "object" ? "." : inTemplate && !closed ? " }}" : "";
  const inserted = option.insert + tail;
  return { value: value.slice(0, state.from) + inserted + after, cursor: state.from + inserted.length };
}
